/// A parsed `Received` trace field (RFC 5322 §3.6.7, RFC 5321 §4.4).
///
/// The Received chain is the evidence of where a reported mail really came
/// from; the clauses are extracted leniently since every MTA formats them differently.
public struct ReceivedField: Sendable, Hashable {
    /// Unfolded field value.
    public let value: String
    /// Text after `from` (the sending host as announced, plus any comment).
    public let from: String?
    /// Text after `by` (the receiving host).
    public let by: String?
    /// Text after `with` (protocol, e.g. ESMTPS).
    public let with: String?
    /// Text after `id`.
    public let id: String?
    /// Text after `for` (recipient).
    public let `for`: String?
    /// The date-time after the last ";" as epoch seconds.
    public let date: Int64?

    /// Parses a Received value.
    public init(_ value: String) {
        self.value = value
        var clauses = value
        var date: Int64? = nil
        if let semi = value.lastIndex(of: ";") {
            date = RFC5322Date.parse(String(value[value.index(after: semi)...]))
            clauses = String(value[..<semi])
        }
        self.date = date
        // Tokenise on whitespace, keeping parenthesised comments attached to the previous clause.
        var found: [String: [Substring]] = [:]
        var current: String? = nil
        let keywords: Set<String> = ["from", "by", "with", "id", "for", "via"]
        var depth = 0
        for tok in clauses.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }) {
            let lower = tok.lowercased()
            if depth == 0, keywords.contains(lower), found[lower] == nil {
                current = lower
                found[lower] = []
                continue
            }
            for ch in tok { if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } }
            if let c = current { found[c]!.append(tok) }
        }
        func clause(_ k: String) -> String? {
            guard let v = found[k], !v.isEmpty else { return nil }
            return v.joined(separator: " ")
        }
        self.from = clause("from")
        self.by = clause("by")
        self.with = clause("with")
        self.id = clause("id")
        self.for = clause("for")
    }
}
