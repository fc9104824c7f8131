/// Splits an entity into header block and body and parses the header fields
/// (RFC 5322 §2.2, §3.6; RFC 2045 §3 for body parts).
///
/// Linear in the input: each byte is examined a constant number of times, lines
/// are found with memchr, and limits bound what is copied.
struct HeaderBlockParser {
    struct Output {
        var headers: MessageHeaders
        /// Index where the body starts (after the empty separator line).
        var bodyStart: Int
    }

    /// Whether a line starting at `start` looks like `field-name ":"`
    /// (RFC 5322 §3.6.8 ftext = %d33-57 / %d59-126; obsolete §4.5 allows WSP before the colon).
    /// Returns the colon index.
    static func headerColon(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var i = start
        while i < end {
            let b = bytes[i]
            if b == Bytes.colon { return i > start ? i : nil }
            if b < 33 || b > 126 { break }
            i += 1
        }
        if i == start { return nil }
        // obs-optional: WSP between name and colon
        while i < end, Bytes.isWSP(bytes[i]) { i += 1 }
        return (i < end && bytes[i] == Bytes.colon) ? i : nil
    }

    /// Whether the entity starts with an mbox "From " separator line.
    static func startsWithMboxFrom(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        let from: [UInt8] = [70, 114, 111, 109, 32] // "From "
        guard end - start >= 5 else { return false }
        for k in 0..<5 where bytes[start + k] != from[k] { return false }
        return true
    }

    /// Parses the header block of `bytes[range]`.
    /// - Parameters:
    ///   - messageStart: true for a whole message (mbox `From ` line skipped, junk
    ///     lines recorded); false for a body part, where a first line that is not
    ///     a header means the part has no header block (RFC 2045 §3 allows none).
    static func parse(_ bytes: [UInt8], _ range: Range<Int>, messageStart: Bool,
                      limits: MIMELimits, sink: inout DefectSink, path: String) -> Output {
        let end = range.upperBound
        var pos = range.lowerBound
        if messageStart, startsWithMboxFrom(bytes, pos, end) {
            pos = Bytes.line(in: bytes, from: pos, to: end).next
        }
        var fields: [HeaderField] = []
        var cur: (start: Int, colon: Int, end: Int, truncated: Bool)? = nil
        var droppedFields = 0
        var junkLines = 0

        func finish(_ f: (start: Int, colon: Int, end: Int, truncated: Bool), _ sink: inout DefectSink) {
            if fields.count >= limits.maxHeaderCount {
                droppedFields += 1
                return
            }
            if f.truncated {
                sink.add(.headerLineTooLong, "A header field longer than \(limits.maxHeaderLineLength) bytes was truncated.", path: path)
            }
            var nameEnd = f.colon
            while nameEnd > f.start, Bytes.isWSP(bytes[nameEnd - 1]) { nameEnd -= 1 }
            let name = String(decoding: bytes[f.start..<nameEnd], as: UTF8.self)
            // RFC 5322 §2.2.3 unfolding: remove each CRLF (or bare LF) that precedes WSP.
            var value: [UInt8] = []
            value.reserveCapacity(f.end - f.colon)
            var i = f.colon + 1
            while i < f.end {
                let b = bytes[i]
                if b == Bytes.lf { i += 1; continue }
                if b == Bytes.cr, i + 1 < f.end, bytes[i + 1] == Bytes.lf { i += 2; continue }
                value.append(b)
                i += 1
            }
            let t = Bytes.trim(value, 0..<value.count)
            fields.append(HeaderField(name: name, value: Bytes.headerString(value[t]), raw: Array(bytes[f.start..<f.end])))
        }

        var bodyStart = end
        while pos < end {
            let (ce, next) = Bytes.line(in: bytes, from: pos, to: end)
            if ce == pos {
                // RFC 5322 §2.1: the first empty line separates header and body.
                bodyStart = next
                break
            }
            if Bytes.isWSP(bytes[pos]) {
                if var c = cur {
                    // RFC 5322 §2.2.3 folded continuation line.
                    if ce - c.start > limits.maxHeaderLineLength {
                        c.end = max(c.end, c.start + limits.maxHeaderLineLength)
                        c.truncated = true
                    } else {
                        c.end = ce
                    }
                    cur = c
                } else if !messageStart && fields.isEmpty {
                    sink.add(.missingHeaderBodySeparator, "Body part starts with text instead of headers or an empty line.", path: path)
                    bodyStart = pos
                    break
                } else {
                    junkLines += 1
                    if junkLines <= 5 {
                        sink.add(.junkHeaderLine, "Continuation line with no field to continue was ignored.", path: path)
                    }
                }
            } else {
                if let c = cur { finish(c, &sink); cur = nil }
                let scanEnd = min(ce, pos + 1024)
                if let colon = headerColon(bytes, pos, scanEnd) {
                    if ce - pos > limits.maxHeaderLineLength {
                        cur = (pos, colon, pos + limits.maxHeaderLineLength, true)
                    } else {
                        cur = (pos, colon, ce, false)
                    }
                } else if !messageStart && fields.isEmpty {
                    sink.add(.missingHeaderBodySeparator, "Body part starts with text instead of headers or an empty line.", path: path)
                    bodyStart = pos
                    break
                } else {
                    junkLines += 1
                    if junkLines <= 5 {
                        let sample = Bytes.headerString(bytes[pos..<min(ce, pos + 40)])
                        sink.add(.junkHeaderLine, "Header line without a field name and colon was ignored: \"\(sample)\".", path: path)
                    }
                }
            }
            pos = next
        }
        if let c = cur { finish(c, &sink) }
        if junkLines > 5 {
            sink.add(.junkHeaderLine, "\(junkLines - 5) further junk header lines were ignored.", path: path)
        }
        if droppedFields > 0 {
            sink.add(.tooManyHeaders, "\(droppedFields) header fields beyond the limit of \(limits.maxHeaderCount) were dropped.", path: path)
        }
        return Output(headers: MessageHeaders(fields), bodyStart: bodyStart)
    }
}
