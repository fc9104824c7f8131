import BailiffReports

/// A stored message shown to staff, inert: every header and text part is escaped text, HTML
/// parts are shown as their source (never rendered, so no script runs and no remote image
/// loads), attachments are listed by name, type, size and SHA-256 and never opened. For a
/// category whose content must not be viewed (child abuse), only the headers' metadata and
/// the hashes are shown.
public enum EvidenceView {
    public struct Content: Sendable {
        public var sha256: String
        public var caseID: Int64?
        public var receivedAt: Int64?
        public var channel: String?
        public var format: String?
        public var status: String?
        public var size: Int
        /// False for categories whose content is never displayed.
        public var mayShowContent: Bool

        public init(sha256: String, caseID: Int64?, receivedAt: Int64?, channel: String?, format: String?, status: String?, size: Int, mayShowContent: Bool) {
            self.sha256 = sha256; self.caseID = caseID; self.receivedAt = receivedAt; self.channel = channel; self.format = format
            self.status = status; self.size = size; self.mayShowContent = mayShowContent
        }
    }

    /// Headers that identify a message without showing its content.
    static let metadataHeaders: Set<String> = ["date", "from", "to", "message-id", "received", "return-path", "content-type", "x-arf", "x-xarf"]

    public static func render(_ content: Content, message: [UInt8]?, frame: Layout.Frame) -> HTML {
        let facts = Layout.facts([
            ("SHA-256", "<code>\(content.sha256)</code>"),
            ("Received", "\(content.receivedAt.map(WebTime.format) ?? "unknown") \(content.channel.map { "by \($0)" })"),
            ("Parsed as", "\(content.format ?? "—") (\(content.status ?? "—"))"),
            ("Size", "\(content.size) bytes"),
            ("Case", content.caseID.map { "<a href=\"/desk/cases/\($0)\">#\($0)</a>" as HTML } ?? "—"),
        ])
        guard let message else {
            return Layout.page("Evidence", frame, main: facts + "<p class=\"withheld\">The message's content is no longer kept (retention); its hash and metadata remain.</p>")
        }
        let parsed: MIMEMessage
        switch MIMEParser.parse(message) {
        case .success(let value): parsed = value
        case .failure(let failure):
            let body: HTML = content.mayShowContent ? "<pre class=\"evidence\">\(String(decoding: message.prefix(200_000), as: UTF8.self))</pre>" : .empty
            return Layout.page("Evidence", frame, main: facts + "<p class=\"error\">Not readable as MIME: \(String(describing: failure)); shown as text.</p>" + body)
        }
        let headers = parsed.headers.fields.filter { content.mayShowContent || metadataHeaders.contains($0.lowercasedName) }
        let headerRows = headers.html { "<tr><th>\($0.name)</th><td>\($0.decodedValue)</td></tr>" }
        // Leaves carry content; a part holding an attached message is listed for its name and hash,
        // and the attached message's own parts follow it.
        let parts = parsed.allParts.filter { $0.isLeaf || $0.embeddedMessage != nil }.html { part in
            part.embeddedMessage == nil ? self.part(in: part, showContent: content.mayShowContent) : heading(part) + "<p class=\"muted\">An attached message; its parts follow.</p>"
        }
        let notice: HTML = content.mayShowContent ? .empty
            : "<p class=\"withheld\" id=\"withheld\">The content of this category is never displayed: only metadata and hashes. Report it to the police through the case; do not download or open it.</p>"
        return Layout.page("Evidence", frame, main: """
            \(facts)\(notice)
            <h2>Headers</h2><table class="headers">\(headerRows)</table>
            <h2>Parts</h2>\(parts)
            """)
    }

    static func heading(_ part: MIMEPart) -> HTML {
        let bytes = part.body.isEmpty ? Array(part.rawBody) : part.body
        let name = part.filename.map { " — \($0)" } ?? ""
        return "<h3>Part \(part.path.isEmpty ? "1" : part.path): \(part.mimeType)\(name), \(bytes.count) bytes</h3><p class=\"muted\">SHA-256 <code>\(SHA256Hex.of(bytes))</code></p>"
    }

    static func part(in part: MIMEPart, showContent: Bool) -> HTML {
        let heading = heading(part)
        guard showContent, !part.isAttachment || part.mimeType.hasPrefix("text/") || part.mimeType.hasPrefix("message/") else {
            return heading + (showContent ? "<p class=\"muted\">Attachment: not opened in the browser.</p>" : .empty)
        }
        guard part.mimeType.hasPrefix("text/") || part.mimeType.hasPrefix("message/") || part.mimeType == "application/json" else {
            return heading + "<p class=\"muted\">Binary content: not shown.</p>"
        }
        let text = part.text ?? String(decoding: part.body, as: UTF8.self)
        let label: HTML = part.mimeType == "text/html" ? "<p class=\"muted\">HTML shown as source, never rendered.</p>" : .empty
        return heading + label + "<pre class=\"evidence\">\(String(text.prefix(200_000)))</pre>"
    }
}
