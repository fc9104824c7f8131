/// An IPv4 or IPv6 address.
///
/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, as dual-stack sockets and some logs write
/// them) are read as the IPv4 address they map: for attribution they are the same host.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses IPv4 dotted-quad or IPv6 text; see ``IPv4Address/init(parsing:)`` and
    /// ``IPv6Address/init(parsing:)`` for what is accepted.
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        if text.utf8.contains(UInt8(ascii: ":")) || text.utf8.contains(UInt8(ascii: "%")) {
            self = IPAddress(normalizing: try IPv6Address(parsing: text))
        } else {
            self = .v4(try IPv4Address(parsing: text))
        }
    }

    /// An IPv6 address as Bailiff keeps it: an IPv4-mapped one becomes the IPv4 address it maps
    /// (text, flow records and packet headers all go through here).
    public init(normalizing v6: IPv6Address) {
        self = v6.mappedIPv4.map(IPAddress.v4) ?? .v6(v6)
    }

    /// Parses, or returns nil; for callers that only need a yes or no.
    public init?(_ text: some StringProtocol) {
        guard let parsed = try? IPAddress(parsing: text) else { return nil }
        self = parsed
    }

    public var family: IPFamily {
        switch self {
        case .v4: .v4
        case .v6: .v6
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }

    /// IPv4 sorts before IPv6; within a family, by numeric value.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}

/// The two address families.
public enum IPFamily: Int, Sendable, Hashable, Codable, CustomStringConvertible {
    case v4 = 4
    case v6 = 6

    /// The number of bits in an address of this family.
    public var bitWidth: Int { self == .v4 ? 32 : 128 }

    public var description: String { self == .v4 ? "IPv4" : "IPv6" }
}
