/// Counts what an exporter sent that never arrived, from the sequence numbers in its headers.
///
/// Sequence numbers wrap at 2^32. A number ahead of the expected one is a gap (lost); a little
/// behind is a late arrival (reordered, and taken off the loss); far behind is an exporter that
/// restarted, and counting starts again.
struct SequenceTracker: Sendable {
    private var expected: UInt32?
    private var last: UInt32?
    /// Some exporters (softflowd's IPFIX) number a message by the count that includes it, where
    /// RFC 7011 §3.1 counts the records before it; recognised when the numbers only add up that way.
    private var countsIncludeMessage = false
    /// What the gaps so far count as lost: a late arrival can take back no more than this.
    private var lost: UInt64 = 0

    /// Options records (sampling, exporter facts) some exporters count and others do not.
    private var previousSlack: UInt32 = 0

    /// Records a header with `sequence` that accounts for `increment` units (flows, records or
    /// datagrams, by protocol) plus `slack` units an exporter may or may not count (IPFIX options
    /// records); nil when the increment cannot be known (the count resumes next time).
    /// Returns the change in loss: positive for a gap, negative for a late arrival that fills one.
    mutating func observe(_ sequence: UInt32, increment: UInt32?, slack: UInt32 = 0) -> Int64 {
        defer { previousSlack = slack }
        var sequence = sequence
        if let increment, let last, let expected, !countsIncludeMessage {
            let step = sequence &- last, gap = sequence &- expected
            if gap > previousSlack + slack, step >= increment, step <= increment + slack {
                countsIncludeMessage = true
                self.expected = last
            }
        }
        last = sequence
        if countsIncludeMessage, let increment { sequence &-= increment }
        var change: Int64 = 0
        if let expected = self.expected {
            let gap = Int64(Int32(bitPattern: sequence &- expected))
            if gap >= 0 && gap <= Int64(previousSlack + slack) {
                // As expected (with or without the options records).
            } else if gap > 0 {
                change = gap - Int64(previousSlack); lost += UInt64(change)
            } else if gap > -10_000 {
                let late = min(lost, UInt64(increment ?? 1))
                lost -= late
                return -Int64(late)
            }
            // Far behind: the exporter restarted, and counting starts again from here.
        }
        expected = increment.map { sequence &+ $0 }
        return change
    }
}
