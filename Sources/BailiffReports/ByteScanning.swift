import Glibc

/// Low-level byte helpers shared by the parser. Everything works on `[UInt8]`
/// plus index ranges so nested entities never copy their parent's bytes.
enum Bytes {
    static let cr: UInt8 = 13, lf: UInt8 = 10, space: UInt8 = 32, tab: UInt8 = 9
    static let colon: UInt8 = 58, dash: UInt8 = 45, equals: UInt8 = 61

    @inline(__always) static func isWSP(_ b: UInt8) -> Bool { b == space || b == tab }

    /// Index of the next `byte` in `bytes[from..<to]`, using memchr (linear, fast).
    static func find(_ byte: UInt8, in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress else { return nil }
            guard let p = memchr(base + from, Int32(byte), to - from) else { return nil }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// A physical line inside `bytes[start..<end]`: `contentEnd` excludes the
    /// CRLF / LF terminator, `next` is the start of the following line.
    /// RFC 5322 §2.1 says CRLF; bare LF is accepted because it is common.
    @inline(__always)
    static func line(in bytes: [UInt8], from start: Int, to end: Int) -> (contentEnd: Int, next: Int) {
        if let nl = find(lf, in: bytes, from: start, to: end) {
            let ce = (nl > start && bytes[nl - 1] == cr) ? nl - 1 : nl
            return (ce, nl + 1)
        }
        return (end, end)
    }

    /// ASCII lowercase of a byte.
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }

    /// Decodes header-ish bytes: UTF-8 when valid (RFC 6532), else ISO-8859-1 so no byte is lost.
    static func headerString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii || isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return latin1(bytes)
    }

    static func latin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = String.UnicodeScalarView()
        s.reserveCapacity(bytes.count)
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    /// Lossy UTF-8 decoding: each maximal invalid subsequence becomes U+FFFD.
    /// (Hand-rolled because the stdlib repair path is very slow on long invalid runs.)
    static func lossyUTF8<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var it = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): UTF8.encode(s) { out.append($0) }
            case .emptyInput: break loop
            case .error: out.append(0xEF); out.append(0xBF); out.append(0xBD)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Trims ASCII whitespace (SP, HTAB, CR, LF) from both ends of a range.
    static func trim(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, isSpaceLike(bytes[lo]) { lo += 1 }
        while hi > lo, isSpaceLike(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    @inline(__always) static func isSpaceLike(_ b: UInt8) -> Bool { b == space || b == tab || b == cr || b == lf }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }
}

extension String {
    /// ASCII-lowercased copy (header names, MIME types and parameter names are ASCII, case-insensitive).
    var asciiLowercased: String {
        var needs = false
        for b in utf8 where b >= 65 && b <= 90 { needs = true; break }
        if !needs { return self }
        return String(decoding: utf8.map { Bytes.lower($0) }, as: UTF8.self)
    }

    /// Trims SP, HTAB, CR, LF at both ends.
    var trimmingMIMEWhitespace: String {
        let u = Array(utf8)
        let r = Bytes.trim(u, 0..<u.count)
        if r.count == u.count { return self }
        return String(decoding: u[r], as: UTF8.self)
    }
}
