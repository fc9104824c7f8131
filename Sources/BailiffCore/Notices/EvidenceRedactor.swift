/// Takes third parties' personal data out of evidence before a customer reads it: every e-mail
/// address (the complainant's, the spam's recipients) and every IP address that is not one of
/// the customer's own in this case — a report naming several customers' addresses must not
/// show one customer another's.
public struct EvidenceRedactor: Sendable {
    /// Addresses the reader may see (the case's own).
    public var keep: Set<IPAddress>

    public init(keep: Set<IPAddress>) { self.keep = keep }

    public static let addressMark = "[address removed]"
    public static let mailMark = "[e-mail removed]"

    public func redact(_ text: String) -> String {
        var output = ""
        var token = ""
        func flush() {
            guard !token.isEmpty else { return }
            output += replacement(for: token)
            token = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || "@.:-_+%!#$&'*/=?^`{|}~[]".contains(character) {
                token.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// A word of the text as it may be shown: an e-mail address goes whole; addresses inside a
    /// word (`DST=203.0.113.9`, `unknown[203.0.113.5]`, `203.0.113.5:22`, `[2001:db8::1]:443`)
    /// are replaced where they stand, the rest of the word kept.
    func replacement(for word: String) -> String {
        if let at = word.firstIndex(of: "@"), word[..<at].contains(where: { $0.isLetter || $0.isNumber }), word[word.index(after: at)...].contains(".") {
            return Self.mailMark
        }
        var output = ""
        var run = ""
        func flush() {
            defer { run = "" }
            guard !run.isEmpty else { return }
            output += redactRun(run)
        }
        for character in word {
            if character.isHexDigit || character == "." || character == ":" { run.append(character) } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// A run of hex digits, dots and colons: the address in it replaced unless it is ours.
    func redactRun(_ run: String) -> String {
        // Sentence punctuation and a trailing ":port" are not part of the address.
        var core = Substring(run)
        var tail = ""
        while let last = core.last, last == "." || last == ":" { tail = String(last) + tail; core = core.dropLast() }
        if let address = Self.address(core) { return keep.contains(address) ? run : Self.addressMark + tail }
        if let colon = core.lastIndex(of: ":"), core[core.index(after: colon)...].allSatisfy(\.isNumber),
           let address = Self.address(core[..<colon]), address.family == .v4 {
            return keep.contains(address) ? run : Self.addressMark + String(core[colon...]) + tail
        }
        return run
    }

    /// An address written out in full: IPv4 with three dots, or IPv6 with two colons or more.
    static func address(_ text: Substring) -> IPAddress? {
        let dots = text.filter { $0 == "." }.count, colons = text.filter { $0 == ":" }.count
        guard (dots == 3 && colons == 0) || colons >= 2 else { return nil }
        return IPAddress(text)
    }
}
