import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import SQLKit
import Testing

/// SQLite always; PostgreSQL when `BAILIFF_TEST_POSTGRES_URL` is set, each test on its own database.
enum CaseBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    static var available: [CaseBackend] {
        (ProcessInfo.processInfo.environment["BAILIFF_TEST_POSTGRES_URL"] ?? "").isEmpty ? [.sqlite] : [.sqlite, .postgres]
    }
    var testDescription: String { rawValue }

    /// A fresh migrated database; `body` gets a way to open more stores on it (more nodes).
    func withDatabase(_ body: (@escaping @Sendable () async throws -> Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let path = ServerTests.temporarySQLitePath()
            let first = try await Store(.sqlite(path: path))
            try await first.migrate()
            await first.shutdown()
            try await body { try await Store(.sqlite(path: path)) }
        case .postgres:
            let base = ProcessInfo.processInfo.environment["BAILIFF_TEST_POSTGRES_URL"]!
            let name = "bailiff_cases_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
            let admin = try await Store(.postgres(url: base))
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            var components = URLComponents(string: base)!
            components.path = "/" + name
            let url = components.string!
            var failure: (any Error)?
            do {
                let first = try await Store(.postgres(url: url))
                try await first.migrate()
                await first.shutdown()
                try await body { try await Store(.postgres(url: url)) }
            } catch { failure = error }
            try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
            await admin.shutdown()
            if let failure { throw failure }
        }
    }
}

@Suite struct CaseServiceTests {
    static let t0 = Timestamp.parse("2026-03-02T10:00:00Z")!

    static func arf(from reporter: String, ip: String, id: Int) -> [UInt8] {
        Array("""
            From: \(reporter)\r
            Subject: complaint \(id)\r
            Content-Type: multipart/report; report-type=feedback-report; boundary="b"\r
            \r
            --b\r
            Content-Type: message/feedback-report\r
            \r
            Feedback-Type: abuse\r
            User-Agent: FBL/2.0\r
            Version: 1\r
            Source-IP: \(ip)\r
            Arrival-Date: Mon, 02 Mar 2026 09:00:00 +0000\r
            \r
            --b--\r

            """.utf8)
    }

    /// Stores and parses reports, then lets the case service take them.
    static func ingest(_ store: Store, _ messages: [[UInt8]]) async throws {
        let evidence = EvidenceRepository(store)
        for message in messages {
            _ = try await evidence.store(message, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: t0))
        }
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        _ = try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "test")).processPending()
    }

    static func prepared(_ store: Store) async throws -> CaseService {
        try await InventoryRepository(store).importInventory(ServerTests.document(ServerTests.inventory), mode: .history, now: t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        return CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "test"))
    }

    /// An open scanning case at rung 0 written straight into the database (many cases at once,
    /// without going through intake), its deadline `deadline`.
    static func insertOpenScanningCase(_ store: Store, token: String, serviceID: String, deadline: Int64?) async throws {
        try await store.sql.raw("""
            INSERT INTO cases (token, open_key, service_id, customer_id, category, status, rung, deadline, staff_confirmed, first_event_at,
                               policy_version, clause, opened_at, updated_at)
            VALUES (\(bind: token), \(bind: "\(serviceID)|scanning"), \(bind: serviceID), 'C1', 'scanning', 'awaiting-customer', 0,
                    \(bind: deadline), 0, \(bind: t0), '2026.1', 'scanning', \(bind: t0), \(bind: t0))
            """).run()
    }

    /// A trusted spam report: notice with port 25 closed, then (deadline passed) suspension, then
    /// termination — each step cited with clause and policy version, each action an intent once.
    @Test(arguments: CaseBackend.available)
    func aTrustedSpamCaseClimbsItsLadderOverTime(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let store = try await open()
            let service = try await Self.prepared(store)
            try await Self.ingest(store, [Self.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1),
                                          Self.arf(from: "feeds@abuse.ch", ip: "192.0.2.11", id: 2)])
            #expect(try await service.assignPending(now: Self.t0) == 2)
            #expect(try await service.assignPending(now: Self.t0) == 0)
            let cases = CaseRepository(store)
            let opened = try await cases.list()
            #expect(opened.count == 1)  // one case per (service, category)
            let id = try #require(opened.first?.id)
            var record = try #require(try await cases.find(id: id))
            #expect(record.status == "awaiting-customer" && record.clause == "spam" && record.policyVersion == "2026.1")
            #expect(record.deadline == Self.t0 + 48 * 3_600)
            #expect(try await cases.intents(caseID: id).map(\.action) == ["close-port-25", "notify"])

            #expect(try await service.runDue(now: Self.t0 + 47 * 3_600) == 0)
            #expect(try await service.runDue(now: Self.t0 + 48 * 3_600) == 1)
            record = try #require(try await cases.find(id: id))
            #expect(record.status == "suspended")
            #expect(try await service.runDue(now: Self.t0 + 48 * 3_600) == 0)  // decided once
            #expect(try await service.runDue(now: Self.t0 + (48 + 168) * 3_600) == 1)
            record = try #require(try await cases.find(id: id))
            #expect(record.status == "terminated" && record.closedAt != nil)
            let intents = try await cases.intents(caseID: id)
            #expect(Set(intents.map(\.action)) == ["notify", "close-port-25", "suspend", "terminate"])
            #expect(intents.allSatisfy { $0.clause == "spam" && $0.policyVersion == "2026.1" && $0.reason.contains("abuse.ch") })
            let timeline = try await cases.timeline(caseID: id)
            #expect(timeline.map(\.kind) == ["opened", "decision", "decision", "decision"])
            #expect(timeline[1].text.contains("[clause spam, policy 2026.1]"))
            // A new report after termination opens a new case; the customer's standing counts the old one.
            #expect(try await cases.standing(customerID: "C1", since: Self.t0 - 86_400) == ["spam": 1])
            await store.shutdown()
        }
    }

    /// An anonymous report about a repeat offender: notice only, suspension held for staff; staff
    /// confirm and the suspension goes ahead. A note and a link land on the timeline.
    @Test func aLoneAnonymousReportWaitsForStaff() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let service = try await Self.prepared(store)
            try await Self.ingest(store, [Self.arf(from: "someone@mail.example", ip: "192.0.2.10", id: 1)])
            try await service.assignPending(now: Self.t0)
            let cases = CaseRepository(store)
            let first = try #require(try await cases.list().first)
            #expect(first.status == "awaiting-customer")  // a notice needs no trust
            try await service.override(caseID: first.id, status: .resolved, staff: "alice", reason: "customer removed the mailer", now: Self.t0 + 3_600)

            try await Self.ingest(store, [Self.arf(from: "someone@mail.example", ip: "192.0.2.12", id: 7)])
            try await service.assignPending(now: Self.t0 + 7_200)
            let second = try #require(try await cases.list().first)
            #expect(second.id != first.id)
            #expect(second.status == "awaiting-confirmation")
            #expect(try await cases.intents(caseID: second.id).map(\.action).sorted() == ["notify", "request-staff-review"])
            try await service.confirm(caseID: second.id, staff: "alice", reason: "the logs confirm the spam run", now: Self.t0 + 9_000)
            #expect(try await cases.find(id: second.id)?.status == "suspended")
            #expect(try await cases.intents(caseID: second.id).contains { $0.action == "suspend" })
            try await service.addNote(caseID: second.id, staff: "bob", text: "customer called", now: Self.t0 + 9_100)
            try await service.link(second.id, to: first.id, staff: "bob", now: Self.t0 + 9_200)
            #expect(try await cases.find(id: second.id)?.linkedTo == first.id)
            await #expect(throws: StoreError.self) { try await service.resolve(caseID: second.id, staff: "bob", statement: "hacked", now: Self.t0 + 9_300) }
            try await service.resolve(caseID: second.id, staff: "bob", statement: "customer removed the compromised WordPress and rotated passwords", now: Self.t0 + 9_300)
            #expect(try await cases.find(id: second.id)?.status == "resolved")
            #expect(try await cases.intents(caseID: second.id).contains { $0.action == "unsuspend" })
            let kinds = try await cases.timeline(caseID: second.id).map(\.kind)
            #expect(kinds == ["opened", "decision", "confirmation", "decision", "note", "link", "decision"])
            await store.shutdown()
        }
    }

    /// Two nodes on one database decide each due case exactly once.
    @Test(arguments: CaseBackend.available)
    func twoNodesTakeEachDueDecisionOnce(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let setup = try await open()
            _ = try await Self.prepared(setup)
            for index in 0..<40 {
                try await Self.insertOpenScanningCase(setup, token: "tok\(index)x", serviceID: "S\(index)", deadline: Self.t0)
            }
            await setup.shutdown()
            let nodeA = try await open(), nodeB = try await open()
            let policiesA = PolicyCache(store: nodeA, maximumAgeSeconds: 0), policiesB = PolicyCache(store: nodeB, maximumAgeSeconds: 0)
            let a = CaseService(store: nodeA, policies: { try await policiesA.history() }, logger: Logger(label: "a"))
            let b = CaseService(store: nodeB, policies: { try await policiesB.history() }, logger: Logger(label: "b"))
            async let fromA = a.runDue(now: Self.t0 + 3_600, limit: 5)
            async let fromB = b.runDue(now: Self.t0 + 3_600, limit: 5)
            var decided = try await fromA + fromB
            while case let more = try await a.runDue(now: Self.t0 + 3_600, limit: 7) + b.runDue(now: Self.t0 + 3_600, limit: 7), more > 0 { decided += more }
            #expect(decided == 40)
            let perCase = try await nodeA.sql.raw("SELECT case_id, COUNT(*) AS n FROM case_timeline WHERE kind = 'decision' GROUP BY case_id").all()
            #expect(perCase.count == 40)
            #expect(try perCase.allSatisfy { try $0.decode(column: "n", as: Int.self) == 1 })
            await nodeA.shutdown()
            await nodeB.shutdown()
        }
    }
}

@Suite struct CorrespondenceTests {
    /// A reply sent to the case address joins the case; a bounce quoting a notice's Message-ID
    /// is matched to its case, not discarded; a made-up token is read as an ordinary report.
    @Test func repliesAndBouncesJoinTheirCase() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let service = try await CaseServiceTests.prepared(store)
            try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1)])
            try await service.assignPending(now: CaseServiceTests.t0)
            let cases = CaseRepository(store)
            let record = try #require(try await cases.list().first)
            let evidence = EvidenceRepository(store)
            let t = CaseServiceTests.t0 + 600
            // A reply, to abuse+<token>@, quoting the complaint (with its IP) — no new case.
            let reply = Array("From: Alice <alice@customer.example>\r\nSubject: Re: abuse report\r\n\r\nWe removed the mailer on 192.0.2.10; spam from 192.0.2.10 stopped.\r\n".utf8)
            _ = try await evidence.store(reply, envelope: Envelope(channel: .lmtp, mailFrom: "alice@customer.example",
                                                                   recipients: ["abuse+\(record.token)@provider.example"], clientAddress: nil, receivedAt: t))
            // A bounce of a notice, to the plain abuse address, found by In-Reply-To.
            let noticeID = CaseAddress.noticeMessageID(token: record.token, unique: "n1", host: "bailiff.provider.example")
            let bounce = Array("""
                From: MAILER-DAEMON@mx.customer.example\r
                Subject: Undelivered Mail Returned to Sender\r
                In-Reply-To: \(noticeID)\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="d"\r
                \r
                --d\r
                Content-Type: text/plain\r
                \r
                The mail could not be delivered.\r
                --d\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.customer.example\r
                \r
                Final-Recipient: rfc822; alice@customer.example\r
                Action: failed\r
                Status: 5.1.1\r
                --d--\r

                """.utf8)
            _ = try await evidence.store(bounce, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: t))
            // A made-up token: an ordinary report.
            let stranger = Array("From: x@y.example\r\nSubject: spam\r\n\r\nspam from 192.0.2.11\r\n".utf8)
            let strangerStored = try await evidence.store(stranger, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse+nosuchcase@provider.example"], clientAddress: nil, receivedAt: t))
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            #expect(try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "t")).processPending() == 3)
            try await service.assignPending(now: t + 60)

            let kinds = try await cases.timeline(caseID: record.id).map(\.kind)
            #expect(kinds.contains("reply") && kinds.contains("bounce"), "\(kinds)")
            let timeline = try await cases.timeline(caseID: record.id)
            #expect(timeline.first { $0.kind == "reply" }?.text.contains("reply from Alice <alice@customer.example>: Re: abuse report") == true)
            #expect(timeline.first { $0.kind == "bounce" }?.text.contains("bounced") == true)
            // The reply's quoted IP did not become an event, so the spam case got no new event from it…
            #expect(try await cases.list().count == 1)
            // …and the stranger's report was parsed as a report and joined the open spam case as an event.
            #expect(try await ReportRepository(store).status(sha256: strangerStored.sha256)?.status == "parsed")
            await store.shutdown()
        }
    }
}

@Suite struct RetentionAndBillingTests {
    /// Evidence of a closed spam case goes after its retention; a child-abuse case's never does;
    /// the removal is audited and the bundle export refuses removed evidence. Suspensions are
    /// exported for billing as non-refundable, and delisting is charged from the time log.
    @Test func retentionRemovesOnlyWhatThePolicyAllowsAndBillingSeesEnforcement() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let service = try await CaseServiceTests.prepared(store)
            let t0 = CaseServiceTests.t0
            try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1)])
            try await service.assignPending(now: t0)
            let cases = CaseRepository(store)
            let spam = try #require(try await cases.list().first)
            try await service.runDue(now: t0 + 48 * 3_600)  // → suspended
            try await service.resolve(caseID: spam.id, staff: "alice", statement: "customer removed the spam script and changed passwords", now: t0 + 50 * 3_600)

            let policy = DefaultPolicy.document
            let retention = EvidenceRetention(store)
            #expect(try await retention.removeExpired(policy: policy, now: t0 + 179 * 86_400).isEmpty)  // spam: 180 days
            // A legal hold set by staff keeps it past its retention, until released.
            try await service.setLegalHold(caseID: spam.id, true, staff: "alice", reason: "court order pending", now: t0 + 60 * 3_600)
            #expect(try await retention.removeExpired(policy: policy, now: t0 + 181 * 86_400).isEmpty)
            try await service.setLegalHold(caseID: spam.id, false, staff: "alice", reason: "order lifted", now: t0 + 61 * 3_600)
            let removed = try await retention.removeExpired(policy: policy, now: t0 + 181 * 86_400)
            #expect(removed.count == 1)
            #expect(try await EvidenceRepository(store).message(sha256: removed[0])?.isEmpty == true)
            #expect(try await AuditLog.entries(store, from: 1, limit: 1_000).contains { $0.action == "evidence.removed" && $0.subject == "message:\(removed[0])" })
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)").path
            await #expect(throws: StoreError.self) { try await retention.exportBundle(caseID: spam.id, to: directory, by: "alice", now: t0) }

            let lines = try await ChargeRepository(store).export(since: t0)
            #expect(lines.map(\.kind) == ["suspension"])
            #expect(lines[0].nonRefundable && lines[0].amountMinor == 0 && lines[0].description.contains("clause spam"))
            await store.shutdown()
        }
    }

    @Test func childAbuseEvidenceIsHeldAndExportsAsAHashedBundle() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let service = try await CaseServiceTests.prepared(store)
            let t0 = CaseServiceTests.t0
            let report = Array("From: hotline@inhope.example\r\nSubject: child sexual abuse material\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n\r\nChild sexual abuse material is hosted at 192.0.2.20.\r\n".utf8)
            try await CaseServiceTests.ingest(store, [report])
            try await service.assignPending(now: t0)
            let record = try #require(try await CaseRepository(store).list(category: "child-abuse").first)
            // Held for staff (an unknown hotline is low trust), evidence kept whatever the date.
            #expect(record.status == "awaiting-confirmation")
            try await service.override(caseID: record.id, status: .resolved, staff: "alice", reason: "police informed, service terminated by hand", now: t0 + 3_600)
            #expect(try await EvidenceRetention(store).removeExpired(policy: DefaultPolicy.document, now: t0 + 3_650 * 86_400).isEmpty)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)").path
            let digest = try await EvidenceRetention(store).exportBundle(caseID: record.id, to: directory, by: "alice", now: t0 + 7_200)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(files.count == 3 && files.contains("SHA256SUMS") && files.contains { $0.hasSuffix(".eml") })
            let sums = try String(contentsOfFile: directory + "/SHA256SUMS", encoding: .utf8)
            #expect(sums.split(separator: "\n").count == 2 && digest.count == 64)
            #expect(try await CaseRepository(store).timeline(caseID: record.id).last?.text.contains(digest) == true)
            await store.shutdown()
        }
    }
}

import Prometheus
import VaporTesting

@Suite struct CaseAPITests {
    static let token = "staff-token-0123456789abcdef"

    /// The staff API: refused without the token; lists and shows cases; a note, a time entry and
    /// an override go through the case service onto the timeline; bad input gets a reason.
    @Test func theStaffAPIShowsAndChangesCases() async throws {
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            let service = try await CaseServiceTests.prepared(store)
            try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 1)])
            try await service.assignPending(now: CaseServiceTests.t0)
            var configuration = BailiffConfiguration()
            configuration.apiStaffToken = Self.token
            let registry = PrometheusCollectorRegistry()
            let attribution = try await AttributionService(store: store, registry: registry, logger: Logger(label: "test"))
            let app = try await BailiffApplication.make(.init(configuration: configuration, store: store, attribution: attribution, registry: registry), environment: .testing)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: Self.token)
            do {
                try await app.testing().test(.GET, "api/v1/cases") { response in
                    #expect(response.status == .unauthorized)
                }
                try await app.testing().test(.GET, "api/v1/cases?category=spam", headers: headers) { response in
                    #expect(response.status == .ok)
                    struct Page: Decodable { var items: [CaseAPIController.CaseJSON]; var total: Int }
                    let page = try response.content.decode(Page.self)
                    #expect(page.total == 1 && page.items.count == 1 && page.items[0].clause == "spam" && page.items[0].customer == "C1")
                }
                let id = try #require(try await CaseRepository(store).list().first?.id)
                var json = headers
                json.contentType = .json
                try await app.testing().test(.POST, "api/v1/cases/\(id)/notes", headers: json, body: ByteBuffer(string: #"{"by": "alice", "text": "called the customer"}"#)) { response in
                    #expect(response.status == .ok)
                }
                try await app.testing().test(.POST, "api/v1/cases/\(id)/time", headers: json, body: ByteBuffer(string: #"{"by": "alice", "minutes": 25}"#)) { response in
                    #expect(response.status == .ok)
                }
                try await app.testing().test(.POST, "api/v1/cases/\(id)/override", headers: json, body: ByteBuffer(string: #"{"by": "alice", "status": "gone", "reason": "x y z"}"#)) { response in
                    #expect(response.status == .unprocessableEntity)
                    #expect(response.body.string.contains("status must be one of"))
                }
                try await app.testing().test(.POST, "api/v1/cases/\(id)/override", headers: json, body: ByteBuffer(string: #"{"by": " ", "status": "resolved", "reason": "x y z"}"#)) { response in
                    #expect(response.status == .badRequest)
                }
                try await app.testing().test(.POST, "api/v1/cases/\(id)/override", headers: json, body: ByteBuffer(string: #"{"by": "alice", "status": "resolved", "reason": "customer fixed the mail server"}"#)) { response in
                    #expect(response.status == .ok)
                    let updated = try response.content.decode(CaseAPIController.CaseJSON.self)
                    #expect(updated.status == "resolved")
                }
                try await app.testing().test(.GET, "api/v1/cases/\(id)", headers: headers) { response in
                    let detail = try response.content.decode(CaseAPIController.CaseDetail.self)
                    #expect(detail.timeline.map(\.kind) == ["opened", "decision", "note", "time", "decision"])
                    #expect(detail.intents.map(\.action).sorted() == ["close-port-25", "notify"])
                }
                try await app.testing().test(.GET, "api/v1/cases/999", headers: headers) { response in
                    #expect(response.status == .notFound)
                }
                try await app.testing().test(.GET, "api/v1/standing?customer=C1", headers: headers) { response in
                    let standing = try response.content.decode(CaseAPIController.StandingJSON.self)
                    #expect(standing.violations == ["spam": 1])
                }
            } catch {
                try await app.asyncShutdown()
                await store.shutdown()
                throw error
            }
            try await app.asyncShutdown()
            await store.shutdown()
        }
    }
}
