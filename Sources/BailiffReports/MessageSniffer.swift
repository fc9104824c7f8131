/// Cheap check whether a file or upload looks like an RFC 5322 message, used to
/// pick mails out of mixed report folders (CSV, JSON and mail side by side).
public enum MessageSniffer {
    private static let knownFields: Set<String> = [
        "from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version",
        "content-type", "delivered-to", "reply-to", "sender", "x-original-to", "cc",
    ]

    /// True if, after an optional mbox `From ` line, the input starts with a
    /// header block (consecutive `name: value` lines, folding allowed) that
    /// contains at least one well-known RFC 5322 / MIME field.
    public static func looksLikeMail(_ bytes: [UInt8]) -> Bool {
        let end = min(bytes.count, 256 * 1024)
        var pos = 0
        if HeaderBlockParser.startsWithMboxFrom(bytes, 0, end) { pos = Bytes.line(in: bytes, from: 0, to: end).next }
        var fields = 0
        var known = false
        var lines = 0
        while pos < end, lines < 500 {
            let (ce, next) = Bytes.line(in: bytes, from: pos, to: end)
            lines += 1
            if ce == pos { break }
            if Bytes.isWSP(bytes[pos]) {
                if fields == 0 { return false }
            } else if let colon = HeaderBlockParser.headerColon(bytes, pos, min(ce, pos + 200)) {
                fields += 1
                var ne = colon
                while ne > pos, Bytes.isWSP(bytes[ne - 1]) { ne -= 1 }
                if knownFields.contains(String(decoding: bytes[pos..<ne], as: UTF8.self).asciiLowercased) { known = true }
            } else {
                return false
            }
            pos = next
        }
        return fields > 0 && known
    }
}
