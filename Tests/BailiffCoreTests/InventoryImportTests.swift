import Testing
@testable import BailiffCore

@Suite struct InventoryImportTests {
    static let csv = """
        record,id,name,reseller,customer,service,prefix,label,role,kind,status,language,created,flags,abuse,technical,billing,references,from,until
        network,,,,,,192.0.2.0/24,AS64500 A,,,,,,,,,,,,
        network,,,,,,2001:db8::/32,AS64500 v6,,,,,,,,,,,,
        infrastructure,,,,,,192.0.2.1,mx1,mail-relay,,,,,,,,,,,
        reseller,R1,"Resell, Ltd",,,,,,,,,et,2020-05-01,,abuse@resell.example,,,,,
        customer,C1,Alice,R1,,,,,,,,en,2021-01-02,bulk-mailer,alice@example.net;abuse@example.net,,,,,
        service,S1,,,C1,,,vps-1,,vps,active,,,,,,,whmcs.service_id=4711;proxmox.vmid=131,,
        assignment,,,,,S1,192.0.2.8/29,,,,,,,,,,,,2024-01-01,
        assignment,,,,,S1,2001:db8:1::/48,,,,,,,,,,,,2024-01-01T00:00:00Z,2025-01-01T00:00:00Z

        """

    static func read(_ text: String, _ format: InventoryFileFormat) -> (InventoryDocument, [ImportProblem]) {
        InventoryFileReader.read(Array(text.utf8), format: format)
    }

    @Test func readsEveryKindOfRecordFromCSV() throws {
        let (document, problems) = Self.read(Self.csv, .csv)
        #expect(problems.isEmpty, "\(problems)")
        #expect(document.networks.count == 2)
        #expect(document.infrastructure.first?.value.role == .mailRelay)
        #expect(document.resellers.first?.value.name == "Resell, Ltd")
        #expect(document.customers.first?.value.flags == [.bulkMailer])
        #expect(document.customers.first?.value.contacts[.abuse] == ["alice@example.net", "abuse@example.net"])
        #expect(document.services.first?.value.references == ["whmcs.service_id": "4711", "proxmox.vmid": "131"])
        #expect(document.assignments.map(\.line) == [8, 9])
        #expect(document.assignments[1].value.until == 1_735_689_600)
    }

    @Test func readsTheSameInventoryFromJSON() throws {
        let json = """
            {
              "networks": [{"prefix": "192.0.2.0/24", "label": "AS64500 A"}, {"prefix": "2001:db8::/32", "label": "AS64500 v6"}],
              "infrastructure": [{"prefix": "192.0.2.1", "role": "mail-relay", "label": "mx1"}],
              "resellers": [{"id": "R1", "name": "Resell, Ltd", "language": "et", "created": "2020-05-01",
                             "contacts": {"abuse": ["abuse@resell.example"]}}],
              "customers": [{"id": "C1", "name": "Alice", "reseller": "R1", "language": "en", "created": "2021-01-02",
                             "flags": ["bulk-mailer"], "contacts": {"abuse": ["alice@example.net", "abuse@example.net"]}}],
              "services": [{"id": "S1", "customer": "C1", "label": "vps-1", "kind": "vps", "status": "active",
                            "references": {"whmcs.service_id": 4711, "proxmox.vmid": "131"}}],
              "assignments": [
                {"prefix": "192.0.2.8/29", "service": "S1", "from": "2024-01-01"},
                {"prefix": "2001:db8:1::/48", "service": "S1", "from": "2024-01-01T00:00:00Z", "until": "2025-01-01T00:00:00Z"}
              ]
            }
            """
        let (fromJSON, problems) = Self.read(json, .json)
        #expect(problems.isEmpty, "\(problems)")
        let (fromCSV, _) = Self.read(Self.csv, .csv)
        #expect(fromJSON.customers.map(\.value) == fromCSV.customers.map(\.value))
        #expect(fromJSON.services.map(\.value) == fromCSV.services.map(\.value))
        #expect(fromJSON.assignments.map(\.value) == fromCSV.assignments.map(\.value))
        #expect(fromJSON.assignments.map(\.line) == [11, 12])
    }

    @Test func listsEveryBadRowWithItsLine() {
        let csv = """
            record,id,name,customer,service,prefix,from,until,status
            network,,,,,192.0.2.0/24,,,
            assignment,,,,S1,192.0.2.1/24,2024-01-01,,
            assignment,,,,S1,192.0.2.300,2024-01-01,,
            service,S1,,C1,,,,,sleeping
            assignment,,,,S1,192.0.2.0/30,2024-13-01,,
            assignment,,,,S1,192.0.2.4/30,2024-02-01,2024-01-01,
            frobnicate,,,,,,,,
            assignment,,,,S1,192.0.2.8/30,2024-01-01
            """
        let (_, problems) = Self.read(csv, .csv)
        #expect(problems.map(\.line) == [3, 4, 5, 5, 6, 7, 8, 9])
        #expect(problems[0].message.contains("host bits"))
        #expect(problems[1].message.contains("0–255"))
        #expect(problems.contains { $0.line == 5 && $0.message.contains("sleeping") })
        #expect(problems.contains { $0.line == 5 && $0.message.contains("needs 'label'") })
        #expect(problems[4].message.contains("not a date"))
        #expect(problems[5].message.contains("must be after"))
        #expect(problems[6].message.contains("frobnicate"))
        #expect(problems[7].message.contains("fields"))
    }

    @Test func rejectsBrokenFilesWithAReason() {
        #expect(Self.read("", .csv).1.first?.message.contains("header") == true)
        #expect(Self.read("record,colour\n", .csv).1.first?.message.contains("colour") == true)
        #expect(Self.read("record,id\nreseller,\"R1\n", .csv).1.first?.message.contains("never closed") == true)
        #expect(Self.read("{\"networks\": [", .json).1.first?.message.contains("not valid JSON") == true)
        #expect(Self.read("[1,2]", .json).1.first?.message.contains("one JSON object") == true)
        #expect(Self.read("{\"servers\": []}", .json).1.first?.message.contains("unknown section") == true)
        #expect(Self.read("{\"networks\": [{\"prefix\": true}]}", .json).1.first?.message.contains("found a boolean") == true)
    }

    // MARK: Planning

    static let base: InventorySnapshot = {
        var snapshot = InventorySnapshot()
        snapshot.networks = [ProviderNetwork(prefix: try! IPPrefix(parsing: "192.0.2.0/24"), label: "A")]
        snapshot.customers = [Customer(id: "C1", name: "Alice")]
        snapshot.services = [Service(id: "S1", customerID: "C1", label: "a"), Service(id: "S2", customerID: "C1", label: "b")]
        snapshot.assignments = [Assignment(prefix: try! IPPrefix(parsing: "192.0.2.8/29"), serviceID: "S1", validity: Validity(from: 100))]
        return snapshot
    }()

    static func plan(_ csv: String, _ mode: InventoryImportMode, current: InventorySnapshot = base, now: Int64 = 1_000) throws(InventoryImportError) -> InventoryImportPlan {
        let (document, problems) = read(csv, .csv)
        precondition(problems.isEmpty, "\(problems)")
        return try InventoryImportPlanner.plan(document, current: current, mode: mode, now: now)
    }

    @Test func historyImportIsIdempotentAndMayOnlyCloseOpenAssignments() throws {
        let same = try Self.plan("record,service,prefix,from\nassignment,S1,192.0.2.8/29,1970-01-01T00:01:40Z", .history)
        #expect(same.isEmpty && same.unchanged == 1)
        let closing = try Self.plan("record,service,prefix,from,until\nassignment,S1,192.0.2.8/29,1970-01-01T00:01:40Z,1970-01-01T00:10:00Z", .history)
        #expect(closing.closings == [AssignmentClosing(prefix: try IPPrefix(parsing: "192.0.2.8/29"), from: 100, until: 600)])
        #expect {
            try Self.plan("record,service,prefix,from\nassignment,S2,192.0.2.8/29,1970-01-01T00:01:40Z", .history)
        } throws: { ($0 as? InventoryImportError)?.problems.first?.message.contains("history is not rewritten") == true }
    }

    @Test func overlappingHoldersAreRejected() {
        #expect {
            try Self.plan("record,service,prefix,from\nassignment,S2,192.0.2.8/29,1970-01-01T00:05:00Z", .history)
        } throws: { error in
            let problem = (error as? InventoryImportError)?.problems.first
            return problem?.line == 2 && problem?.message.contains("held by service 'S1'") == true
        }
        #expect {
            try Self.plan("record,service,prefix,from\nassignment,S2,192.0.2.16/29,2024-01-01\nassignment,S1,192.0.2.16/29,2023-01-01", .history)
        } throws: { error in
            let problem = (error as? InventoryImportError)?.problems.first
            return problem?.line == 2 && problem?.message.contains("another row of this file") == true
        }
    }

    @Test func unknownReferencesAndForeignSpaceAreRejected() {
        #expect {
            try Self.plan("""
                record,id,name,reseller,customer,label,service,prefix,from
                customer,C9,Zed,R404,,,,,
                service,S9,,,C404,x,,,
                assignment,,,,,,S404,192.0.2.64/26,2024-01-01
                assignment,,,,,,S1,203.0.113.0/24,2024-01-01
                """, .history)
        } throws: { error in
            let problems = (error as? InventoryImportError)?.problems ?? []
            return problems.map(\.line) == [2, 3, 4, 5] && problems[3].message.contains("outside the provider's own address space")
        }
    }

    @Test func readAndPlanProblemsAreListedTogether() {
        let (document, readProblems) = Self.read("record,service,prefix,from\nassignment,S1,192.0.2.0/33,2024-01-01\nassignment,S404,192.0.2.64/26,2024-01-01", .csv)
        #expect(readProblems.map(\.line) == [2])
        #expect {
            try InventoryImportPlanner.plan(document, current: Self.base, mode: .history, now: 1_000, readProblems: readProblems)
        } throws: { ($0 as? InventoryImportError)?.problems.map(\.line) == [2, 3] }
    }

    @Test func snapshotClosesWhatIsMissingAndReassignsAtTheImportInstant() throws {
        let plan = try Self.plan("record,service,prefix\nassignment,S2,192.0.2.8/29\nassignment,S1,192.0.2.32/27", .snapshot, now: 5_000)
        let p8 = try IPPrefix(parsing: "192.0.2.8/29")
        #expect(plan.closings == [AssignmentClosing(prefix: p8, from: 100, until: 5_000)])
        #expect(Set(plan.openings) == [
            Assignment(prefix: p8, serviceID: "S2", validity: Validity(from: 5_000)),
            Assignment(prefix: try IPPrefix(parsing: "192.0.2.32/27"), serviceID: "S1", validity: Validity(from: 5_000)),
        ])
        let empty = try Self.plan("record,service,prefix\n", .snapshot, now: 5_000)
        #expect(empty.closings.count == 1 && empty.openings.isEmpty)
        let again = try Self.plan("record,service,prefix\nassignment,S1,192.0.2.8/29", .snapshot, now: 5_000)
        #expect(again.isEmpty)
        #expect {
            try Self.plan("record,service,prefix,from\nassignment,S1,192.0.2.8/29,2024-01-01", .snapshot)
        } throws: { ($0 as? InventoryImportError)?.problems.first?.message.contains("snapshot import takes no") == true }
    }

    @Test func timestampsReadAndWrite() {
        #expect(Timestamp.parse("1970-01-01") == 0)
        #expect(Timestamp.parse("2024-02-29T12:00:00Z") == 1_709_208_000)
        #expect(Timestamp.parse("2024-02-29T14:00:00+02:00") == 1_709_208_000)
        #expect(Timestamp.parse("2024-02-29T12:00:00.250Z") == 1_709_208_000)
        #expect(Timestamp.parse("2023-02-29") == nil)
        #expect(Timestamp.parse("2024-02-29T12:00:00") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.format(1_709_208_000) == "2024-02-29T12:00:00Z")
        #expect(Timestamp.format(-1) == "1969-12-31T23:59:59Z")
    }
}
