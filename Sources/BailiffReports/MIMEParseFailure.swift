/// Why an input could not be treated as a message at all.
///
/// Returned only for input that is not a message (nothing there, or no header
/// block); everything else parses, possibly with `MIMEDefect`s.
public struct MIMEParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Failure category.
    public enum Reason: String, Sendable, Hashable {
        /// The input is empty or whitespace only.
        case empty
        /// The input does not start with an RFC 5322 header field.
        case noHeader
    }

    /// Failure category.
    public let reason: Reason
    /// Human-readable explanation.
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
