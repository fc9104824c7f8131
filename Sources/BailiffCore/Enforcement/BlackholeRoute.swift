/// A remotely triggered blackhole (RFC 7999): a host route for an attacked address, tagged so
/// that the provider's routers and upstreams drop traffic to it, and kept inside the AS.
///
/// Only single addresses (/32, /128) inside the provider's own prefixes are ever announced:
/// a wider or foreign route would take down more than the attacked address, or someone else's.
public struct BlackholeRoute: Sendable, Hashable {
    public var address: IPAddress
    public var nextHop: IPAddress
    /// Written as ExaBGP reads them: `65535:666`, `no-export`.
    public var communities: [String]

    /// RFC 7999 BLACKHOLE and RFC 1997 NO_EXPORT.
    public static let defaultCommunities = ["65535:666", "no-export"]
    /// Next hops that routers map to a discard interface: TEST-NET-1 and RFC 6666's discard prefix.
    public static let defaultNextHopV4 = IPAddress("192.0.2.1")!
    public static let defaultNextHopV6 = IPAddress("100::1")!

    /// Why a route may not be announced.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case outsideOwnNetworks(IPAddress)
        case nextHopFamily(IPAddress, IPAddress)
        case badCommunity(String)

        public var description: String {
            switch self {
            case .outsideOwnNetworks(let address): "\(address) is not inside any of the provider's own networks; Bailiff blackholes only its own addresses"
            case .nextHopFamily(let address, let hop): "the next hop \(hop) is not of the same family as \(address)"
            case .badCommunity(let text): "'\(text)' is not a community (write ASN:value, or no-export, no-advertise, blackhole)"
            }
        }
    }

    /// A route for `address`, checked against the provider's networks.
    public init(address: IPAddress, within networks: [IPPrefix], nextHop: IPAddress? = nil, communities: [String] = defaultCommunities) throws(Refusal) {
        guard networks.contains(where: { $0.contains(address) }) else { throw .outsideOwnNetworks(address) }
        let hop = nextHop ?? (address.family == .v4 ? Self.defaultNextHopV4 : Self.defaultNextHopV6)
        guard hop.family == address.family else { throw .nextHopFamily(address, hop) }
        for community in communities where !Self.isCommunity(community) { throw .badCommunity(community) }
        self.address = address; self.nextHop = hop; self.communities = communities
    }

    /// The host prefix: `192.0.2.10/32`, `2001:db8::1/128`.
    public var prefix: String { "\(address)/\(address.family == .v4 ? 32 : 128)" }

    /// The ExaBGP API command that announces the route.
    public var announceCommand: String { Self.announceCommand(prefix: prefix, nextHop: nextHop.description, communities: communities) }

    /// The ExaBGP API command that withdraws it.
    public var withdrawCommand: String { Self.withdrawCommand(prefix: prefix, nextHop: nextHop.description) }

    public static func announceCommand(prefix: String, nextHop: String, communities: [String]) -> String {
        "announce route \(prefix) next-hop \(nextHop) community [\(communities.joined(separator: " "))]"
    }

    public static func withdrawCommand(prefix: String, nextHop: String) -> String { "withdraw route \(prefix) next-hop \(nextHop)" }

    public static func isCommunity(_ text: String) -> Bool {
        if ["no-export", "no-advertise", "no-export-subconfed", "blackhole"].contains(text) { return true }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { UInt16($0) != nil }
    }
}
