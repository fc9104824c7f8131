import BailiffCore

/// What a detector saw: one provider address, one category, one window, with the evidence.
public struct FlowDetection: Sendable, Hashable, Codable {
    /// The provider's address the traffic came from or went to.
    public var address: String
    /// The AUP category (`spam`, `scanning`, `network-attack`, `attack-target`, `irc`).
    public var category: String
    /// Which detector: `smtp-burst`, `horizontal-scan`, `vertical-scan`, `outbound-flood`,
    /// `inbound-attack`, `irc-server`.
    public var detector: String
    /// The window, milliseconds since the epoch on the exporters' clocks.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// One sentence a person can read.
    public var summary: String
    /// The figures that crossed (or came near) the thresholds.
    public var counters: [String: Double]
    /// The busiest peers, most first, with a count (flows or packets, as `counters` says).
    public var topPeers: [Peer]
    /// A few of the flows themselves, as text.
    public var sampleFlows: [String]

    public struct Peer: Sendable, Hashable, Codable {
        public var address: String
        public var count: UInt64
        public init(address: String, count: UInt64) { self.address = address; self.count = count }
    }

    public init(
        address: String, category: String, detector: String, windowStart: Int64, windowEnd: Int64, summary: String, counters: [String: Double],
        topPeers: [Peer], sampleFlows: [String]
    ) {
        self.address = address; self.category = category; self.detector = detector; self.windowStart = windowStart; self.windowEnd = windowEnd
        self.summary = summary; self.counters = counters; self.topPeers = topPeers; self.sampleFlows = sampleFlows
    }
}
