/// Remotely triggered blackholes through ExaBGP.
public struct BlackholeSettings: Sendable, Hashable {
    /// Whether `blackhole` and `lift-blackhole` are carried out (by `bailiff exabgp` run from
    /// ExaBGP); off: they are recorded as dry runs.
    public var enabled = false
    public var nextHopV4 = BlackholeRoute.defaultNextHopV4
    public var nextHopV6 = BlackholeRoute.defaultNextHopV6
    public var communities = BlackholeRoute.defaultCommunities

    public init() {}
}

extension BailiffConfiguration {
    static let blackholeKeys: [Key] = [
        Key(name: "blackhole.enabled", help: "carry out blackholes through `bailiff exabgp` run by ExaBGP (true/false)", isSecret: false,
            apply: { config, value in
                guard let flag = Bool(value) else { return "must be true or false" }
                config.blackhole.enabled = flag
                return nil
            }, show: { String($0.blackhole.enabled) }),
        Key(name: "blackhole.next_hop_v4", help: "next hop of IPv4 blackhole routes (mapped to discard on the routers)", isSecret: false,
            apply: { config, value in
                guard let address = IPAddress(value), address.family == .v4 else { return "must be an IPv4 address (e.g. 192.0.2.1)" }
                config.blackhole.nextHopV4 = address
                return nil
            }, show: { $0.blackhole.nextHopV4.description }),
        Key(name: "blackhole.next_hop_v6", help: "next hop of IPv6 blackhole routes", isSecret: false,
            apply: { config, value in
                guard let address = IPAddress(value), address.family == .v6 else { return "must be an IPv6 address (e.g. 100::1)" }
                config.blackhole.nextHopV6 = address
                return nil
            }, show: { $0.blackhole.nextHopV6.description }),
        Key(name: "blackhole.communities", help: "communities of blackhole routes, space-separated (default: 65535:666 no-export)", isSecret: false,
            apply: { config, value in
                let communities = value.split(separator: " ").map(String.init)
                guard !communities.isEmpty, communities.allSatisfy(BlackholeRoute.isCommunity) else {
                    return "must be communities separated by spaces: ASN:value, no-export, no-advertise or blackhole"
                }
                config.blackhole.communities = communities
                return nil
            }, show: { $0.blackhole.communities.joined(separator: " ") }),
    ]
}
