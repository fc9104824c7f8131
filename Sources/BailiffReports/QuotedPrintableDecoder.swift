/// Quoted-printable decoder (RFC 2045 §6.7) and the RFC 2047 §4.2 "Q" variant.
///
/// Invalid escapes are kept literally (RFC 2045 §6.7 note 1 recommends this),
/// so no byte of hostile input is silently lost.
enum QuotedPrintableDecoder {
    struct Result {
        var bytes: [UInt8]
        /// "=" not followed by two hex digits or a line break.
        var invalidEscapes: Int
    }

    /// Body decoding (RFC 2045 §6.7): `=XX` escapes, `=` at end of line is a
    /// soft line break, trailing whitespace on a line is transport padding and removed (rule 3).
    static func decode(_ bytes: [UInt8], _ range: Range<Int>) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var invalid = 0
        var i = range.lowerBound
        let end = range.upperBound
        // Start of a run of trailing-whitespace candidates in `out`.
        var wsRunStart = -1
        while i < end {
            let b = bytes[i]
            if b == Bytes.equals {
                // Soft line break: "=" [WSP...] CRLF|LF   (RFC 2045 §6.7 rule 5)
                var j = i + 1
                while j < end, Bytes.isWSP(bytes[j]) { j += 1 }
                if j < end, bytes[j] == Bytes.lf { i = j + 1; wsRunStart = -1; continue }
                if j + 1 < end, bytes[j] == Bytes.cr, bytes[j + 1] == Bytes.lf { i = j + 2; wsRunStart = -1; continue }
                if j == end { i = end; continue } // "=" at the very end: soft break
                if i + 2 < end, let h = Bytes.hexValue(bytes[i + 1]), let l = Bytes.hexValue(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    wsRunStart = -1
                    i += 3
                    continue
                }
                invalid += 1
                out.append(b)
                wsRunStart = -1
                i += 1
                continue
            }
            if b == Bytes.lf || (b == Bytes.cr && i + 1 < end && bytes[i + 1] == Bytes.lf) {
                // RFC 2045 §6.7 rule 3: drop trailing whitespace before a hard line break.
                if wsRunStart >= 0 { out.removeSubrange(wsRunStart...); wsRunStart = -1 }
                if b == Bytes.cr { out.append(Bytes.cr); out.append(Bytes.lf); i += 2 } else { out.append(Bytes.lf); i += 1 }
                continue
            }
            if Bytes.isWSP(b) {
                if wsRunStart < 0 { wsRunStart = out.count }
            } else {
                wsRunStart = -1
            }
            out.append(b)
            i += 1
        }
        return Result(bytes: out, invalidEscapes: invalid)
    }

    /// RFC 2047 §4.2 "Q" encoding: like quoted-printable, and "_" is 0x20.
    static func decodeQ<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let a = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        var i = 0
        while i < a.count {
            let b = a[i]
            if b == UInt8(ascii: "_") {
                out.append(Bytes.space)
            } else if b == Bytes.equals, i + 2 < a.count,
                      let h = Bytes.hexValue(a[i + 1]), let l = Bytes.hexValue(a[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
