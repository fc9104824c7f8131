/// A copy of the chain head kept outside the database.
///
/// Whoever can edit the audit table can also recompute every hash after an edit, or
/// delete the newest rows; the chain alone cannot show either. An anchor records which
/// hash entry ``sequence`` had at ``anchoredAt``; ``AuditVerifier`` then checks that the
/// entry still has that hash and still exists. Anchors are written one per line to an
/// append-only file (see ``AuditAnchorFile``) that the database's writers cannot change.
///
/// The text form is one line, fields separated by single spaces:
///
/// ```
/// bailiff-audit-anchor v1 <sequence> <hash> <anchoredAt>
/// ```
///
/// `<sequence>` is a decimal integer ≥ 1, `<hash>` 64 lower-case hex digits and
/// `<anchoredAt>` a decimal integer ≥ 0 (seconds since 1970), both without sign or
/// leading zeros.
public struct AuditAnchor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first two fields of every anchor line.
    public static let linePrefix = "bailiff-audit-anchor v1"

    /// The sequence number of the anchored entry.
    public var sequence: Int64
    /// The ``AuditEntry/hash`` that entry had when anchored.
    public var hash: String
    /// When the anchor was taken, in seconds since 1970-01-01T00:00:00Z.
    public var anchoredAt: Int64

    /// Creates an anchor from its parts, without checking them; ``AuditVerifier`` does that.
    public init(sequence: Int64, hash: String, anchoredAt: Int64) {
        self.sequence = sequence
        self.hash = hash
        self.anchoredAt = anchoredAt
    }

    /// Anchors the current head of the chain.
    public init(head: AuditEntry, anchoredAt: Int64) {
        self.init(sequence: head.sequence, hash: head.hash, anchoredAt: anchoredAt)
    }

    /// Parses one anchor line, strictly: exactly the form shown on ``AuditAnchor``, with no
    /// surrounding whitespace and no line terminator.
    ///
    /// - Throws: ``AuditAnchorParseError`` naming what is wrong; its line number is 1.
    public init(line: some StringProtocol) throws(AuditAnchorParseError) {
        let text = String(line)
        do {
            self = try Self.parse(text)
        } catch {
            throw AuditAnchorParseError(lineNumber: 1, line: text, problem: error)
        }
    }

    /// The one-line text form, without a line terminator.
    public var line: String {
        "\(Self.linePrefix) \(sequence) \(hash) \(anchoredAt)"
    }

    public var description: String { line }

    static func parse(_ text: String) throws(AuditAnchorParseError.Problem) -> AuditAnchor {
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) {
            throw .controlCharacter
        }
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.first == "bailiff-audit-anchor" else { throw .notAnAnchor }
        guard fields.count >= 2 else { throw .wrongFieldCount(fields.count) }
        guard fields[1] == "v1" else { throw .unsupportedVersion(String(fields[1])) }
        guard !fields.contains(where: \.isEmpty) else { throw .emptyField }
        guard fields.count == 5 else { throw .wrongFieldCount(fields.count) }

        guard let sequence = strictDecimal(fields[2]), sequence >= 1 else {
            throw .badSequence(String(fields[2]))
        }
        let hash = String(fields[3])
        guard Hex.isSHA256(hash) else { throw .badHash(hash) }
        guard let anchoredAt = strictDecimal(fields[4]) else {
            throw .badAnchoredAt(String(fields[4]))
        }
        return AuditAnchor(sequence: sequence, hash: hash, anchoredAt: anchoredAt)
    }

    /// Digits only, no sign, no leading zeros (except `"0"` itself), and within `Int64`.
    private static func strictDecimal(_ text: Substring) -> Int64? {
        let bytes = text.utf8
        guard let first = bytes.first,
              bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              first != UInt8(ascii: "0") || bytes.count == 1
        else { return nil }
        return Int64(text)
    }
}
