import BailiffCore
@testable import BailiffStore
import BailiffAudit
import Testing

@Suite struct InventoryRepositoryTests {
    static let inventoryCSV = """
        record,id,name,reseller,customer,service,prefix,label,role,status,flags,abuse,references,from,until
        network,,,,,,192.0.2.0/24,AS64500 A,,,,,,,
        network,,,,,,2001:db8::/32,AS64500 v6,,,,,,,
        infrastructure,,,,,,192.0.2.1,mx1,mail-relay,,,,,,
        reseller,R1,Resell Ltd,,,,,,,,,abuse@resell.example,,,
        customer,C1,Alice,R1,,,,,,,bulk-mailer,alice@example.net;abuse@example.net,,,
        customer,C2,Bob,,,,,,,,,,,,
        service,S1,,,C1,,,vps-1,,active,,,whmcs.service_id=4711;proxmox.vmid=131,,
        service,S2,,,C2,,,vps-2,,suspended,,,,,
        assignment,,,,,S1,192.0.2.0/24,,,,,,,2023-01-01,
        assignment,,,,,S2,192.0.2.77/32,,,,,,,2023-01-01,2024-01-01
        assignment,,,,,S2,192.0.2.8/29,,,,,,,2023-01-01,2024-06-01
        assignment,,,,,S1,192.0.2.8/29,,,,,,,2024-06-01,
        assignment,,,,,S2,2001:db8:1::/48,,,,,,,2023-01-01,
        """

    static func document(_ csv: String) -> InventoryDocument {
        let (document, problems) = InventoryFileReader.read(Array(csv.utf8), format: .csv)
        precondition(problems.isEmpty, "\(problems)")
        return document
    }

    @Test(arguments: TestBackend.available)
    func importRoundTripsAndAttributes(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let repository = InventoryRepository(store)
            let (plan, revision) = try await repository.importInventory(Self.document(Self.inventoryCSV), mode: .history, now: 1_750_000_000, source: "test")
            #expect(plan.openings.count == 5)
            #expect(revision == 1)
            let snapshot = try await repository.loadSnapshot()
            #expect(snapshot.revision == 1)
            #expect(snapshot.customers.first { $0.id == "C1" }?.contacts[.abuse] == ["alice@example.net", "abuse@example.net"])
            #expect(snapshot.customers.first { $0.id == "C1" }?.flags == [.bulkMailer])
            #expect(snapshot.services.first { $0.id == "S1" }?.references == ["whmcs.service_id": "4711", "proxmox.vmid": "131"])
            #expect(snapshot.services.first { $0.id == "S2" }?.status == .suspended)
            #expect(snapshot.infrastructure.map(\.label) == ["mx1"])

            let table = AttributionTable(snapshot)
            func who(_ ip: String, _ at: String) -> String {
                switch table.attribute(try! IPAddress(parsing: ip), at: Timestamp.parse(at)!) {
                case .service(let hit): hit.service.id
                case .providerInfrastructure: "infra"
                case .unassigned: "unassigned"
                case .notOurs: "not ours"
                }
            }
            #expect(who("192.0.2.77", "2023-06-01") == "S2")
            #expect(who("192.0.2.77", "2024-06-01") == "S1")
            #expect(who("192.0.2.9", "2024-05-31T23:59:59Z") == "S2")
            #expect(who("192.0.2.9", "2024-06-01T00:00:00Z") == "S1")
            #expect(who("192.0.2.1", "2024-06-01") == "infra")
            #expect(who("2001:db8:1::5", "2024-06-01") == "S2")
            #expect(who("2001:db8:2::5", "2024-06-01") == "unassigned")
            #expect(who("203.0.113.9", "2024-06-01") == "not ours")
        }
    }

    @Test(arguments: TestBackend.available)
    func reimportingTheSameFileChangesNothing(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let repository = InventoryRepository(store)
            try await repository.importInventory(Self.document(Self.inventoryCSV), mode: .history, now: 1_750_000_000, source: "first")
            let (plan, revision) = try await repository.importInventory(Self.document(Self.inventoryCSV), mode: .history, now: 1_750_000_100, source: "again")
            #expect(plan.isEmpty)
            #expect(revision == 1)
            #expect(try await repository.revision() == 1)
            #expect(try await repository.importHistory().count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func aBadFileLeavesTheDatabaseAsItWas(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let repository = InventoryRepository(store)
            try await repository.importInventory(Self.document(Self.inventoryCSV), mode: .history, now: 1_750_000_000, source: "first")
            let before = try await repository.loadSnapshot()
            // Good rows first, then a prefix held by two services at one instant and one outside our space.
            let bad = """
                record,id,name,customer,service,prefix,label,from
                customer,C3,Carol,,,,,
                service,S3,,C3,,,vps-3,
                assignment,,,,S3,192.0.2.128/25,,2025-01-01
                assignment,,,,S3,192.0.2.0/24,,2025-01-01
                assignment,,,,S3,198.51.100.0/24,,2025-01-01
                """
            await #expect {
                try await repository.importInventory(Self.document(bad), mode: .history, now: 1_750_000_000, source: "bad")
            } throws: { error in
                (error as? InventoryImportError)?.problems.map(\.line) == [5, 6]
            }
            #expect(try await repository.loadSnapshot() == before)
        }
    }

    @Test(arguments: TestBackend.available)
    func snapshotImportReassignsAtTheImportInstant(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let repository = InventoryRepository(store)
            try await repository.importInventory(Self.document(Self.inventoryCSV), mode: .history, now: 1_750_000_000, source: "history")
            // Now: S2 takes the /24 from S1, the /29 and the IPv6 /48 are gone, and S2 gets a new /30.
            let now = Timestamp.parse("2025-07-01")!
            let snapshot = """
                record,service,prefix
                assignment,S2,192.0.2.0/24
                assignment,S2,192.0.2.252/30
                """
            let (plan, _) = try await repository.importInventory(Self.document(snapshot), mode: .snapshot, now: now, source: "snapshot")
            #expect(plan.closings.count == 3)
            #expect(plan.openings.count == 2)
            let table = AttributionTable(try await repository.loadSnapshot())
            func who(_ ip: String, _ at: Int64) -> String? {
                if case .service(let hit) = table.attribute(try! IPAddress(parsing: ip), at: at) { return hit.service.id }
                return nil
            }
            #expect(who("192.0.2.200", now - 1) == "S1")
            #expect(who("192.0.2.200", now) == "S2")
            #expect(who("192.0.2.9", now - 1) == "S1")
            #expect(who("192.0.2.9", now) == "S2")  // the /29 closed: the /24's new holder
            #expect(who("2001:db8:1::1", now) == nil)
            #expect(who("192.0.2.253", now) == "S2")
        }
    }

    /// `whois` reads only the rows that can answer for one address; its answers must be the full table's.
    @Test(arguments: TestBackend.available)
    func partialSnapshotAnswersLikeTheFullTable(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let repository = InventoryRepository(store)
            let now = Timestamp.parse("2025-06-01")!
            let demo = DemoInventory.generate(size: .init(resellers: 2, customers: 20, services: 200), now: now)
            try await repository.importInventory(demo, mode: .history, now: now, source: "demo")
            let full = AttributionTable(try await repository.loadSnapshot())
            var random = SeededGenerator(seed: 5)
            let addresses = try ["198.51.100.10", "203.0.113.45", "203.0.113.46", "198.18.0.25", "8.8.8.8", "2001:db8:100::1", "2001:db8:1000::9"]
                .map { try IPAddress(parsing: $0) }
                + (0..<40).map { _ in IPAddress.v4(IPv4Address(0xC612_0100 + UInt32.random(in: 0..<260, using: &random))) }
            for address in addresses {
                let partial = AttributionTable(try await repository.loadSnapshot(covering: address))
                for instant in [Timestamp.parse("2022-06-01")!, Timestamp.parse("2023-06-01")!, DemoInventory.reassignmentInstant - 1, DemoInventory.reassignmentInstant, now] {
                    #expect(partial.attribute(address, at: instant) == full.attribute(address, at: instant), "\(address) at \(instant)")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func migrationsRevertCleanly(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await store.revertAllMigrations()
            try await store.migrate()
            #expect(try await InventoryRepository(store).revision() == 0)
        }
    }
}

@Suite struct EvidenceRepositoryTests {
    @Test(arguments: TestBackend.available)
    func messagesAreStoredOnceAndDeliveriesPerRecipient(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let evidence = EvidenceRepository(store)
            let message = Array("Message-ID: <x@y.example>\r\nSubject: hi\r\n\r\nbody\r\n".utf8)
            let envelope = Envelope(channel: .lmtp, mailFrom: "a@b.example", recipients: ["abuse@p.example", "abuse+C1X9@p.example"], clientAddress: "127.0.0.1", receivedAt: 100)
            let first = try await evidence.store(message, envelope: envelope)
            #expect(first.isNewMessage && first.newDeliveries.count == 2)
            #expect(first.sha256.count == 64)
            let again = try await evidence.store(message, envelope: envelope)
            #expect(!again.isNewMessage && again.newDeliveries.isEmpty)
            var other = envelope
            other.recipients = ["postmaster@p.example"]
            other.channel = .pipe
            let third = try await evidence.store(message, envelope: other)
            #expect(third.newDeliveries == ["postmaster@p.example"])
            #expect(try await evidence.counts() == (messages: 1, deliveries: 3))
            #expect(try await evidence.message(sha256: first.sha256) == message)
            #expect(try await evidence.deliveries(sha256: first.sha256).map(\.channel).sorted() == ["lmtp", "lmtp", "pipe"])
            // The case address's token is kept with its delivery; plain addresses have none.
            #expect(Set(try await evidence.deliveries(sha256: first.sha256).map(\.caseToken)) == [nil, "c1x9"])
            // Binary content survives byte for byte.
            let binary = (0...255).map(UInt8.init) + [0, 0, 13, 10]
            let stored = try await evidence.store(binary, envelope: envelope)
            #expect(try await evidence.message(sha256: stored.sha256) == binary)
        }
    }

    /// Parallel LMTP sessions store at once: none may fail with a lock error or lose a delivery.
    @Test(arguments: TestBackend.available)
    func concurrentDeliveriesAllLand(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let evidence = EvidenceRepository(store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let message = Array("Subject: report \(index % 20)\r\n\r\nbody\r\n".utf8)  // half are repeats
                        let envelope = Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@p.example", "abuse+r\(index)x@p.example"], clientAddress: nil, receivedAt: 1)
                        _ = try await evidence.store(message, envelope: envelope)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await evidence.counts() == (messages: 20, deliveries: 60))
        }
    }

    /// The 250 of LMTP is only as good as the commit: on SQLite every connection must sync fully.
    @Test func sqliteCommitsWithFullSynchronous() async throws {
        try await TestBackend.sqlite.withStore { store in
            for _ in 0..<4 {
                let row = try await store.sql.raw("PRAGMA synchronous").first()
                #expect(try row?.decode(column: "synchronous", as: Int.self) == 2)
                let mode = try await store.sql.raw("PRAGMA journal_mode").first()
                #expect(try mode?.decode(column: "journal_mode", as: String.self) == "wal")
            }
        }
    }
}

@Suite struct ReportClaimTests {
    /// Two nodes claiming at once get disjoint sets, together every pending message; a stale
    /// claim is taken over.
    @Test(arguments: TestBackend.available)
    func claimsAreDisjointAndStaleOnesAreTakenOver(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let evidence = EvidenceRepository(store)
            for index in 0..<30 {
                _ = try await evidence.store(Array("Subject: \(index)\r\n\r\nx\r\n".utf8), envelope: Envelope(channel: .http, mailFrom: "", recipients: [], clientAddress: nil, receivedAt: Int64(index)))
            }
            let reports = ReportRepository(store)
            async let first = reports.claimPending(limit: 20, now: 1_000)
            async let second = reports.claimPending(limit: 20, now: 1_000)
            let (a, b) = try await (first, second)
            #expect(Set(a).isDisjoint(with: Set(b)))
            #expect(a.count + b.count == 30)
            #expect(try await reports.claimPending(limit: 20, now: 1_100).isEmpty)
            #expect(try await reports.claimPending(limit: 50, now: 1_000 + 301).count == 30)
        }
    }
}

@Suite struct ReportRecordTests {
    /// The processor's batch: claimed with their bytes, recorded in one transaction, and
    /// recording again replaces a message's events rather than adding to them.
    @Test(arguments: TestBackend.available)
    func batchesAreClaimedWithTheirBytesAndRecordedTogether(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let evidence = EvidenceRepository(store)
            var stored: [String: [UInt8]] = [:]
            for index in 0..<5 {
                let bytes = Array("Subject: \(index)\r\n\r\nbody \(index)\r\n".utf8)
                let result = try await evidence.store(bytes, envelope: Envelope(channel: .http, mailFrom: "", recipients: [], clientAddress: nil, receivedAt: 10 + Int64(index)))
                stored[result.sha256] = bytes
            }
            let reports = ReportRepository(store)
            let claimed = try await reports.claimPendingMessages(limit: 10, now: 1_000)
            #expect(claimed.count == 5)
            for message in claimed { #expect(stored[message.sha256] == message.content) }
            #expect(claimed.map(\.firstReceivedAt) == [10, 11, 12, 13, 14])

            func event(_ sha256: String, _ position: Int, _ ip: String) -> ReportRepository.StoredEvent {
                .init(sha256: sha256, position: position, ip: ip, port: 25, url: nil, category: "spam", occurredAt: 5, timeSource: "report",
                      reporter: "r@example", excerpt: nil, attribution: "not-ours", serviceID: nil, customerID: nil, resellerID: nil, assignmentPrefix: nil)
            }
            let results = claimed.enumerated().map { index, message in
                ReportRepository.ParseResult(
                    sha256: message.sha256, status: index == 4 ? "quarantined" : "parsed", format: index == 4 ? nil : "arf",
                    reason: index == 4 ? "no report found" : nil, events: (0..<index).map { event(message.sha256, $0, "192.0.2.\($0)") })
            }
            try await reports.record(results, at: 2_000)
            #expect(try await reports.count(status: "parsed") == 4)
            #expect(try await reports.count(status: "quarantined") == 1)
            #expect(try await reports.events(sha256: claimed[3].sha256).map(\.ip) == ["192.0.2.0", "192.0.2.1", "192.0.2.2"])
            // Recording again replaces.
            try await reports.record([ReportRepository.ParseResult(sha256: claimed[3].sha256, status: "parsed", format: "arf", reason: nil,
                                                                   events: [event(claimed[3].sha256, 0, "198.51.100.7")])], at: 2_001)
            #expect(try await reports.events(sha256: claimed[3].sha256).map(\.ip) == ["198.51.100.7"])
            #expect(try await reports.events(sha256: claimed[2].sha256).count == 2)
            #expect(try await reports.status(sha256: claimed[4].sha256)?.reason == "no report found")
        }
    }
}

@Suite struct GroupCommitTests {
    /// Requests that arrive together share a batch; each caller gets its own answer; a request
    /// that fails its batch is retried alone and fails alone.
    @Test func concurrentRequestsShareBatchesAndFailAlone() async throws {
        let commits = GroupCommit<Int, Int>(maximumBatch: 64)
        let batches = BatchLog()
        let write: GroupCommit<Int, Int>.WriteBatch = { batch in
            await batches.append(batch.count)
            try await Task.sleep(for: .milliseconds(5))  // a commit takes time; others queue meanwhile
            if batch.contains(13) { throw StoreError("thirteen") }
            return batch.map { $0 * 2 }
        }
        let answers = await withTaskGroup(of: (Int, Int?).self) { group in
            for value in 0..<100 {
                group.addTask { (value, try? await commits.submit(value, write: write)) }
            }
            var answers: [Int: Int?] = [:]
            for await (value, answer) in group { answers[value] = answer }
            return answers
        }
        #expect(answers.count == 100)
        for value in 0..<100 { #expect(answers[value]! == (value == 13 ? nil : value * 2)) }
        let sizes = await batches.sizes
        #expect(sizes.contains { $0 > 1 }, "concurrent requests should have shared a commit: \(sizes)")
        #expect(sizes.allSatisfy { $0 <= 64 })
    }
}

private actor BatchLog {
    var sizes: [Int] = []
    func append(_ size: Int) { sizes.append(size) }
}

@Suite struct AuditLogTests {
    /// Appends through the store, then tampers behind its back in three ways; `verify` catches
    /// each and points at the first broken link.
    @Test(arguments: TestBackend.available)
    func verifyCatchesAnEditedRowADeletedTailAndARecomputedChain(backend: TestBackend) async throws {
        try await backend.withStore { store in
            for index in 1...30 {
                try await store.writeTransaction { sql in
                    try await AuditLog.append(actor: "test", action: "thing.done", subject: "thing:\(index)", details: AuditLog.details(["n": "\(index)"]), now: 1_000 + Int64(index), on: sql)
                }
            }
            let head = try #require(try await AuditLog.head(store))
            #expect(head.sequence == 30)
            let anchors = [AuditAnchor(head: try await AuditLog.entries(store, from: 20, limit: 1)[0], anchoredAt: 2_000), AuditAnchor(head: head, anchoredAt: 2_001)]
            #expect(try await AuditLog.verify(store, anchors: anchors, pageSize: 7).isIntact)

            // 1. An edited row.
            try await store.sql.raw("UPDATE audit_log SET subject = 'thing:999' WHERE sequence = 12").run()
            guard case .broken(let edited) = try await AuditLog.verify(store, anchors: anchors, pageSize: 7) else { Issue.record("edit not caught"); return }
            #expect(edited.kind == .editedEntry)
            #expect(edited.sequence == 12, "\(edited)")
            try await store.sql.raw("UPDATE audit_log SET subject = 'thing:12' WHERE sequence = 12").run()
            #expect(try await AuditLog.verify(store, anchors: anchors).isIntact)

            // 2. A recomputed chain: edit 25 and rehash everything from there, as a forger would.
            let all = try await AuditLog.entries(store, from: 1, limit: 100)
            var previous = all[23]
            for var entry in all[24...] {
                if entry.sequence == 25 { entry.subject = "thing:forged" }
                entry.previousHash = previous.hash
                entry.hash = AuditChain.hash(of: entry)
                try await store.sql.raw("UPDATE audit_log SET subject = \(bind: entry.subject), previous_hash = \(bind: entry.previousHash), hash = \(bind: entry.hash) WHERE sequence = \(bind: entry.sequence)").run()
                previous = entry
            }
            guard case .broken(let recomputed) = try await AuditLog.verify(store, anchors: anchors) else { Issue.record("recomputed chain not caught"); return }
            #expect(recomputed.kind == .anchorMismatch && recomputed.sequence == 30 && recomputed.firstSuspectSequence == 21, "\(recomputed)")
            #expect(try await AuditLog.verify(store, anchors: []).isIntact)  // without anchors a forger wins: anchors matter

            // 3. A deleted tail.
            try await store.sql.raw("DELETE FROM audit_log WHERE sequence > 22").run()
            guard case .broken(let tail) = try await AuditLog.verify(store, anchors: anchors) else { Issue.record("deleted tail not caught"); return }
            #expect(tail.kind == .deletedTail, "\(tail)")
        }
    }
}
