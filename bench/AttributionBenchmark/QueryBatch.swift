import BailiffCore

/// The lookups every timed batch runs, in a fixed, shuffled order, with what each should find.
struct QueryBatch {
    enum Kind: UInt8 { case hit, past, miss }

    var addresses: [IPAddress] = []
    var instants: [Int64] = []
    /// The service ordinal that must answer; -1 for "not ours"; -2 for "some service" (the
    /// address lies in a prefix with other holders' prefixes nested inside).
    var expected: [Int32] = []
    var kinds: [Kind] = []

    static let anyService: Int32 = -2
    static let notOurs: Int32 = -1

    var count: Int { addresses.count }

    /// Hits: a random address inside a prefix held now, at `now`. Past: a random address inside
    /// a reassigned prefix, at a random instant while an earlier holder had it. Misses: a random
    /// address outside every provider network (IPv4 unicast space, IPv6 2000::/3), at `now`.
    init(_ inventory: GeneratedInventory, shape: InventoryShape) {
        var random = SeededGenerator(seed: shape.seed ^ 0x5155_4552_4945_5321)
        let v4Slash16s = Set(inventory.v4Networks.map { $0.network >> 16 })
        let v6Slash32s = Set(inventory.v6Networks.map { $0.network >> 96 })
        addresses.reserveCapacity(shape.queries); instants.reserveCapacity(shape.queries)
        expected.reserveCapacity(shape.queries); kinds.reserveCapacity(shape.queries)

        for _ in 0..<shape.queries {
            let family = Double.random(in: 0..<1, using: &random) < shape.v4QueryShare ? 0 : 1
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < shape.hitShare + shape.pastShare {
                let isHit = roll < shape.hitShare
                let pool = isHit ? inventory.current[family] : inventory.past[family]
                let holding = pool[Int.random(in: 0..<pool.count, using: &random)]
                addresses.append(Self.address(in: holding.prefix, using: &random))
                instants.append(isHit ? shape.now : Int64.random(in: holding.from..<holding.until, using: &random))
                expected.append(holding.hasNested ? Self.anyService : holding.service)
                kinds.append(isHit ? .hit : .past)
            } else {
                if family == 0 {
                    var value: UInt32
                    repeat { value = UInt32.random(in: 0x0100_0000...0xDFFF_FFFF, using: &random) } while v4Slash16s.contains(value >> 16)
                    addresses.append(.v4(IPv4Address(value)))
                } else {
                    var value: UInt128
                    repeat {
                        let wide = UInt128(random.next()) << 64 | UInt128(random.next())
                        value = UInt128(1) << 125 | wide >> 3  // 2000::/3
                    } while v6Slash32s.contains(value >> 96)
                    addresses.append(.v6(IPv6Address(value)))
                }
                instants.append(shape.now)
                expected.append(Self.notOurs)
                kinds.append(.miss)
            }
        }
    }

    /// A uniformly random address inside `prefix`.
    static func address(in prefix: IPPrefix, using random: inout SeededGenerator) -> IPAddress {
        switch prefix.network {
        case .v4(let network):
            let hostBits = 32 - prefix.length
            let host = hostBits == 0 ? 0 : UInt32.random(in: 0...UInt32.max, using: &random) >> UInt32(32 - hostBits)
            return .v4(IPv4Address(network.value | host))
        case .v6(let network):
            let hostBits = 128 - prefix.length
            let wide = UInt128(random.next()) << 64 | UInt128(random.next())
            let host = hostBits == 0 ? 0 : wide >> UInt128(128 - hostBits)
            return .v6(IPv6Address(network.value | host))
        }
    }

    func count(of kind: Kind, family: IPFamily? = nil) -> Int {
        var total = 0
        for index in kinds.indices where kinds[index] == kind && (family == nil || addresses[index].family == family) { total += 1 }
        return total
    }
}
