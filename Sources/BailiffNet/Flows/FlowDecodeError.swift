/// Why a datagram could not be read. The collector counts these by reason and drops the
/// datagram; nothing an exporter sends can stop the collector.
public struct FlowDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short stable name for metrics (`truncated`, `bad-version`, …).
    public var reason: String
    /// What was wrong, for the log.
    public var detail: String

    public init(_ reason: String, _ detail: String) { self.reason = reason; self.detail = detail }

    public var description: String { "\(reason): \(detail)" }

    static func truncated(_ what: String) -> FlowDecodeError { FlowDecodeError("truncated", "the datagram ends inside \(what)") }
}
