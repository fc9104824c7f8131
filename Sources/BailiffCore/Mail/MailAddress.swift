/// A mailbox with an optional display name, as it appears in `From`, `To` and `Cc`.
public struct MailAddress: Sendable, Hashable, Codable {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) { self.address = address; self.name = name }

    /// The header form: `"Example Hosting" <abuse@example.net>`, with a non-ASCII name as an
    /// RFC 2047 encoded word.
    public var headerText: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        if !name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) {
            return HeaderEncoding.encodedWords(name).joined(separator: " ") + " <\(address)>"
        }
        let atomSafe = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == " " || "!#$%&'*+-/=?^_`{|}~0123456789".unicodeScalars.contains($0) }
        if atomSafe { return "\(name) <\(address)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address)>"
    }
}
