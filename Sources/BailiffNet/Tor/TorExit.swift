import BailiffCore

/// An address that carries Tor exit traffic, and why Bailiff says so.
public struct TorExit: Sendable, Hashable, Codable {
    public var address: String
    /// The relay's identity (hex fingerprint of the exit list, base64 of a consensus), when known.
    public var relay: String?
    public var nickname: String?
    /// `exit-list` (TorDNSEL saw exit traffic from it), `consensus` (`p` summary) or
    /// `microdescriptor` (`p`/`p6` of the relay's microdescriptor).
    public var source: String
    public var reason: String
    /// When the directory says so: the ExitAddress test time or the relay's publication time, UTC seconds.
    public var seenAt: Int64?

    public init(address: String, relay: String?, nickname: String?, source: String, reason: String, seenAt: Int64?) {
        self.address = address; self.relay = relay; self.nickname = nickname; self.source = source; self.reason = reason; self.seenAt = seenAt
    }
}
