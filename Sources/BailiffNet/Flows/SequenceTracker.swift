/// Counts what an exporter sent that never arrived, from the sequence numbers in its headers.
///
/// Sequence numbers wrap at 2^32. A number ahead of the expected one is a gap (lost); a little
/// behind is a late arrival (reordered, and taken off the loss); far behind is an exporter that
/// restarted, and counting starts again.
struct SequenceTracker: Sendable {
    private var expected: UInt32?
    private(set) var lost: UInt64 = 0
    private(set) var reordered: UInt64 = 0
    private(set) var restarts: UInt64 = 0

    /// Records a header with `sequence` that accounts for `increment` units (flows, records or
    /// datagrams, by protocol); nil when the increment cannot be known (the count resumes next time).
    mutating func observe(_ sequence: UInt32, increment: UInt32?) -> UInt64 {
        var newlyLost: UInt64 = 0
        if let expected {
            let gap = Int64(Int32(bitPattern: sequence &- expected))
            if gap > 0 {
                newlyLost = UInt64(gap); lost += newlyLost
            } else if gap < 0 && gap > -10_000 {
                reordered += 1
                let late = UInt64(increment ?? 1)
                lost -= min(lost, late)
                return 0
            } else if gap < 0 {
                restarts += 1
            }
        }
        expected = increment.map { sequence &+ $0 }
        return newlyLost
    }
}
