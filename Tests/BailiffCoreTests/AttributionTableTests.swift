import Testing
@testable import BailiffCore

@Suite struct AttributionTableTests {
    static let t2023: Int64 = 1_672_531_200  // 2023-01-01T00:00:00Z
    static let t2024: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z
    static let t2025: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z

    static func prefix(_ text: String) -> IPPrefix { try! IPPrefix(parsing: text) }
    static func address(_ text: String) -> IPAddress { try! IPAddress(parsing: text) }

    /// Two customers (one under a reseller), nested and reassigned prefixes, infrastructure.
    static let inventory = InventorySnapshot(
        revision: 7,
        resellers: [Reseller(id: "R1", name: "Hostreseller OÜ")],
        customers: [
            Customer(id: "C1", resellerID: "R1", name: "Alice"),
            Customer(id: "C2", name: "Bob"),
        ],
        services: [
            Service(id: "S1", customerID: "C1", label: "vps-1"),
            Service(id: "S2", customerID: "C2", label: "dedi-2", kind: .dedicated),
            Service(id: "S3", customerID: "C2", label: "vps-3"),
        ],
        assignments: [
            // The /24 belongs to S1 throughout.
            Assignment(prefix: prefix("192.0.2.0/24"), serviceID: "S1", validity: Validity(from: t2023)),
            // A /32 inside it was S2's during 2023 only (expired).
            Assignment(prefix: prefix("192.0.2.77/32"), serviceID: "S2", validity: Validity(from: t2023, until: t2024)),
            // A /29 reassigned from S2 to S3 at the start of 2024.
            Assignment(prefix: prefix("198.51.100.8/29"), serviceID: "S2", validity: Validity(from: t2023, until: t2024)),
            Assignment(prefix: prefix("198.51.100.8/29"), serviceID: "S3", validity: Validity(from: t2024)),
            // IPv6: a /48 to S1, a /64 inside it reassigned from S2 to S3.
            Assignment(prefix: prefix("2001:db8:1::/48"), serviceID: "S1", validity: Validity(from: t2023)),
            Assignment(prefix: prefix("2001:db8:1:5::/64"), serviceID: "S2", validity: Validity(from: t2023, until: t2024)),
            Assignment(prefix: prefix("2001:db8:1:5::/64"), serviceID: "S3", validity: Validity(from: t2024)),
        ],
        networks: [
            ProviderNetwork(prefix: prefix("192.0.2.0/24"), label: "AS64500 A"),
            ProviderNetwork(prefix: prefix("198.51.100.0/24"), label: "AS64500 B"),
            ProviderNetwork(prefix: prefix("2001:db8::/32"), label: "AS64500 v6"),
        ],
        infrastructure: [InfrastructureEntry(prefix: prefix("198.51.100.25/32"), role: .mailRelay, label: "mx1")]
    )

    func holder(_ table: AttributionTable, _ text: String, _ at: Int64) -> String {
        switch table.attribute(Self.address(text), at: at) {
        case .service(let hit): "\(hit.service.id)/\(hit.customer.id)/\(hit.reseller?.id ?? "-") via \(hit.assignment.prefix)"
        case .providerInfrastructure(let entry): "infrastructure \(entry.label)"
        case .unassigned(let network): "unassigned in \(network.prefix)"
        case .notOurs: "not ours"
        }
    }

    @Test func expiredHostRouteFallsThroughToTheLiveNetwork() {
        let table = AttributionTable(Self.inventory)
        #expect(holder(table, "192.0.2.77", Self.t2023 + 10) == "S2/C2/- via 192.0.2.77/32")
        #expect(holder(table, "192.0.2.77", Self.t2025) == "S1/C1/R1 via 192.0.2.0/24")
        #expect(holder(table, "192.0.2.78", Self.t2023 + 10) == "S1/C1/R1 via 192.0.2.0/24")
    }

    @Test func reassignmentAttributesEachSideOfTheChange() {
        let table = AttributionTable(Self.inventory)
        #expect(holder(table, "198.51.100.9", Self.t2024 - 1) == "S2/C2/- via 198.51.100.8/29")
        #expect(holder(table, "198.51.100.9", Self.t2024) == "S3/C2/- via 198.51.100.8/29")
        #expect(holder(table, "2001:db8:1:5::abcd", Self.t2024 - 1) == "S2/C2/- via 2001:db8:1:5::/64")
        #expect(holder(table, "2001:db8:1:5::abcd", Self.t2024) == "S3/C2/- via 2001:db8:1:5::/64")
        #expect(holder(table, "2001:db8:1:6::1", Self.t2024) == "S1/C1/R1 via 2001:db8:1::/48")
    }

    @Test func providerSpaceInfrastructureAndOutside() {
        let table = AttributionTable(Self.inventory)
        #expect(holder(table, "198.51.100.25", Self.t2024) == "infrastructure mx1")
        #expect(holder(table, "198.51.100.200", Self.t2024) == "unassigned in 198.51.100.0/24")
        #expect(holder(table, "192.0.2.5", Self.t2023 - 1) == "unassigned in 192.0.2.0/24")  // before any assignment
        #expect(holder(table, "203.0.113.1", Self.t2024) == "not ours")
        #expect(holder(table, "2001:db9::1", Self.t2024) == "not ours")
        #expect(holder(table, "2001:db8:ffff::1", Self.t2024) == "unassigned in 2001:db8::/32")
        #expect(holder(table, "::ffff:198.51.100.9", Self.t2024) == "S3/C2/- via 198.51.100.8/29")
        #expect(holder(table, "0.0.0.0", Self.t2024) == "not ours")
        #expect(holder(table, "255.255.255.255", Self.t2024) == "not ours")
    }

    @Test func edgesOfPrefixesAndTheWholeSpace() {
        let inventory = InventorySnapshot(
            customers: [Customer(id: "C", name: "c")],
            services: [Service(id: "A", customerID: "C", label: "a"), Service(id: "B", customerID: "C", label: "b")],
            assignments: [
                Assignment(prefix: Self.prefix("0.0.0.0/0"), serviceID: "A", validity: Validity(from: 0)),
                Assignment(prefix: Self.prefix("255.255.255.255/32"), serviceID: "B", validity: Validity(from: 0)),
                Assignment(prefix: Self.prefix("0.0.0.0/32"), serviceID: "B", validity: Validity(from: 0)),
                Assignment(prefix: Self.prefix("::/0"), serviceID: "A", validity: Validity(from: 0)),
                Assignment(prefix: Self.prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), serviceID: "B", validity: Validity(from: 0)),
            ]
        )
        let table = AttributionTable(inventory)
        #expect(holder(table, "255.255.255.255", 5).hasPrefix("B/"))
        #expect(holder(table, "255.255.255.254", 5).hasPrefix("A/"))
        #expect(holder(table, "0.0.0.0", 5).hasPrefix("B/"))
        #expect(holder(table, "0.0.0.1", 5).hasPrefix("A/"))
        #expect(holder(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 5).hasPrefix("B/"))
        #expect(holder(table, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 5).hasPrefix("A/"))
        #expect(holder(table, "1.2.3.4", -1) == "not ours")
    }

    /// The table must agree with the obvious definition on random nested, reassigned inventories.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func agreesWithLinearScanOnRandomInventories(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var assignments: [Assignment] = []
        let services = (0..<20).map { Service(id: "S\($0)", customerID: "C", label: "s\($0)") }
        // Prefixes clustered in 10.0.0.0/16 so that nesting is frequent.
        for _ in 0..<300 {
            let length = Int.random(in: 16...32, using: &random)
            let address = IPAddress.v4(IPv4Address(0x0A00_0000 | UInt32.random(in: 0...0xFFFF, using: &random)))
            let prefix = IPPrefix(address, length: length)
            let from = Int64.random(in: 0...1000, using: &random)
            let until: Int64? = Bool.random(using: &random) ? from + Int64.random(in: 1...500, using: &random) : nil
            let candidate = Assignment(prefix: prefix, serviceID: "S\(Int.random(in: 0..<20, using: &random))", validity: Validity(from: from, until: until))
            if !assignments.contains(where: { $0.prefix == prefix && $0.validity.overlaps(candidate.validity) }) {
                assignments.append(candidate)
            }
        }
        let table = AttributionTable(InventorySnapshot(customers: [Customer(id: "C", name: "c")], services: services, assignments: assignments))
        for _ in 0..<5_000 {
            let address = IPAddress.v4(IPv4Address(0x0A00_0000 | UInt32.random(in: 0...0x1_FFFF, using: &random)))
            let instant = Int64.random(in: -10...1600, using: &random)
            let expected = assignments
                .filter { $0.prefix.contains(address) && $0.validity.contains(instant) }
                .max { $0.prefix.length < $1.prefix.length }
            guard case .service(let hit) = table.attribute(address, at: instant) else {
                #expect(expected == nil, "\(address) at \(instant)")
                continue
            }
            #expect(hit.assignment == expected, "\(address) at \(instant)")
        }
    }
}
