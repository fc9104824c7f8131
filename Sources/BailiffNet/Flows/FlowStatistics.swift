/// What the collector has seen: the figures behind its metrics and `bailiff collect`'s summary.
public struct FlowStatistics: Sendable, Hashable {
    public var datagrams: UInt64 = 0
    public var flows: UInt64 = 0
    /// Packets and bytes of the decoded flows, after sampling (to compare with other collectors).
    public var packets: UInt64 = 0
    public var bytes: UInt64 = 0
    /// Datagrams from exporters not on the allow-list.
    public var refused: UInt64 = 0
    /// Malformed datagrams, by reason (`truncated`, `bad-version`, …); each one dropped whole.
    public var malformed: [String: UInt64] = [:]
    /// Flows (NetFlow v5, IPFIX) or datagrams (NetFlow v9, sFlow) that the sequence numbers say
    /// were sent and never arrived.
    public var lostFlows: UInt64 = 0
    public var lostDatagrams: UInt64 = 0
    /// Data sets that arrived before their template: held for a while, then decoded or dropped.
    public var heldForTemplate: UInt64 = 0
    public var droppedWithoutTemplate: UInt64 = 0
    public var templatesExpired: UInt64 = 0
    /// sFlow counter samples and other records the detectors have no use for.
    public var ignoredSamples: UInt64 = 0

    public init() {}

    /// Applies a change in loss (a late arrival takes back what its gap counted).
    mutating func adjust(_ counter: WritableKeyPath<FlowStatistics, UInt64>, by delta: Int64) {
        self[keyPath: counter] = UInt64(max(0, Int64(self[keyPath: counter]) + delta))
    }

    public var malformedTotal: UInt64 { malformed.values.reduce(0, +) }
}
