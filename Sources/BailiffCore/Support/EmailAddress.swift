/// Checks on e-mail addresses given to Bailiff as contacts.
public enum EmailAddress {
    /// The address of a mailbox as headers write it — `Name <local@domain>` or a bare address —
    /// without the name, brackets and surrounding spaces. Not checked: see ``isPlausible(_:)``.
    public static func addrSpec(_ mailbox: some StringProtocol) -> String {
        var text = Substring(mailbox)
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close { text = text[text.index(after: open)..<close] }
        return String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Whether `text` looks like `local@domain.tld`: one `@`, a non-empty local part, a domain with a
    /// dot and no spaces. Deliberately loose on the local part (RFC 5321 allows much); strict
    /// enough to catch a name or a phone number typed into the wrong column.
    public static func isPlausible(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, text.count <= 254 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "," && $0 != ";" && $0 != "<" && $0 != ">" }
    }
}
