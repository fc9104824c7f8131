/// A line of an anchor file that is not a valid ``AuditAnchor``.
///
/// An anchor file is written only by appending whole lines, so a bad line means it was
/// damaged or edited: find out why before fixing it, since hiding an anchor hides tampering.
public struct AuditAnchorParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the line.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line contains a tab, carriage return or other control character.
        case controlCharacter
        /// The line does not start with `bailiff-audit-anchor`.
        case notAnAnchor
        /// The second field is not `v1`.
        case unsupportedVersion(String)
        /// Two spaces in a row, or a space at the start or end of the line.
        case emptyField
        /// Not exactly five space-separated fields.
        case wrongFieldCount(Int)
        /// The sequence field is not a decimal integer ≥ 1 without sign or leading zeros.
        case badSequence(String)
        /// The hash field is not 64 lower-case hex digits.
        case badHash(String)
        /// The anchoredAt field is not a decimal integer ≥ 0 without sign or leading zeros.
        case badAnchoredAt(String)
        /// An empty line that is not the end of the file.
        case emptyLine

        public var description: String {
            switch self {
            case .controlCharacter:
                return "it contains a tab, carriage return or other control character "
                    + "(anchor files use LF line endings and single spaces)"
            case .notAnAnchor:
                return "it does not start with `bailiff-audit-anchor`"
            case .unsupportedVersion(let version):
                return "its format version is `\(Self.clip(version))`, but only `v1` is understood "
                    + "(use a bailiff release that writes this version)"
            case .emptyField:
                return "it has two spaces in a row or a leading or trailing space"
            case .wrongFieldCount(let count):
                return "it has \(count) space-separated fields instead of 5"
            case .badSequence(let text):
                return "its sequence `\(Self.clip(text))` is not a whole number ≥ 1 written without sign or leading zeros"
            case .badHash(let text):
                let upper = text.utf8.count == 64 && Hex.isSHA256(text.lowercased())
                return "its hash `\(Self.clip(text))` is not 64 lower-case hex digits"
                    + (upper ? " (it is upper-case; anchors are written in lower case)" : "")
            case .badAnchoredAt(let text):
                return "its time `\(Self.clip(text))` is not a whole number of seconds ≥ 0 written without sign or leading zeros"
            case .emptyLine:
                return "it is empty, and only the end of the file may be"
            }
        }

        /// Keeps messages readable when the offending text is huge.
        static func clip(_ text: String) -> String {
            text.count <= 80 ? text : String(text.prefix(77)) + "..."
        }
    }

    /// The 1-based line number within the text or file parsed.
    public var lineNumber: Int
    /// The offending line as read.
    public var line: String
    /// What is wrong with it.
    public var problem: Problem

    public init(lineNumber: Int, line: String, problem: Problem) {
        self.lineNumber = lineNumber
        self.line = line
        self.problem = problem
    }

    public var description: String {
        "anchor line \(lineNumber) is invalid: \(problem). Expected `\(AuditAnchor.linePrefix) "
            + "<sequence> <hash> <anchoredAt>`, e.g. `\(AuditAnchor.linePrefix) 42 \(AuditChain.genesisHash) 1700000000`. "
            + "The anchor file is append-only, so find out how this line was damaged before correcting it."
    }
}
