/// Content-Transfer-Encoding (RFC 2045 §6) and decoding of a body with it.
public enum ContentTransferEncoding: Sendable, Hashable, CustomStringConvertible {
    case sevenBit, eightBit, binary, base64, quotedPrintable
    /// Anything else (x-uuencode, typos, …): the body is kept raw and a defect recorded.
    case unknown(String)

    /// Parses the field value (case-insensitive, comments and whitespace ignored). nil → 7bit (RFC 2045 §6.1 default).
    public init(headerValue: String?) {
        guard let v = headerValue else { self = .sevenBit; return }
        let token = ParameterizedHeaderParser.parse(v).value
        switch token {
        case "", "7bit", "7-bit": self = .sevenBit
        case "8bit", "8-bit": self = .eightBit
        case "binary": self = .binary
        case "base64": self = .base64
        case "quoted-printable", "quotedprintable", "quoted_printable": self = .quotedPrintable
        default: self = .unknown(token)
        }
    }

    public var description: String {
        switch self {
        case .sevenBit: return "7bit"
        case .eightBit: return "8bit"
        case .binary: return "binary"
        case .base64: return "base64"
        case .quotedPrintable: return "quoted-printable"
        case .unknown(let s): return s
        }
    }

    /// Whether decoding changes the bytes (RFC 2045 §6.2: 7bit/8bit/binary are identity).
    public var isIdentity: Bool {
        switch self {
        case .sevenBit, .eightBit, .binary: return true
        default: return false
        }
    }

    /// Decodes `bytes[range]`; problems are returned for the caller to record.
    func decode(_ bytes: [UInt8], _ range: Range<Int>) -> (bytes: [UInt8], problems: [(MIMEDefect.Code, String)]) {
        switch self {
        case .sevenBit, .eightBit, .binary:
            return (Array(bytes[range]), [])
        case .base64:
            // RFC 2045 §6.8
            let r = Base64Decoder.decode(bytes[range])
            var p: [(MIMEDefect.Code, String)] = []
            if r.invalidCharacters > 0 { p.append((.invalidBase64, "\(r.invalidCharacters) characters outside the base64 alphabet were skipped.")) }
            if r.truncated { p.append((.truncatedBase64, "Base64 data ended with a lone character (6 bits), which was dropped.")) }
            return (r.bytes, p)
        case .quotedPrintable:
            // RFC 2045 §6.7
            let r = QuotedPrintableDecoder.decode(bytes, range)
            return (r.bytes, r.invalidEscapes > 0 ? [(.invalidQuotedPrintable, "\(r.invalidEscapes) invalid quoted-printable escapes were kept literally.")] : [])
        case .unknown(let name):
            return (Array(bytes[range]), [(.unknownTransferEncoding, "Unknown Content-Transfer-Encoding \"\(String(name.prefix(40)))\"; body kept undecoded.")])
        }
    }
}
