/// Minimal HTML-to-text conversion for `textBody` when a report has only an HTML part.
///
/// Not an HTML parser: it drops tags, script/style content and comments,
/// turns block-level tags into newlines and decodes common character
/// references. Linear: an unterminated "<" makes the rest literal text.
public enum HTMLText {
    public static func strip(_ html: String) -> String {
        let b = Array(html.utf8)
        let n = b.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var i = 0
        var noMoreTagEnd = false
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), amp = UInt8(ascii: "&")
        while i < n {
            let c = b[i]
            if c == lt, !noMoreTagEnd {
                // HTML comment
                if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == Bytes.dash, b[i + 3] == Bytes.dash {
                    if let e = find(b, Array("-->".utf8), from: i + 4) { i = e + 3 } else { i = n }
                    continue
                }
                guard let close = Bytes.find(gt, in: b, from: i + 1, to: n) else {
                    noMoreTagEnd = true
                    out.append(c); i += 1
                    continue
                }
                var nameStart = i + 1
                if nameStart < close, b[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close, (b[nameEnd] | 0x20) >= 97, (b[nameEnd] | 0x20) <= 122 || (b[nameEnd] >= 48 && b[nameEnd] <= 57) { nameEnd += 1 }
                let name = String(decoding: b[nameStart..<nameEnd].map(Bytes.lower), as: UTF8.self)
                let closing = nameStart > i + 1
                if !closing, name == "script" || name == "style" {
                    if let e = findCaseInsensitive(b, Array("</\(name)".utf8), from: close + 1) {
                        i = Bytes.find(gt, in: b, from: e, to: n).map { $0 + 1 } ?? n
                    } else {
                        i = n
                    }
                    continue
                }
                if blockTags.contains(name) { out.append(Bytes.lf) }
                i = close + 1
                continue
            }
            if c == amp, let (bytes, len) = entity(b, i) {
                out.append(contentsOf: bytes)
                i += len
                continue
            }
            out.append(c)
            i += 1
        }
        // Collapse runs of blank lines and trailing spaces.
        let text = String(decoding: out, as: UTF8.self)
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
            var s = t
            while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
            if s.isEmpty { blank += 1; if blank > 1 { continue } } else { blank = 0 }
            lines.append(s)
        }
        return lines.joined(separator: "\n").trimmingMIMEWhitespace
    }

    private static let blockTags: Set<String> = ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                                  "table", "ul", "ol", "pre", "blockquote", "hr", "title"]

    private static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                                  "nbsp": " ", "copy": "©", "reg": "®", "euro": "€", "hellip": "…"]

    /// Decodes a character reference at `i` ("&amp;", "&#39;", "&#x27;"); bounded lookahead.
    private static func entity(_ b: [UInt8], _ i: Int) -> ([UInt8], Int)? {
        var j = i + 1
        while j < b.count, j - i <= 10, b[j] != UInt8(ascii: ";") {
            let c = b[j]
            if !((c | 0x20) >= 97 && (c | 0x20) <= 122) && !(c >= 48 && c <= 57) && c != UInt8(ascii: "#") { return nil }
            j += 1
        }
        guard j < b.count, b[j] == UInt8(ascii: ";"), j > i + 1 else { return nil }
        let body = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        if body.hasPrefix("#") {
            var digits = body.dropFirst()
            var radix = 10
            if digits.first == "x" || digits.first == "X" { radix = 16; digits = digits.dropFirst() }
            guard let v = UInt32(digits, radix: radix), let s = Unicode.Scalar(v), v != 0 else { return nil }
            return (Array(String(Character(s)).utf8), j - i + 1)
        }
        guard let s = named[body.lowercased()] else { return nil }
        return (Array(s.utf8), j - i + 1)
    }

    private static func find(_ b: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        var i = from
        while let p = Bytes.find(needle[0], in: b, from: i, to: b.count) {
            if p + needle.count > b.count { return nil }
            if Array(b[p..<(p + needle.count)]) == needle { return p }
            i = p + 1
        }
        return nil
    }

    private static func findCaseInsensitive(_ b: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        var i = from
        while let p = Bytes.find(needle[0], in: b, from: i, to: b.count) {
            if p + needle.count > b.count { return nil }
            var ok = true
            for k in 0..<needle.count where Bytes.lower(b[p + k]) != needle[k] { ok = false; break }
            if ok { return p }
            i = p + 1
        }
        return nil
    }
}
