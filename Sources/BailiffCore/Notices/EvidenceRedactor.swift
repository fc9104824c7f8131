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

    /// A word of the text as it may be shown.
    func replacement(for word: String) -> String {
        if let at = word.firstIndex(of: "@"), word[..<at].contains(where: { $0.isLetter || $0.isNumber }), word[word.index(after: at)...].contains(".") {
            return Self.mailMark
        }
        // Trailing punctuation of a sentence is not part of an address ("…from 192.0.2.1.").
        var core = Substring(word)
        var tail = ""
        while let last = core.last, ".:,]".contains(last) { tail = String(last) + tail; core = core.dropLast() }
        var head = ""
        while let first = core.first, first == "[" { head += String(first); core = core.dropFirst() }
        if core.contains("."), core.filter({ $0 == "." }).count == 3, let address = IPAddress(core) {
            return keep.contains(address) ? word : head + Self.addressMark + tail
        }
        if core.filter({ $0 == ":" }).count >= 2, let address = IPAddress(core) {
            return keep.contains(address) ? word : head + Self.addressMark + tail
        }
        return word
    }
}
