/// One RFC 5322 header field (RFC 5322 §2.2): its name, the raw bytes as they
/// appeared (folding included), and the unfolded value.
///
/// Raw bytes are kept because abuse evidence must be reproducible byte for
/// byte (e.g. DKIM re-verification); the unfolded `value` is what code reads.
public struct HeaderField: Sendable, Hashable {
    /// Field name as written (original case, trailing whitespace removed).
    public let name: String
    /// ASCII-lowercased name, for case-insensitive comparison (RFC 5322 §1.2.2).
    public let lowercasedName: String
    /// The complete raw field: name, colon, value and folded continuation lines,
    /// without the final line break. Truncated if over `MIMELimits.maxHeaderLineLength`.
    public let raw: [UInt8]
    /// The unfolded value (RFC 5322 §2.2.3), leading/trailing whitespace trimmed.
    /// Bytes are read as UTF-8 (RFC 6532) when valid, otherwise as ISO-8859-1.
    public let value: String

    public init(name: String, value: String, raw: [UInt8]? = nil) {
        self.name = name
        self.lowercasedName = name.asciiLowercased
        self.value = value
        self.raw = raw ?? Array("\(name): \(value)".utf8)
    }

    /// The value with RFC 2047 encoded words decoded — meant for unstructured
    /// fields such as Subject, Comments, or display names in From/To.
    public var decodedValue: String { EncodedWords.decode(value) }
}
