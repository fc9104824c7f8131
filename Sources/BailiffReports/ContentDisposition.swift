/// A parsed Content-Disposition (RFC 2183): `inline` / `attachment` plus
/// parameters such as `filename` (RFC 2231-decoded).
///
/// Needed to tell the report text from attached evidence and to name attachments.
public struct ContentDisposition: Sendable, Hashable {
    /// Disposition type, lowercased ("inline", "attachment", or whatever was sent).
    public let type: String
    /// Parameters after RFC 2231 decoding.
    public let parameters: MIMEParameters

    public init(type: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = type.asciiLowercased
        self.parameters = parameters
    }

    /// The `filename` parameter (RFC 2183 §2.3), decoded.
    public var filename: String? { parameters["filename"] }
    public var isAttachment: Bool { type == "attachment" }
    public var isInline: Bool { type == "inline" }

    /// Parses a Content-Disposition field value; never fails (an empty type is kept as "").
    public static func parse(_ value: String) -> (disposition: ContentDisposition, problems: [(MIMEDefect.Code, String)]) {
        let out = ParameterizedHeaderParser.parse(value)
        return (ContentDisposition(type: out.value, parameters: out.parameters), out.problems)
    }
}
