/// A reply of an SMTP server (RFC 5321 §4.2): a three-digit code and its text lines.
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) { self.code = code; self.lines = lines }

    /// 2xx: the command succeeded.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (DATA's 354, AUTH's 334).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; the same command may succeed later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanent: Bool { (500..<600).contains(code) }

    /// The reply as one line for timelines and logs: `550 5.1.1 no such user`.
    public var summary: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Why the server's reply could not be read.
public enum SMTPReplyError: Error, Hashable, CustomStringConvertible {
    case malformedLine(String)
    case codeChangedWithinReply(first: Int, then: Int)
    case tooLong

    public var description: String {
        switch self {
        case .malformedLine(let line): "the SMTP server sent a line that is not a reply: \(line.prefix(80).debugDescription)"
        case .codeChangedWithinReply(let first, let then): "the SMTP server changed its reply code from \(first) to \(then) within one reply"
        case .tooLong: "the SMTP server sent a reply of more than 100 lines"
        }
    }
}

/// Assembles replies from the lines a server sends: `250-first`, `250-second`, `250 last`.
public struct SMTPReplyParser: Sendable {
    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Takes one line without its CRLF; returns the reply when this line ended it.
    public mutating func feed(_ line: Substring) throws -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), (2...5).contains(Int(bytes[0]) - 0x30),
              bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x2D else {
            throw SMTPReplyError.malformedLine(String(line))
        }
        let value = (Int(bytes[0]) - 0x30) * 100 + (Int(bytes[1]) - 0x30) * 10 + (Int(bytes[2]) - 0x30)
        if let code, code != value { throw SMTPReplyError.codeChangedWithinReply(first: code, then: value) }
        code = value
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= 100 else { throw SMTPReplyError.tooLong }
        guard bytes.count == 3 || bytes[3] == 0x20 else { return nil }
        defer { self.code = nil; self.lines = [] }
        return SMTPReply(code: value, lines: lines)
    }
}
