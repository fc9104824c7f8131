/// Charset handling for MIME text (RFC 2045 §5.1 `charset` parameter, RFC 2047 words).
///
/// UTF-8, US-ASCII and ISO-8859-1 are decoded natively (they cover most mail
/// and need no system library); everything else goes through `IconvConverter`.
/// Decoding never fails: unknown charsets and invalid bytes fall back to lossy
/// UTF-8 and report why, because an abuse report in a broken charset must still be readable.
public enum Charsets {
    /// Outcome of a decoding that did not go cleanly.
    public struct Problem: Sendable, Hashable {
        public let code: MIMEDefect.Code
        public let message: String
    }

    /// Canonical charset name: lowercased, quotes, whitespace and any RFC 2231 §5
    /// language suffix (`utf-8*en`) removed, common aliases mapped to one name
    /// that glibc iconv understands.
    public static func normalize(_ name: String) -> String {
        var n = name.trimmingMIMEWhitespace.asciiLowercased
        if n.hasPrefix("\""), n.hasSuffix("\""), n.count >= 2 { n = String(n.dropFirst().dropLast()) }
        if let star = n.firstIndex(of: "*") { n = String(n[..<star]) }
        n = n.trimmingMIMEWhitespace
        if let mapped = aliases[n] { return mapped }
        // windows1252, win-1252, cp-1252 → windows-1252
        for prefix in ["windows", "win-", "win", "cp-", "x-cp", "cp"] where n.hasPrefix(prefix) {
            let rest = n.dropFirst(prefix.count).drop(while: { $0 == "-" || $0 == "_" })
            if rest.count == 4, rest.hasPrefix("125"), rest.allSatisfy(\.isNumber) { return "windows-\(rest)" }
        }
        // iso8859-2, iso_8859-2, iso 8859-2, 8859-2 → iso-8859-2
        let compact = String(n.map { $0 == "_" || $0 == " " ? "-" : $0 })
        for prefix in ["iso-8859-", "iso8859-", "iso-8859", "iso8859", "8859-"] where compact.hasPrefix(prefix) {
            let rest = compact.dropFirst(prefix.count).prefix(while: \.isNumber)
            if !rest.isEmpty {
                return rest == "1" ? "iso-8859-1" : "iso-8859-\(rest)"
            }
        }
        return n
    }

    private static let aliases: [String: String] = [
        "utf8": "utf-8", "utf-8": "utf-8", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8",
        "us-ascii": "us-ascii", "ascii": "us-ascii", "us": "us-ascii", "ansi_x3.4-1968": "us-ascii",
        "iso646-us": "us-ascii", "646": "us-ascii", "ansi-x3.4-1968": "us-ascii", "cp367": "us-ascii",
        "latin1": "iso-8859-1", "latin-1": "iso-8859-1", "l1": "iso-8859-1", "cp819": "iso-8859-1",
        "ibm819": "iso-8859-1", "iso-ir-100": "iso-8859-1",
        "latin2": "iso-8859-2", "l2": "iso-8859-2", "latin9": "iso-8859-15", "latin-9": "iso-8859-15",
        "iso-8859-8-i": "iso-8859-8", "iso-8859-6-i": "iso-8859-6",
        "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "ksc5601": "cp949", "euc-kr": "euc-kr", "x-euc-kr": "euc-kr",
        "windows-949": "cp949",
        "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312-80": "gb18030",
        "csgb2312": "gb18030", "euc-cn": "gb18030", "x-euc-cn": "gb18030", "chinese": "gb18030",
        "big5": "big5-hkscs", "x-big5": "big5-hkscs", "big-5": "big5-hkscs", "cn-big5": "big5-hkscs", "cp950": "big5-hkscs",
        "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
        "windows-31j": "cp932", "ms932": "cp932", "csshiftjis": "cp932",
        "euc-jp": "euc-jp", "x-euc-jp": "euc-jp", "eucjp": "euc-jp",
        "iso-2022-jp": "iso-2022-jp-2", "csiso2022jp": "iso-2022-jp-2", "iso-2022-jp-1": "iso-2022-jp-2",
        "koi8r": "koi8-r", "koi8-r": "koi8-r", "koi8u": "koi8-u", "koi8-ru": "koi8-u",
        "tis-620": "cp874", "windows-874": "cp874", "x-mac-roman": "macintosh", "mac": "macintosh",
        "macroman": "macintosh", "utf7": "utf-7", "unicode-1-1-utf-7": "utf-7",
        "utf16": "utf-16", "utf32": "utf-32", "ucs2": "ucs-2", "unicode": "utf-16",
    ]

    /// Decodes `bytes` in `charset` (nil means US-ASCII, RFC 2045 §5.2 default).
    /// Returns the text and, if something went wrong, a problem to record as a defect.
    public static func decode<C: Collection>(_ bytes: C, charset: String?) -> (text: String, problem: Problem?) where C.Element == UInt8 {
        let cs = normalize(charset ?? "us-ascii")
        switch cs {
        case "utf-8":
            return utf8(bytes, label: "utf-8")
        case "us-ascii", "":
            var ascii = true
            for b in bytes where b >= 0x80 { ascii = false; break }
            if ascii { return (String(decoding: bytes, as: UTF8.self), nil) }
            // 8-bit bytes under a US-ASCII label: very common; UTF-8 is the best guess.
            return utf8(bytes, label: "us-ascii")
        case "iso-8859-1":
            return (Bytes.latin1(bytes), nil)
        default:
            guard let conv = IconvConverter(from: cs) else {
                let (t, _) = utf8(bytes, label: cs)
                return (t, Problem(code: .unknownCharset, message: "Unknown charset \"\(truncated(charset ?? cs))\"; decoded as lossy UTF-8."))
            }
            let (t, invalid) = conv.convert(bytes)
            if invalid > 0 {
                return (t, Problem(code: .invalidCharsetBytes, message: "\(invalid) invalid byte sequence(s) for charset \(cs) were replaced with U+FFFD."))
            }
            return (t, nil)
        }
    }

    private static func utf8<C: Collection>(_ bytes: C, label: String) -> (text: String, problem: Problem?) where C.Element == UInt8 {
        if Bytes.isValidUTF8(bytes) {
            let text = String(decoding: bytes, as: UTF8.self)
            if label == "us-ascii" {
                return (text, Problem(code: .invalidCharsetBytes, message: "8-bit bytes in text labelled US-ASCII; decoded as UTF-8."))
            }
            return (text, nil)
        }
        return (Bytes.lossyUTF8(bytes), Problem(code: .invalidCharsetBytes, message: "Bytes invalid for \(label); decoded as lossy UTF-8."))
    }

    private static func truncated(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }
}
