/// Finds body parts of a multipart entity by scanning for boundary delimiter lines (RFC 2046 §5.1.1).
///
/// One pass over the body, one memchr per line and a bounded comparison per
/// line starting with "--", so each nesting level costs O(n).
enum MultipartSplitter {
    struct Output {
        var parts: [Range<Int>] = []
        var foundDelimiter = false
        var closed = false
        /// Stopped early because `maxParts` parts were collected.
        var truncated = false
    }

    /// Splits `bytes[range]` on `boundary`.
    /// - Delimiter lines are `"--" boundary [ "--" ] *LWSP` (RFC 2046 §5.1.1: trailing whitespace allowed).
    /// - The line break before a delimiter belongs to the delimiter, not the part.
    /// - Preamble (before the first delimiter) and epilogue (after the close) are ignored.
    static func split(_ bytes: [UInt8], _ range: Range<Int>, boundary: [UInt8], maxParts: Int) -> Output {
        var out = Output()
        let end = range.upperBound
        let blen = boundary.count
        var lineStart = range.lowerBound
        var partStart: Int? = nil
        while lineStart < end {
            let (ce, next) = Bytes.line(in: bytes, from: lineStart, to: end)
            if ce - lineStart >= 2 + blen, bytes[lineStart] == Bytes.dash, bytes[lineStart + 1] == Bytes.dash,
               matches(bytes, lineStart + 2, boundary) {
                var k = lineStart + 2 + blen
                var closing = false
                if k + 1 < ce, bytes[k] == Bytes.dash, bytes[k + 1] == Bytes.dash { closing = true; k += 2 }
                while k < ce, Bytes.isSpaceLike(bytes[k]) { k += 1 }
                if k == ce {
                    out.foundDelimiter = true
                    if let s = partStart {
                        var e = lineStart
                        if e > s, bytes[e - 1] == Bytes.lf {
                            e -= 1
                            if e > s, bytes[e - 1] == Bytes.cr { e -= 1 }
                        }
                        out.parts.append(s..<e)
                        if out.parts.count >= maxParts && !closing {
                            out.truncated = true
                            return out
                        }
                    }
                    if closing { out.closed = true; return out }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let s = partStart {
            // RFC 2046 §5.1.1 requires a close delimiter; without one the last part runs to the end.
            out.parts.append(s..<end)
        }
        return out
    }

    @inline(__always)
    private static func matches(_ bytes: [UInt8], _ at: Int, _ boundary: [UInt8]) -> Bool {
        for j in 0..<boundary.count where bytes[at + j] != boundary[j] { return false }
        return true
    }
}
