/// Packets and bytes over a span of time: what a rate is computed from.
struct FlowVolume: Sendable {
    var packets: UInt64 = 0
    var bytes: UInt64 = 0
    var first = Int64.max
    var last = Int64.min

    mutating func add(_ flow: FlowRecord) {
        packets &+= flow.packets; bytes &+= flow.bytes
        first = min(first, flow.start); last = max(last, flow.end)
    }

    /// The span the rates are measured over, never shorter than `minimum` milliseconds.
    func span(minimum: Int64) -> Double { Double(max(minimum, last &- first)) / 1_000 }

    func packetsPerSecond(minimum: Int64) -> Double { Double(packets) / span(minimum: minimum) }
    func bitsPerSecond(minimum: Int64) -> Double { Double(bytes) * 8 / span(minimum: minimum) }
}
