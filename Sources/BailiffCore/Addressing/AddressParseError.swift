/// Why a piece of text is not an IP address or prefix.
///
/// Carries the offending input and a sentence a person can act on; ``code`` is a stable
/// machine-readable name for the problem (used in JSON output and tests).
public struct AddressParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was rejected.
    public let input: String
    /// A stable identifier of the problem, e.g. `leading-zero`.
    public let code: String
    /// What is wrong, in words that say what to do.
    public let reason: String

    init(_ input: some StringProtocol, _ code: String, _ reason: String) {
        self.input = String(input.prefix(80))
        self.code = code
        self.reason = reason
    }

    public var description: String { "'\(input)' is not valid: \(reason)" }

    static func empty(_ input: some StringProtocol) -> Self {
        .init(input, "empty", "an address is required")
    }
    static func leadingZero(_ input: some StringProtocol) -> Self {
        .init(input, "leading-zero", "leading zeros are ambiguous (octal or decimal?); write each number without them")
    }
    static func outOfRange(_ input: some StringProtocol, _ what: String) -> Self {
        .init(input, "out-of-range", what)
    }
    static func zoneID(_ input: some StringProtocol) -> Self {
        .init(input, "zone-id", "zone identifiers (%eth0) name a local interface, not a network address; remove the '%…' part")
    }
    static func junk(_ input: some StringProtocol, _ what: String) -> Self {
        .init(input, "malformed", what)
    }
}
