/// Parses RFC 5322 / MIME messages into a `MIMEMessage` tree.
///
/// Designed for hostile input: it never traps, recursion depth is bounded by
/// `MIMELimits.maxDepth` (≤ `MIMELimits.absoluteMaxDepth`), the number of parts
/// by `maxParts`, and every scan is linear per nesting level, so total work is
/// O(n · depth). Problems become `MIMEDefect`s; only input that is not a
/// message at all is a `MIMEParseFailure`.
public enum MIMEParser {
    /// Parses a message from raw bytes (CRLF or bare LF line endings).
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = .default) -> Result<MIMEMessage, MIMEParseFailure> {
        var sink = DefectSink(cap: limits.maxDefects)
        var end = bytes.count
        if end > limits.maxMessageSize {
            sink.add(.messageTooLarge, "Message of \(bytes.count) bytes exceeds the limit of \(limits.maxMessageSize); only the first \(limits.maxMessageSize) bytes were parsed.")
            end = limits.maxMessageSize
        }
        // Tolerate leading empty lines (copy/paste artefacts).
        var start = 0
        while start < end, bytes[start] == Bytes.cr || bytes[start] == Bytes.lf { start += 1 }
        var onlySpace = true
        for b in bytes[start..<end] where !Bytes.isSpaceLike(b) { onlySpace = false; break }
        if onlySpace {
            return .failure(MIMEParseFailure(.empty, "The input is empty or contains only whitespace."))
        }
        guard startsWithHeader(bytes, start, end) else {
            return .failure(MIMEParseFailure(.noHeader, "The input does not start with a header field (name: value), so it is not a message."))
        }
        let ctx = ParserContext(limits: limits, sink: sink)
        let root = ctx.parseEntity(bytes, start..<end, depth: 0, path: "", defaultType: .textPlain, messageStart: true)
        return .success(MIMEMessage(root: root, defects: ctx.sink.defects, droppedDefectCount: ctx.sink.dropped, parsedByteCount: end))
    }

    /// Parses a message held in a String (its UTF-8 bytes).
    public static func parse(_ string: String, limits: MIMELimits = .default) -> Result<MIMEMessage, MIMEParseFailure> {
        parse(Array(string.utf8), limits: limits)
    }

    /// Whether `bytes[start..<end]` starts (after an optional mbox `From ` line) with a header field.
    static func startsWithHeader(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var s = start
        if HeaderBlockParser.startsWithMboxFrom(bytes, s, end) { s = Bytes.line(in: bytes, from: s, to: end).next }
        let ce = Bytes.line(in: bytes, from: s, to: end).contentEnd
        return HeaderBlockParser.headerColon(bytes, s, min(ce, s + 1024)) != nil
    }
}

/// Mutable state of one parse (defects, part budget). Not shared across threads.
final class ParserContext {
    let limits: MIMELimits
    var sink: DefectSink
    var partCount = 0
    var reportedPartLimit = false
    var reportedDepth = false

    init(limits: MIMELimits, sink: DefectSink) {
        self.limits = limits
        self.sink = sink
    }

    private func add(_ problems: [(MIMEDefect.Code, String)], _ path: String) {
        for (c, m) in problems { sink.add(c, m, path: path) }
    }

    private static func childPath(_ parent: String, _ i: Int) -> String { parent.isEmpty ? "\(i)" : "\(parent).\(i)" }

    /// Parses one entity: header block, then body according to its content type (RFC 2045, RFC 2046).
    func parseEntity(_ bytes: [UInt8], _ range: Range<Int>, depth: Int, path: String,
                     defaultType: ContentType, messageStart: Bool) -> MIMEPart {
        partCount += 1
        let hp = HeaderBlockParser.parse(bytes, range, messageStart: messageStart, limits: limits, sink: &sink, path: path)
        let headers = hp.headers
        let bodyRange = min(hp.bodyStart, range.upperBound)..<range.upperBound

        // RFC 2045 §5.1 Content-Type, §5.2 default.
        var contentType = defaultType
        var isDefault = true
        if let ctValue = headers["content-type"] {
            let r = ContentType.parse(ctValue)
            add(r.problems, path)
            if let ct = r.contentType { contentType = ct; isDefault = false }
            else { contentType = .textPlain }
        }
        var disposition: ContentDisposition? = nil
        if let cd = headers["content-disposition"] {
            let r = ContentDisposition.parse(cd)
            add(r.problems, path)
            disposition = r.disposition
        }
        let cte = ContentTransferEncoding(headerValue: headers["content-transfer-encoding"])

        func make(body: [UInt8], text: String?, children: [MIMEPart] = [], embedded: MIMEPart? = nil) -> MIMEPart {
            MIMEPart(path: path, depth: depth, headers: headers, contentType: contentType, contentTypeIsDefault: isDefault,
                     disposition: disposition, transferEncoding: cte, rawBody: bytes[bodyRange], body: body,
                     text: text, children: children, embeddedMessage: embedded)
        }

        // RFC 2046 §5.1 multipart
        if contentType.isMultipart {
            if let children = splitMultipart(bytes, bodyRange, contentType: contentType, cte: cte, depth: depth, path: path) {
                return make(body: [], text: nil, children: children)
            }
            // Could not split: keep as a textual leaf.
            return leaf(bytes, bodyRange, contentType: contentType, cte: cte, path: path, textual: true, make: make)
        }

        // RFC 2046 §5.2.1 message/rfc822, RFC 6532 §3.7 message/global: parse recursively.
        if contentType.isEncapsulatedMessage {
            if let embedded = parseEmbedded(bytes, bodyRange, cte: cte, depth: depth, path: path) {
                return make(body: [], text: nil, embedded: embedded)
            }
            return leaf(bytes, bodyRange, contentType: contentType, cte: cte, path: path, textual: true, make: make)
        }

        // Leaves. text/* and other message/* (feedback-report, delivery-status,
        // text/rfc822-headers …) are kept as text.
        let textual = contentType.isText || contentType.type == "message"
        return leaf(bytes, bodyRange, contentType: contentType, cte: cte, path: path, textual: textual, make: make)
    }

    private func leaf(_ bytes: [UInt8], _ range: Range<Int>, contentType: ContentType, cte: ContentTransferEncoding,
                      path: String, textual: Bool,
                      make: ([UInt8], String?, [MIMEPart], MIMEPart?) -> MIMEPart) -> MIMEPart {
        let decoded = cte.decode(bytes, range)
        add(decoded.problems, path)
        var text: String? = nil
        if textual {
            let r = Charsets.decode(decoded.bytes, charset: contentType.charset)
            if let p = r.problem { sink.add(p.code, p.message, path: path) }
            text = Self.normalizeNewlines(r.text)
        }
        return make(decoded.bytes, text, [], nil)
    }

    private func budgetLeft(_ path: String) -> Bool {
        if partCount < limits.maxParts { return true }
        if !reportedPartLimit {
            reportedPartLimit = true
            sink.add(.tooManyParts, "The message has more than \(limits.maxParts) parts; further parts were not parsed.", path: path)
        }
        return false
    }

    private func depthAllowed(_ depth: Int, _ path: String) -> Bool {
        if depth < limits.maxDepth { return true }
        if !reportedDepth {
            reportedDepth = true
            sink.add(.nestingTooDeep, "Nesting deeper than \(limits.maxDepth) levels; the deeper content was kept as an opaque leaf.", path: path)
        }
        return false
    }

    /// Returns nil when the entity must be kept as a leaf instead.
    private func splitMultipart(_ bytes: [UInt8], _ range: Range<Int>, contentType: ContentType,
                                cte: ContentTransferEncoding, depth: Int, path: String) -> [MIMEPart]? {
        guard let boundaryString = contentType.boundary else {
            sink.add(.missingBoundaryParameter, "\(contentType.mimeType) without a boundary parameter was treated as text.", path: path)
            return nil
        }
        let boundary = Array(boundaryString.utf8)
        // RFC 2046 §5.1.1: 1–70 characters; allow up to 200 for lenience.
        guard !boundary.isEmpty, boundary.count <= 200 else {
            sink.add(.invalidBoundary, "Multipart boundary is empty or longer than 200 bytes; body treated as text.", path: path)
            return nil
        }
        guard depthAllowed(depth, path) else { return nil }
        guard budgetLeft(path) else { return nil }
        if !cte.isIdentity {
            // RFC 2045 §6.4: composite types must not be encoded; ignore the declaration.
            sink.add(.encodingOnComposite, "Content-Transfer-Encoding \(cte) on a multipart entity was ignored.", path: path)
        }
        let remaining = max(1, limits.maxParts - partCount)
        let split = MultipartSplitter.split(bytes, range, boundary: boundary, maxParts: remaining)
        guard split.foundDelimiter else {
            sink.add(.noBoundaryFound, "No boundary delimiter line found in \(contentType.mimeType); body treated as text.", path: path)
            return nil
        }
        if !split.closed && !split.truncated {
            sink.add(.missingClosingBoundary, "Multipart body has no closing boundary delimiter.", path: path)
        }
        // RFC 2046 §5.1.5: in multipart/digest the default type is message/rfc822.
        let childDefault: ContentType = contentType.subtype == "digest" ? .messageRFC822 : .textPlain
        var children: [MIMEPart] = []
        children.reserveCapacity(split.parts.count)
        for (i, r) in split.parts.enumerated() {
            guard budgetLeft(path) else { break }
            children.append(parseEntity(bytes, r, depth: depth + 1, path: Self.childPath(path, i + 1),
                                        defaultType: childDefault, messageStart: false))
        }
        if split.truncated, !reportedPartLimit {
            reportedPartLimit = true
            sink.add(.tooManyParts, "The message has more than \(limits.maxParts) parts; further parts were not parsed.", path: path)
        }
        return children
    }

    private func parseEmbedded(_ bytes: [UInt8], _ range: Range<Int>, cte: ContentTransferEncoding,
                               depth: Int, path: String) -> MIMEPart? {
        guard depthAllowed(depth, path), budgetLeft(path) else { return nil }
        var buffer = bytes
        var r = range
        if !cte.isIdentity {
            // RFC 2046 §5.2.1 allows only 7bit/8bit/binary, but encoded ones occur; decode them.
            let d = cte.decode(bytes, range)
            add(d.problems, path)
            buffer = d.bytes
            r = 0..<buffer.count
        }
        var s = r.lowerBound
        while s < r.upperBound, buffer[s] == Bytes.cr || buffer[s] == Bytes.lf { s += 1 }
        guard MIMEParser.startsWithHeader(buffer, s, r.upperBound) else {
            sink.add(.malformedEmbeddedMessage, "Encapsulated message does not start with a header field; kept as text.", path: path)
            return nil
        }
        return parseEntity(buffer, s..<r.upperBound, depth: depth + 1, path: path.isEmpty ? "msg" : "\(path).msg",
                           defaultType: .textPlain, messageStart: true)
    }

    /// CRLF → LF (and lone CR kept), so text consumers see one newline convention.
    static func normalizeNewlines(_ s: String) -> String {
        guard s.utf8.contains(Bytes.cr) else { return s }
        var out: [UInt8] = []
        let u = Array(s.utf8)
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            if u[i] == Bytes.cr, i + 1 < u.count, u[i + 1] == Bytes.lf { i += 1; continue }
            out.append(u[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
