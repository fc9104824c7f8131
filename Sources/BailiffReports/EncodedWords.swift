/// RFC 2047 encoded-word decoding (`=?charset?B|Q?text?=`) for unstructured
/// header text such as Subject and display names.
///
/// Abuse reports are routinely in foreign languages and charsets; reading the
/// subject requires this. Per RFC 2047 §6.2, whitespace between two adjacent
/// encoded words is dropped; malformed words are left verbatim (§6.3).
public enum EncodedWords {
    /// Decodes all encoded words in `text`. Never fails; unknown charsets decode lossily.
    public static func decode(_ text: String) -> String {
        let b = Array(text.utf8)
        // Fast path: nothing that could start an encoded word.
        guard Bytes.find(Bytes.equals, in: b, from: 0, to: b.count) != nil else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var pendingCharset: String? = nil
        var pendingBytes: [UInt8] = []
        var lastWasEncoded = false
        var heldSpace: Range<Int>? = nil

        func flushPending() {
            guard let cs = pendingCharset else { return }
            out.append(contentsOf: Charsets.decode(pendingBytes, charset: cs).text.utf8)
            pendingCharset = nil
            pendingBytes.removeAll(keepingCapacity: true)
        }

        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c == Bytes.equals, i + 1 < n, b[i + 1] == UInt8(ascii: "?"), let w = parseWord(b, i) {
                // RFC 2047 §6.2: linear whitespace between adjacent encoded words is ignored.
                heldSpace = nil
                // Join bytes of adjacent words in the same charset before decoding,
                // so a multibyte character split across words survives.
                if pendingCharset != w.charset { flushPending(); pendingCharset = w.charset }
                pendingBytes.append(contentsOf: w.bytes)
                lastWasEncoded = true
                i = w.end
                continue
            }
            if Bytes.isSpaceLike(c) {
                var j = i
                while j < n, Bytes.isSpaceLike(b[j]) { j += 1 }
                if lastWasEncoded { heldSpace = i..<j } else { out.append(contentsOf: b[i..<j]) }
                i = j
                continue
            }
            if lastWasEncoded {
                flushPending()
                if let h = heldSpace { out.append(contentsOf: b[h]) }
                heldSpace = nil
                lastWasEncoded = false
            }
            out.append(c)
            i += 1
        }
        flushPending()
        if let h = heldSpace { out.append(contentsOf: b[h]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses one encoded word at `start` (RFC 2047 §2). Cost is bounded by the
    /// distance to the third "?" or the next whitespace, so scanning stays linear.
    static func parseWord(_ b: [UInt8], _ start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        let n = b.count
        var j = start + 2
        let csStart = j
        while j < n, b[j] != UInt8(ascii: "?") {
            let c = b[j]
            if c <= 32 || c >= 127 || j - csStart > 64 { return nil }
            j += 1
        }
        guard j < n, j > csStart, j + 2 < n, b[j + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: b[csStart..<j], as: UTF8.self)
        // RFC 2231 §5: charset*language
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let enc = Bytes.lower(b[j + 1])
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        let textStart = j + 3
        var k = textStart
        while k < n {
            let c = b[k]
            if c == UInt8(ascii: "?") {
                guard k + 1 < n, b[k + 1] == Bytes.equals else { return nil }
                break
            }
            if c <= 32 || c >= 127 { return nil }
            k += 1
        }
        guard k < n else { return nil }
        let text = b[textStart..<k]
        let bytes: [UInt8]
        if enc == UInt8(ascii: "b") {
            let r = Base64Decoder.decode(text)
            if r.invalidCharacters > 0 { return nil }
            bytes = r.bytes
        } else {
            bytes = QuotedPrintableDecoder.decodeQ(text)
        }
        return (charset.asciiLowercased, bytes, k + 2)
    }
}
