/// The host a reported URL or domain names, as intake must resolve it to attribute the event.
///
/// Reports write URLs loosely: with or without a scheme (`personals.cf/index.php`), defanged
/// (`hxxp://`, `example[.]com`), with user info, a port, an IPv6 literal in brackets. This reads
/// the host out of all of them and says whether it is already an address.
public enum ReportedHost: Sendable, Hashable {
    /// The URL names an address literally: no lookup needed.
    case address(IPAddress)
    /// A host name in lower case, without a trailing dot: to be resolved.
    case name(String)

    /// The host of `url`, or nil when there is none that DNS could answer for.
    public init?(url: String) {
        var text = Substring(url.trimmingSpacesAndQuotes)
        text = Substring(text.replacingAll("[.]", with: ".").replacingAll("(.)", with: "."))
        if let schemeEnd = text.firstRange(of: "://") { text = text[schemeEnd.upperBound...] }
        // The authority ends at the first path, query or fragment delimiter.
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "\\" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            guard let address = IPAddress(text[text.index(after: text.startIndex)..<close]) else { return nil }
            self = .address(address)
            return
        }
        if let address = IPAddress(text) { self = .address(address); return }  // a bare IPv6 literal has colons
        if let colon = text.lastIndex(of: ":") { text = text[..<colon] }
        if text.hasSuffix(".") { text = text.dropLast() }
        if let address = IPAddress(text) { self = .address(address); return }
        let name = text.lowercased()
        guard ReportedHost.isHostName(name) else { return nil }
        self = .name(name)
    }

    /// A DNS name of at least two labels, letters, digits, hyphens and underscores, each label
    /// 1–63 bytes, 253 in all (RFC 1035 §2.3.4, with the underscores real names carry).
    static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            guard label.utf8.allSatisfy({ byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte >= 0x80
            }) else { return false }
        }
        // The top-level label is never all digits (that would be a malformed address).
        return !labels.last!.allSatisfy(\.isNumber)
    }
}

extension String {
    fileprivate var trimmingSpacesAndQuotes: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "<" || first == "\"" || first == "'" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" || last == ">" || last == "\"" || last == "'" { view = view.dropLast() }
        return String(view)
    }
}

extension StringProtocol {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
