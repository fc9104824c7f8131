import BailiffCore

/// The JSON Schema string formats the XARF schemas use (`email`, `hostname`, `uri`, `uuid`,
/// `date-time`), checked the way a schema validator would, without regular expressions.
///
/// The checks are deliberately plain: they reject what the abusix negative samples put in these
/// fields (`"spamexample.com"` as an e-mail, `"this is not a hostname"`, `"192.168.0.11"` as a URL)
/// and accept every positive sample; they are not full RFC 5321/3986 grammars.
enum XARFFormat: Sendable {
    case email
    case hostname
    case uri
    case uuid
    case dateTime

    /// How a defect names the format: "… is not an e-mail address".
    var noun: String {
        switch self {
        case .email: "an e-mail address"
        case .hostname: "a host name"
        case .uri: "a URI"
        case .uuid: "a UUID"
        case .dateTime: "an RFC 3339 date-time"
        }
    }

    /// Whether `text` is of this format.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .email: Self.isEmail(text)
        case .hostname: Self.isHostname(text)
        case .uri: Self.isURI(text)
        case .uuid: Self.isUUID(text)
        case .dateTime: Self.dateTime(text) != nil
        }
    }

    /// RFC 3339 §5.6 `date-time` as epoch seconds: a full date, a `T` and a time with offset
    /// (``Timestamp/parse(_:)`` alone would also take a bare date, which JSON Schema does not).
    static func dateTime(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return nil }
        return Timestamp.parse(text)
    }

    /// `local@domain`: one `@`, a non-empty local part without spaces, a host name with a dot.
    static func isEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 320, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, local.utf8.count <= 64, !local.contains("@"),
            local.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
        else { return false }
        return domain.contains(".") && isHostname(domain)
    }

    /// RFC 1123 §2.1 host name: dot-separated labels of letters, digits and hyphens, 1–63
    /// characters each, not starting or ending with a hyphen; 253 characters at most.
    static func isHostname(_ text: String) -> Bool {
        var name = Substring(text)
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-"),
                bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        return true
    }

    /// RFC 3986 §3 absolute URI: a scheme (letter, then letters, digits, `+ - .`), a colon and
    /// a non-empty rest without spaces or control characters.
    static func isURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = Array(text[..<colon].utf8)
        let rest = text[text.index(after: colon)...]
        guard let first = scheme.first, isLetter(first),
            scheme.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
            !rest.isEmpty, rest.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
        else { return false }
        return true
    }

    /// RFC 4122 §3 textual UUID: 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.utf8.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.utf8.allSatisfy(isHexDigit) }
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
