/// Case addresses: `abuse+<token>@provider.example` is the reply address of one case, so that an
/// answer to a notice joins its case instead of opening a new one.
public enum CaseAddress {
    /// The token of a case address (the part after `+` in the local part), or nil. Tokens are
    /// letters, digits and `-`, 4–64 characters: anything else after a `+` is not ours.
    public static func token(in address: String) -> String? {
        let trimmed = address.trimmingCharacters(in: ["<", ">", " "])
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        guard let plus = local.firstIndex(of: "+") else { return nil }
        let token = local[local.index(after: plus)...]
        guard (4...64).contains(token.count), token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        return token.lowercased()
    }

    /// The Message-ID of a notice about a case, `<notice.<token>.<unique>@<host>>`: a reply or a
    /// bounce that quotes it in In-Reply-To or References finds the case even when it was not
    /// sent to the case address.
    public static func noticeMessageID(token: String, unique: String, host: String) -> String {
        "<notice.\(token).\(unique)@\(host)>"
    }

    /// The case token of a notice Message-ID (with or without angle brackets), or nil.
    public static func token(inMessageID id: String) -> String? {
        let bare = id.trimmingCharacters(in: ["<", ">", " "])
        guard bare.hasPrefix("notice."), let at = bare.firstIndex(of: "@") else { return nil }
        let parts = bare[..<at].split(separator: ".")
        guard parts.count == 3 else { return nil }
        let token = parts[1]
        guard (4...64).contains(token.count), token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        return token.lowercased()
    }

    /// The reply address of a case: `abuse+<token>@domain` built from the abuse mailbox.
    public static func address(for token: String, mailbox: String) -> String {
        guard let at = mailbox.lastIndex(of: "@") else { return mailbox }
        return mailbox[..<at] + "+" + token + mailbox[at...]
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> Substring {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
