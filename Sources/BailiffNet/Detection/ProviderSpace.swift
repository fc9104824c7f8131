import BailiffCore

/// The provider's networks, as a fast membership test for every flow's two addresses.
public struct ProviderSpace: Sendable {
    private var v4: [(network: UInt32, mask: UInt32)] = []
    private var v6: [(network: UInt128, mask: UInt128)] = []
    public let prefixes: [IPPrefix]

    public init(_ prefixes: [IPPrefix]) {
        self.prefixes = prefixes
        for prefix in prefixes {
            switch prefix.network {
            case .v4(let address):
                let mask: UInt32 = prefix.length == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix.length)
                v4.append((address.value & mask, mask))
            case .v6(let address):
                let mask: UInt128 = prefix.length == 0 ? 0 : ~UInt128(0) << UInt128(128 - prefix.length)
                v6.append((address.value & mask, mask))
            }
        }
    }

    public func contains(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a):
            for entry in v4 where a.value & entry.mask == entry.network { return true }
        case .v6(let a):
            for entry in v6 where a.value & entry.mask == entry.network { return true }
        }
        return false
    }
}
