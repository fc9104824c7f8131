/// A parsed Content-Type (RFC 2045 §5.1): `type/subtype` plus parameters.
///
/// Type and subtype are lowercased (they are case-insensitive). When the
/// header is absent or unusable, RFC 2045 §5.2 says to assume
/// `text/plain; charset=us-ascii` — or `message/rfc822` inside a multipart/digest (RFC 2046 §5.1.5).
public struct ContentType: Sendable, Hashable, CustomStringConvertible {
    /// Top-level media type, lowercased ("text", "multipart", …).
    public let type: String
    /// Subtype, lowercased ("plain", "mixed", "feedback-report", …).
    public let subtype: String
    /// Parameters (charset, boundary, name, …) after RFC 2231 decoding.
    public let parameters: MIMEParameters

    public init(type: String, subtype: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = type.asciiLowercased
        self.subtype = subtype.asciiLowercased
        self.parameters = parameters
    }

    /// `type/subtype`, lowercased.
    public var mimeType: String { "\(type)/\(subtype)" }
    /// The `charset` parameter, if any.
    public var charset: String? { parameters["charset"] }
    /// The `boundary` parameter, if any (RFC 2046 §5.1.1).
    public var boundary: String? { parameters["boundary"] }
    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }
    /// Whether the body is itself a message to parse recursively (RFC 2046 §5.2.1, RFC 6532 §3.7).
    public var isEncapsulatedMessage: Bool { type == "message" && (subtype == "rfc822" || subtype == "global") }

    public var description: String { mimeType }

    /// RFC 2045 §5.2 default.
    public static let textPlain = ContentType(type: "text", subtype: "plain",
                                              parameters: MIMEParameters([.init(name: "charset", value: "us-ascii")]))
    /// RFC 2046 §5.1.5 default inside multipart/digest.
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type field value. Returns nil (plus problems) when the
    /// value is not `token "/" token`; callers then fall back to the default.
    public static func parse(_ value: String) -> (contentType: ContentType?, problems: [(MIMEDefect.Code, String)]) {
        let out = ParameterizedHeaderParser.parse(value)
        let parts = out.value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, isToken(parts[0]), isToken(parts[1]) else {
            return (nil, out.problems + [(.malformedContentType, "Content-Type \"\(String(value.prefix(60)))\" is not type/subtype; assumed the default.")])
        }
        return (ContentType(type: String(parts[0]), subtype: String(parts[1]), parameters: out.parameters), out.problems)
    }

    /// RFC 2045 §5.1 token: printable ASCII except SPACE and tspecials.
    static func isToken(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 127 else { return false }
        return s.utf8.allSatisfy { c in
            c > 32 && c < 127 && !"()<>@,;:\\\"/[]?=".utf8.contains(c)
        }
    }
}
