import BailiffCore

/// A prefix held by one service during one interval, remembered so that queries can aim at it.
struct Holding {
    var prefix: IPPrefix
    /// Ordinal of the service (its index in the snapshot and, since all services are kept, in the table).
    var service: Int32
    var from: Int64
    /// `Int64.max` while still held.
    var until: Int64
    /// More specific prefixes inside this one are held by other services: an address picked in
    /// it may legitimately be attributed to one of them.
    var hasNested: Bool
}

/// What the generator made: the snapshot, and what the query maker and the report need.
struct GeneratedInventory {
    var snapshot: InventorySnapshot
    /// Holdings valid at `shape.now`, by family (0 = IPv4, 1 = IPv6).
    var current: [[Holding]]
    /// Closed holdings of prefixes that had a later holder (reassignments), by family.
    var past: [[Holding]]
    var v4Networks: [(network: UInt32, length: Int)]
    var v6Networks: [(network: UInt128, length: Int)]
    var summary: [String]
}

/// Generates a hosting provider's inventory, deterministically from the shape's seed.
///
/// IPv4: provider networks are cut into /24 blocks; the first /24 of each network holds the
/// provider's own infrastructure, the others are shuffled and given a use each — a block of
/// /32s (VPS addresses, most blocks), a block of /29s or /28s, a whole /24 for one service
/// (a third of which have /32s of other services nested inside), or nothing (free pool) — until
/// the entry budget is spent; blocks left over stay unassigned provider space.
/// IPv6: /48s of the provider /32s are pools of sequential /64s, pools of /56s, or whole /48s
/// (a third with nested /64s of other services), mixed so that entries are about 58 % /64 in
/// pools, 30 % /56, 12 % /48 and their nested /64s.
struct InventoryGenerator {
    let shape: InventoryShape
    private var random: SeededGenerator
    private var assignments: [Assignment] = []
    private var current: [[Holding]] = [[], []]
    private var past: [[Holding]] = [[], []]
    private var entries = [0, 0]
    private var distinct = [0, 0]
    private var reassigned = [0, 0]
    private var freed = [0, 0]
    private var lengthCounts: [[Int: Int]] = [[:], [:]]
    private var nestedChildren = [0, 0]
    private var serviceIDs: [String] = []

    init(shape: InventoryShape) {
        self.shape = shape
        self.random = SeededGenerator(seed: shape.seed)
    }

    mutating func generate() -> GeneratedInventory {
        let resellers = (1...shape.resellers).map { Reseller(id: code("R", $0, width: 2), name: "reseller \($0)") }
        var customers: [Customer] = []
        customers.reserveCapacity(shape.customers)
        for number in 1...shape.customers {
            let resold = Double.random(in: 0..<1, using: &random) < shape.resoldShare
            let reseller = resold ? resellers[Int.random(in: 0..<resellers.count, using: &random)].id : nil
            customers.append(Customer(id: code("C", number, width: 6), resellerID: reseller, name: "cust \(number)"))
        }
        var services: [Service] = []
        services.reserveCapacity(shape.services)
        for number in 1...shape.services {
            let roll = Double.random(in: 0..<1, using: &random)
            let kind: ServiceKind = roll < 0.70 ? .vps : roll < 0.90 ? .dedicated : roll < 0.98 ? .colocation : .other
            let statusRoll = Double.random(in: 0..<1, using: &random)
            let status: ServiceStatus = statusRoll < 0.90 ? .active : statusRoll < 0.93 ? .suspended : .terminated
            let shortKind = kind == .vps ? "vps" : kind == .dedicated ? "ded" : kind == .colocation ? "col" : "oth"
            services.append(Service(
                id: code("S", number, width: 6), customerID: customers[Int.random(in: 0..<customers.count, using: &random)].id,
                label: "\(shortKind)-\(number)", kind: kind, status: status
            ))
        }
        serviceIDs = services.map(\.id)
        assignments.reserveCapacity(shape.v4Entries + shape.v6Entries)

        var networks: [ProviderNetwork] = []
        var infrastructure: [InfrastructureEntry] = []
        let v4Networks = makeV4Networks()
        for (index, network) in v4Networks.enumerated() {
            networks.append(ProviderNetwork(prefix: v4(network.network, network.length), label: "v4 net \(index + 1)"))
            infrastructure += v4Infrastructure(network.network, rich: index < 8, number: index + 1)
        }
        let v6Networks = makeV6Networks()
        for (index, network) in v6Networks.enumerated() {
            networks.append(ProviderNetwork(prefix: v6(network.network, network.length), label: "v6 net \(index + 1)"))
            infrastructure += v6Infrastructure(network.network, number: index + 1)
        }
        fillV4(v4Networks)
        fillV6(v6Networks)

        let snapshot = InventorySnapshot(
            revision: 1, resellers: resellers, customers: customers, services: services,
            assignments: assignments, networks: networks, infrastructure: infrastructure
        )
        return GeneratedInventory(
            snapshot: snapshot, current: current, past: past, v4Networks: v4Networks, v6Networks: v6Networks,
            summary: summary(networks: networks, infrastructure: infrastructure)
        )
    }

    // MARK: - Provider networks and infrastructure

    private mutating func makeV4Networks() -> [(network: UInt32, length: Int)] {
        let firstOctets: [UInt32] = [5, 31, 37, 45, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92,
                                     93, 94, 95, 109, 141, 145, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]
        var used = Set<UInt32>()
        var result: [(network: UInt32, length: Int)] = []
        for length in shape.v4NetworkLengths {
            var slash16: UInt32
            repeat {
                slash16 = firstOctets[Int.random(in: 0..<firstOctets.count, using: &random)] << 8
                    | UInt32.random(in: 0...255, using: &random)
            } while !used.insert(slash16).inserted
            let offset = UInt32.random(in: 0..<(1 << UInt32(length - 16)), using: &random) << UInt32(32 - length)
            result.append((slash16 << 16 | offset, length))
        }
        return result
    }

    private mutating func makeV6Networks() -> [(network: UInt128, length: Int)] {
        var used = Set<UInt128>()
        var result: [(network: UInt128, length: Int)] = []
        while result.count < shape.v6Networks {
            let top = UInt128(0x2A00 + UInt16.random(in: 0..<16, using: &random)) << 16 | UInt128(UInt16.random(in: 0...0xFFFF, using: &random))
            if used.insert(top).inserted { result.append((top << 96, 32)) }
        }
        return result
    }

    /// Gateway in every network; resolvers, mail relays, name servers and a management /26 in
    /// the first few. All in the network's first /24, which customers never get.
    private func v4Infrastructure(_ network: UInt32, rich: Bool, number: Int) -> [InfrastructureEntry] {
        var entries = [InfrastructureEntry(prefix: v4(network | 1, 32), role: .router, label: "gw\(number)")]
        if rich {
            entries += [
                InfrastructureEntry(prefix: v4(network | 2, 32), role: .resolver, label: "ns-r\(number)a"),
                InfrastructureEntry(prefix: v4(network | 3, 32), role: .resolver, label: "ns-r\(number)b"),
                InfrastructureEntry(prefix: v4(network | 10, 32), role: .mailRelay, label: "mx\(number)"),
                InfrastructureEntry(prefix: v4(network | 11, 32), role: .nameServer, label: "ns\(number)"),
                InfrastructureEntry(prefix: v4(network | 64, 26), role: .management, label: "mgmt\(number)"),
            ]
        }
        return entries
    }

    /// In the first /48 of each /32: a router, a resolver and a management /64.
    private func v6Infrastructure(_ network: UInt128, number: Int) -> [InfrastructureEntry] {
        [
            InfrastructureEntry(prefix: v6(network | 1, 128), role: .router, label: "gw6-\(number)"),
            InfrastructureEntry(prefix: v6(network | 0x53, 128), role: .resolver, label: "rs6-\(number)"),
            InfrastructureEntry(prefix: v6(network | (0x10 << 64), 64), role: .management, label: "mgmt6-\(number)"),
        ]
    }

    // MARK: - Assignments

    private mutating func fillV4(_ networks: [(network: UInt32, length: Int)]) {
        var blocks: [UInt32] = []
        for network in networks {
            let count = 1 << (24 - network.length)
            for block in 1..<count { blocks.append(network.network | UInt32(block) << 8) }  // block 0: infrastructure
        }
        blocks.shuffle(using: &random)
        for block in blocks {
            guard entries[0] < shape.v4Entries else { return }
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < 0.60 {
                // VPS addresses: .2 … .254, .1 being the gateway; some already free.
                let density = Double.random(in: 0.55..<0.98, using: &random)
                for host in UInt32(2)...254 where Double.random(in: 0..<1, using: &random) < density {
                    emit(v4(block | host, 32))
                }
            } else if roll < 0.67 {
                for index in UInt32(1)..<32 where Double.random(in: 0..<1, using: &random) < 0.8 { emit(v4(block | index << 3, 29)) }
            } else if roll < 0.72 {
                for index in UInt32(1)..<16 where Double.random(in: 0..<1, using: &random) < 0.8 { emit(v4(block | index << 4, 28)) }
            } else if roll < 0.90 {
                let nested = Double.random(in: 0..<1, using: &random) < 0.35
                emit(v4(block, 24), hasNested: nested)
                if nested {
                    var hosts = Set<UInt32>()
                    let count = Int.random(in: 2...24, using: &random)
                    while hosts.count < count { hosts.insert(UInt32.random(in: 1...254, using: &random)) }
                    for host in hosts.sorted() { emit(v4(block | host, 32), nestedChild: true) }
                }
            }
            // else: a free /24 in the pool.
        }
        precondition(entries[0] >= shape.v4Entries, "not enough IPv4 provider space for \(shape.v4Entries) entries")
    }

    private mutating func fillV6(_ networks: [(network: UInt128, length: Int)]) {
        var blocks: [UInt128] = []
        for network in networks {
            for block in 1..<(1 << 16) { blocks.append(network.network | UInt128(block) << 80) }  // /48 0: infrastructure
        }
        blocks.shuffle(using: &random)
        let targetShare = [0.58, 0.30, 0.12]  // /64 pools, /56 pools, whole /48s
        var produced = [0, 0, 0]
        for block in blocks {
            guard entries[1] < shape.v6Entries else { return }
            let total = Double(max(1, produced.reduce(0, +)))
            let kind = (0..<3).max { targetShare[$0] * total - Double(produced[$0]) < targetShare[$1] * total - Double(produced[$1]) }!
            let before = entries[1]
            switch kind {
            case 0:
                let count = Int.random(in: 500...4000, using: &random)
                let start = Int.random(in: 0..<(65_536 - 4_000), using: &random)
                for index in start..<(start + count) where Double.random(in: 0..<1, using: &random) < 0.85 {
                    emit(v6(block | UInt128(index) << 64, 64))
                }
            case 1:
                for index in 1..<256 where Double.random(in: 0..<1, using: &random) < 0.8 { emit(v6(block | UInt128(index) << 72, 56)) }
            default:
                let nested = Double.random(in: 0..<1, using: &random) < 0.3
                emit(v6(block, 48), hasNested: nested)
                if nested {
                    var subnets = Set<UInt128>()
                    let count = Int.random(in: 1...8, using: &random)
                    while subnets.count < count { subnets.insert(UInt128(UInt16.random(in: 0...0xFFFF, using: &random))) }
                    for subnet in subnets.sorted() { emit(v6(block | subnet << 64, 64), nestedChild: true) }
                }
            }
            produced[kind] += entries[1] - before
        }
        precondition(entries[1] >= shape.v6Entries, "not enough IPv6 provider space for \(shape.v6Entries) entries")
    }

    /// Adds one prefix with its holders over time, within the family's entry budget.
    private mutating func emit(_ prefix: IPPrefix, hasNested: Bool = false, nestedChild: Bool = false) {
        let family = prefix.family == .v4 ? 0 : 1
        let budget = (family == 0 ? shape.v4Entries : shape.v6Entries) - entries[family]
        guard budget > 0 else { return }
        let roll = Double.random(in: 0..<1, using: &random)
        var earlier = shape.earlierHolderOdds.first { roll < $0.cumulative }!.count
        earlier = min(earlier, budget - 1)

        let day: Int64 = 86_400
        let now = shape.now
        var intervals: [(from: Int64, until: Int64?)] = []
        let currentFrom = earlier == 0
            ? Int64.random(in: shape.historyStart...(now - day), using: &random)
            : Int64.random(in: (now - 4 * 365 * day)...(now - 7 * day), using: &random)
        let isFreed = Double.random(in: 0..<1, using: &random) < shape.freedShare
        intervals.append((currentFrom, isFreed ? Int64.random(in: (currentFrom + 3_600)...(now - 3_600), using: &random) : nil))
        var boundary = currentFrom
        for _ in 0..<earlier {
            let gap: Int64 = Bool.random(using: &random) ? 0 : Int64.random(in: 3_600...(60 * day), using: &random)
            let until = boundary - gap
            let from = until - Int64.random(in: (30 * day)...(3 * 365 * day), using: &random)
            intervals.append((from, until))
            boundary = from
        }
        intervals.reverse()

        var previous: Int32 = -1
        for interval in intervals {
            var service: Int32
            repeat { service = Int32.random(in: 0..<Int32(serviceIDs.count), using: &random) } while service == previous
            previous = service
            assignments.append(Assignment(
                prefix: prefix, serviceID: serviceIDs[Int(service)], validity: Validity(from: interval.from, until: interval.until)
            ))
            let holding = Holding(prefix: prefix, service: service, from: interval.from, until: interval.until ?? .max, hasNested: hasNested)
            if interval.until == nil { current[family].append(holding) } else if earlier > 0 && holding.until <= currentFrom { past[family].append(holding) }
        }
        entries[family] += intervals.count
        distinct[family] += 1
        if earlier > 0 { reassigned[family] += 1 }
        if isFreed { freed[family] += 1 }
        if nestedChild { nestedChildren[family] += 1 }
        lengthCounts[family][prefix.length, default: 0] += 1
    }

    // MARK: - Report

    private func summary(networks: [ProviderNetwork], infrastructure: [InfrastructureEntry]) -> [String] {
        func percent(_ part: Int, _ whole: Int) -> String { fixed(100 * Double(part) / Double(max(whole, 1))) + " %" }
        var lines: [String] = []
        for (family, name) in [(0, "IPv4"), (1, "IPv6")] {
            let lengths = lengthCounts[family].sorted { $0.key < $1.key }
                .map { "/\($0.key) \(percent($0.value, distinct[family]))" }.joined(separator: ", ")
            lines.append("\(name): \(entries[family]) prefix entries (assignments incl. earlier holders) over \(distinct[family]) distinct prefixes")
            lines.append("  lengths of distinct prefixes: \(lengths)")
            lines.append("  reassigned (>= 1 earlier holder, closed intervals): \(reassigned[family]) prefixes = \(percent(reassigned[family], distinct[family])); freed now: \(freed[family]); nested inside another holder's prefix: \(nestedChildren[family])")
        }
        let v4Nets = networks.filter { $0.prefix.family == .v4 }
        let v4Lengths = Dictionary(grouping: v4Nets, by: \.prefix.length).sorted { $0.key < $1.key }.map { "\($0.value.count) x /\($0.key)" }
        lines.append("provider networks: IPv4 \(v4Lengths.joined(separator: ", ")); IPv6 \(networks.count - v4Nets.count) x /32; infrastructure entries: \(infrastructure.count)")
        lines.append("holders: \(shape.services) services, \(shape.customers) customers (\(percent(Int(shape.resoldShare * 100), 100)) through resellers), \(shape.resellers) resellers")
        return lines
    }
}

func v4(_ value: UInt32, _ length: Int) -> IPPrefix { IPPrefix(.v4(IPv4Address(value)), length: length) }
func v6(_ value: UInt128, _ length: Int) -> IPPrefix { IPPrefix(.v6(IPv6Address(value)), length: length) }

/// A fixed number of decimals, without Foundation.
func fixed(_ value: Double, _ decimals: Int = 1) -> String {
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((abs(value) * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard decimals > 0 else { return sign + String(scaled) }
    return sign + String(scaled / scale) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
