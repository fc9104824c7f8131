extension IPAddress {
    /// Whether the address can only mean a host on someone's own network, never one on the
    /// Internet: private (RFC 1918, RFC 4193), loopback, link-local, multicast, unspecified and
    /// broadcast. Reports quote such addresses from internal hops; they are never the source
    /// of abuse seen from outside. (Documentation and benchmarking ranges are not excluded: the
    /// project's examples and tests use them as stand-ins for real addresses.)
    public var isPrivateOrLocal: Bool {
        switch self {
        case .v4(let address):
            let v = address.value
            return v >> 24 == 10 || v >> 20 == 0xAC1 || v >> 16 == 0xC0A8  // 10/8, 172.16/12, 192.168/16
                || v >> 24 == 127 || v >> 16 == 0xA9FE || v >> 28 == 0xE  // loopback, 169.254/16, 224/4
                || v == 0 || v == .max || v >> 24 == 0
        case .v6(let address):
            let v = address.value
            return v == 0 || v == 1  // unspecified, loopback
                || v >> 121 == 0x7E  // fc00::/7 unique local
                || v >> 118 == 0x3FA  // fe80::/10 link-local
                || v >> 120 == 0xFF  // ff00::/8 multicast
        }
    }

    /// Whether the address is in a range set aside for private networks — RFC 1918, the shared
    /// space of carrier-grade NAT (RFC 6598) and unique-local IPv6 (RFC 4193) — as opposed to
    /// loopback, link-local, multicast and the like. Anonymised sample reports use these ranges
    /// in place of real offenders, and internal reports name them.
    public var isPrivateUse: Bool {
        switch self {
        case .v4(let address):
            let v = address.value
            return v >> 24 == 10 || v >> 20 == 0xAC1 || v >> 16 == 0xC0A8 || v >> 22 == 0x191  // 100.64/10
        case .v6(let address):
            return address.value >> 121 == 0x7E
        }
    }
}
