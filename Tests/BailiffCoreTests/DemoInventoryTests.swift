import Testing
@testable import BailiffCore

@Suite struct DemoInventoryTests {
    static let now: Int64 = 1_780_000_000

    @Test func demoIsValidAndSurvivesTheJSONRoundTrip() throws {
        let document = DemoInventory.generate(size: .init(resellers: 3, customers: 40, services: 300), now: Self.now)
        let plan = try InventoryImportPlanner.plan(document, current: InventorySnapshot(), mode: .history, now: Self.now)
        #expect(plan.openings.count == document.assignments.count)
        let json = InventoryJSONWriter.write(document)
        let (reread, problems) = InventoryFileReader.read(Array(json.utf8), format: .json)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(reread.customers.map(\.value) == document.customers.map(\.value))
        #expect(reread.services.map(\.value) == document.services.map(\.value))
        #expect(reread.assignments.map(\.value) == document.assignments.map(\.value))
    }

    @Test func theReadmeExamplesHold() throws {
        let document = DemoInventory.generate(size: .init(resellers: 2, customers: 10, services: 50), now: Self.now)
        let plan = try InventoryImportPlanner.plan(document, current: InventorySnapshot(), mode: .history, now: Self.now)
        let snapshot = InventorySnapshot(
            revision: 1, resellers: plan.resellers, customers: plan.customers, services: plan.services,
            assignments: plan.openings, networks: plan.networks, infrastructure: plan.infrastructure
        )
        let table = AttributionTable(snapshot)
        func who(_ ip: String, _ at: String) -> String {
            switch table.attribute(try! IPAddress(parsing: ip), at: Timestamp.parse(at)!) {
            case .service(let hit): hit.service.id
            case .providerInfrastructure(let entry): entry.label
            case .unassigned: "unassigned"
            case .notOurs: "not ours"
            }
        }
        #expect(who("198.51.100.10", "2025-02-28T23:59:59Z") == "demo-old")
        #expect(who("198.51.100.10", "2025-03-01T00:00:00Z") == "demo-new")
        #expect(who("2001:db8:100::1", "2024-06-01") == "demo-old")
        #expect(who("2001:db8:100::1", "2025-06-01") == "demo-new")
        #expect(who("203.0.113.45", "2023-06-01") == "demo-tenant")
        #expect(who("203.0.113.45", "2025-06-01") == "demo-dedicated")
        #expect(who("198.18.0.25", "2025-06-01") == "mx1.provider.example")
        #expect(who("8.8.8.8", "2025-06-01") == "not ours")
    }
}
