/// A made-up but realistic inventory so that a newcomer sees a working system at once.
///
/// Deterministic for a seed. Addresses come from ranges reserved for documentation and
/// benchmarking (RFC 5737, RFC 2544's 198.18.0.0/15, RFC 3849's 2001:db8::/32) and, for the
/// dedicated servers' /29s, the shared space of RFC 6598 (100.64.0.0/10), so nothing real is
/// ever named. Besides the generated bulk, a few fixed cases are always present, for the
/// README's examples:
/// - `198.51.100.10` moved from service `demo-old` to `demo-new` at 2025-03-01T00:00:00Z,
///   and so did `2001:db8:100::/48`;
/// - `203.0.113.45/32` belonged to `demo-tenant` during 2023, inside the /24 of `demo-dedicated`;
/// - `198.18.0.25` is the provider's mail relay.
public enum DemoInventory {
    public struct Size: Sendable {
        public var resellers: Int
        public var customers: Int
        public var services: Int

        public init(resellers: Int = 4, customers: Int = 300, services: Int = 3_000) {
            self.resellers = resellers; self.customers = customers; self.services = services
        }
    }

    /// The instant of the fixed reassignment in the README's example.
    public static let reassignmentInstant: Int64 = 1_740_787_200  // 2025-03-01T00:00:00Z

    public static func generate(size: Size = Size(), seed: UInt64 = 2026, now: Int64) -> InventoryDocument {
        var random = SeededGenerator(seed: seed)
        var document = InventoryDocument()
        var line = 0
        func next() -> Int { line += 1; return line }
        func prefix(_ text: String) -> IPPrefix { try! IPPrefix(parsing: text) }
        let day: Int64 = 86_400
        let start2022: Int64 = 1_640_995_200

        for (text, label) in [
            ("198.18.0.0/15", "AS64500 benchmark space"), ("198.51.100.0/24", "AS64500 TEST-NET-2"),
            ("203.0.113.0/24", "AS64500 TEST-NET-3"), ("100.64.0.0/10", "AS64500 dedicated /29s"), ("2001:db8::/32", "AS64500 IPv6"),
        ] {
            document.networks.append(Located(line: next(), ProviderNetwork(prefix: prefix(text), label: label)))
        }
        for (text, role, label) in [
            ("198.18.0.25", InfrastructureRole.mailRelay, "mx1.provider.example"), ("198.18.0.26", .mailRelay, "mx2.provider.example"),
            ("198.18.0.53", .resolver, "resolver1.provider.example"), ("198.18.0.1", .router, "core-router-1"),
            ("2001:db8::53", .resolver, "resolver1.provider.example"),
        ] {
            document.infrastructure.append(Located(line: next(), InfrastructureEntry(prefix: prefix(text), role: role, label: label)))
        }

        let resellerNames = ["Northwind Hosting", "Baltic Cloud Resale", "Kesk Servers", "Lumen VPS", "Harbor Compute", "Tallinn Boxes"]
        for index in 0..<size.resellers {
            let id = "R\(100 + index)"
            let name = resellerNames[index % resellerNames.count] + (index >= resellerNames.count ? " \(index)" : "")
            document.resellers.append(Located(line: next(), Reseller(
                id: id, name: name, language: index % 2 == 0 ? "en" : "et", createdAt: start2022 - Int64(index) * 90 * day,
                contacts: Contacts([.abuse: ["abuse@reseller\(index).example"], .billing: ["billing@reseller\(index).example"]])
            )))
        }
        let givenNames = ["Mari", "Jaan", "Anna", "Peeter", "Liis", "Karl", "Eva", "Oskar", "Kati", "Rasmus", "Laura", "Martin"]
        let familyNames = ["Tamm", "Saar", "Mägi", "Kask", "Rebane", "Ilves", "Pärn", "Koppel", "Lepik", "Kukk"]
        var customerIDs: [String] = []
        for index in 0..<size.customers {
            let id = "C\(10_000 + index)"
            customerIDs.append(id)
            let isCompany = index % 3 == 0
            let name = isCompany
                ? "\(familyNames[index % familyNames.count]) & Partners OÜ \(index)"
                : "\(givenNames[index % givenNames.count]) \(familyNames[(index / givenNames.count) % familyNames.count])"
            let reseller: String? = size.resellers > 0 && index % 4 == 0 ? "R\(100 + index % size.resellers)" : nil
            document.customers.append(Located(line: next(), Customer(
                id: id, resellerID: reseller, name: name, language: index % 5 == 0 ? "et" : "en",
                createdAt: start2022 + Int64.random(in: 0...900, using: &random) * day,
                flags: index % 37 == 0 ? [.bulkMailer] : [],
                contacts: Contacts([.abuse: ["customer\(index)@mail.example"], .technical: ["ops\(index)@mail.example"]])
            )))
        }

        // Services: one /32 each in 198.18.0.0/15 (from .1.0 on, room for 130,816), one /64 in
        // 2001:db8:1000::/36; every tenth is a dedicated server that also has a /29 in 100.64.0.0/10.
        var v4Cursor: UInt32 = 0xC612_0100  // 198.18.1.0
        var v29Cursor: UInt32 = 0x6440_0000  // 100.64.0.0
        for index in 0..<size.services {
            let id = "S\(100_000 + index)"
            let dedicated = index % 10 == 0
            let customer = customerIDs.isEmpty ? "C-demo" : customerIDs[Int.random(in: 0..<customerIDs.count, using: &random)]
            let status: ServiceStatus = index % 97 == 0 ? .suspended : (index % 211 == 0 ? .terminated : .active)
            document.services.append(Located(line: next(), Service(
                id: id, customerID: customer, label: dedicated ? "dedi-\(index)" : "vps-\(index)", kind: dedicated ? .dedicated : .vps, status: status,
                references: ["whmcs.service_id": String(40_000 + index), "proxmox.node": "pve\(index % 12 + 1)", "proxmox.vmid": String(100 + index)]
            )))
            let from = start2022 + Int64.random(in: 0...700, using: &random) * day
            let address = IPPrefix(.v4(IPv4Address(v4Cursor)), length: 32)
            v4Cursor &+= 1
            if index % 10 == 3 && index > 0 {
                // This address had an earlier holder: the previous service, for a while.
                let earlier = "S\(100_000 + index - 1)"
                let earlierFrom = from - Int64.random(in: 60...400, using: &random) * day
                document.assignments.append(Located(line: next(), AssignmentRow(prefix: address, serviceID: earlier, from: earlierFrom, until: from)))
            }
            document.assignments.append(Located(line: next(), AssignmentRow(prefix: address, serviceID: id, from: from, until: status == .terminated ? min(now, from + 200 * day) : nil)))
            let v6 = IPPrefix(.v6(IPv6Address(UInt128(0x2001_0DB8_1000_0000) << 64 | UInt128(index) << 64)), length: 64)
            document.assignments.append(Located(line: next(), AssignmentRow(prefix: v6, serviceID: id, from: from)))
            if dedicated {
                document.assignments.append(Located(line: next(), AssignmentRow(prefix: IPPrefix(.v4(IPv4Address(v29Cursor)), length: 29), serviceID: id, from: from)))
                v29Cursor &+= 8
            }
        }

        // The fixed cases of the README.
        let fixedCustomer = customerIDs.first ?? "C-demo"
        if customerIDs.isEmpty {
            document.customers.append(Located(line: next(), Customer(id: fixedCustomer, name: "Demo customer")))
        }
        for (id, label, kind) in [
            ("demo-old", "vps-old", ServiceKind.vps), ("demo-new", "vps-new", .vps),
            ("demo-dedicated", "dedi-rack-7", .dedicated), ("demo-tenant", "vps-tenant", .vps),
        ] {
            document.services.append(Located(line: next(), Service(id: id, customerID: id == "demo-new" ? customerIDs.last ?? fixedCustomer : fixedCustomer, label: label, kind: kind)))
        }
        let t2022: Int64 = 1_640_995_200, t2023: Int64 = 1_672_531_200, t2024: Int64 = 1_704_067_200
        for (text, service, from, until) in [
            ("198.51.100.10/32", "demo-old", t2022, Optional(reassignmentInstant)),
            ("198.51.100.10/32", "demo-new", reassignmentInstant, nil),
            ("2001:db8:100::/48", "demo-old", t2022, Optional(reassignmentInstant)),
            ("2001:db8:100::/48", "demo-new", reassignmentInstant, nil),
            ("203.0.113.0/24", "demo-dedicated", t2022, nil),
            ("203.0.113.45/32", "demo-tenant", t2023, Optional(t2024)),
        ] as [(String, String, Int64, Int64?)] {
            document.assignments.append(Located(line: next(), AssignmentRow(prefix: prefix(text), serviceID: service, from: from, until: until)))
        }
        return document
    }
}
