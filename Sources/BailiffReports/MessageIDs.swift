/// Extracts message identifiers from Message-ID, In-Reply-To and References
/// (RFC 5322 §3.6.4: `msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]`).
///
/// Ids link a report to the offending mail and to earlier correspondence.
/// Returned without angle brackets. Obsolete forms (§4.5.4) and junk between ids
/// are skipped; bare ids without brackets are accepted as a fallback.
public enum MessageIDs {
    /// All ids in `value`, in order.
    public static func parse(_ value: String) -> [String] {
        let b = Array(value.utf8)
        let n = b.count
        var ids: [String] = []
        var i = 0
        var bare: [UInt8] = []
        var bareTokens: [String] = []
        func endBare() {
            if bare.contains(UInt8(ascii: "@")) { bareTokens.append(String(decoding: bare, as: UTF8.self)) }
            bare.removeAll()
        }
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "(") {
                // RFC 5322 §3.2.2 comment (nested)
                var depth = 0
                while i < n {
                    if b[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if b[i] == UInt8(ascii: "(") { depth += 1 }
                    if b[i] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { i += 1; break } }
                    i += 1
                }
                endBare()
                continue
            }
            if c == UInt8(ascii: "<") {
                endBare()
                var j = i + 1
                var id: [UInt8] = []
                while j < n, b[j] != UInt8(ascii: ">"), b[j] != UInt8(ascii: "<") {
                    if !Bytes.isSpaceLike(b[j]) { id.append(b[j]) }
                    j += 1
                }
                if j < n, b[j] == UInt8(ascii: ">"), !id.isEmpty {
                    ids.append(Bytes.headerString(id))
                    i = j + 1
                } else {
                    i = j
                }
                continue
            }
            if Bytes.isSpaceLike(c) || c == UInt8(ascii: ",") { endBare() } else { bare.append(c) }
            i += 1
        }
        endBare()
        return ids.isEmpty ? bareTokens : ids
    }
}
