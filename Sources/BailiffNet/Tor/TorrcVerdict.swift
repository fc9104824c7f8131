/// Whether a torrc makes an exit relay, and the reasons, in the order tor applies them.
public struct TorrcVerdict: Sendable, Hashable, Codable {
    public var exits: Bool
    /// One sentence per step of the reasoning; the last one decides.
    public var reasons: [String]

    public init(exits: Bool, reasons: [String]) { self.exits = exits; self.reasons = reasons }
}
