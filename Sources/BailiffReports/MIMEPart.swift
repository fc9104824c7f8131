/// One entity of the MIME tree (RFC 2045 §2.4): a whole message, a body part
/// of a multipart, or a message embedded in a `message/rfc822` part.
///
/// Immutable and `Sendable`, so parsed reports can be handed across tasks.
public final class MIMEPart: Sendable {
    /// Position in the tree: "" for the root, "1", "1.2" for multipart children,
    /// "<parent>.msg" for the root of a message embedded in a message/rfc822 part.
    public let path: String
    /// Nesting depth (root = 0).
    public let depth: Int
    /// The entity's header fields (may be empty for body parts, RFC 2045 §3).
    public let headers: MessageHeaders
    /// Effective content type (the RFC 2045 §5.2 / RFC 2046 §5.1.5 default when absent or invalid).
    public let contentType: ContentType
    /// Whether `contentType` came from the default rather than a valid header.
    public let contentTypeIsDefault: Bool
    /// Parsed Content-Disposition, if present.
    public let disposition: ContentDisposition?
    /// Content-Transfer-Encoding as declared.
    public let transferEncoding: ContentTransferEncoding
    /// The raw body bytes before transfer decoding (a slice sharing the input's storage).
    public let rawBody: ArraySlice<UInt8>
    /// The transfer-decoded body. Empty for containers that were split into
    /// `children` or `embeddedMessage` (use `rawBody` for their bytes).
    public let body: [UInt8]
    /// For textual leaves (text/*, non-encapsulating message/*, unsplittable
    /// multiparts): the body decoded from its charset, CRLF normalised to LF.
    public let text: String?
    /// Children of a multipart, in order.
    public let children: [MIMEPart]
    /// The parsed message inside a message/rfc822 or message/global part.
    public let embeddedMessage: MIMEPart?

    init(path: String, depth: Int, headers: MessageHeaders, contentType: ContentType, contentTypeIsDefault: Bool,
         disposition: ContentDisposition?, transferEncoding: ContentTransferEncoding, rawBody: ArraySlice<UInt8>,
         body: [UInt8], text: String?, children: [MIMEPart], embeddedMessage: MIMEPart?) {
        self.path = path
        self.depth = depth
        self.headers = headers
        self.contentType = contentType
        self.contentTypeIsDefault = contentTypeIsDefault
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.rawBody = rawBody
        self.body = body
        self.text = text
        self.children = children
        self.embeddedMessage = embeddedMessage
    }

    /// `contentType.mimeType`, e.g. "message/feedback-report".
    public var mimeType: String { contentType.mimeType }

    /// The attachment's file name: Content-Disposition `filename`, else the
    /// Content-Type `name` parameter (obsolete but widespread).
    public var filename: String? { disposition?.filename ?? contentType.parameters["name"] }

    /// Whether the part is explicitly an attachment (RFC 2183).
    public var isAttachment: Bool { disposition?.isAttachment ?? false }

    /// Whether this part has no children and no embedded message.
    public var isLeaf: Bool { children.isEmpty && embeddedMessage == nil }

    /// This part and all its descendants, depth-first, pre-order (embedded
    /// messages included). Iterative, so depth never costs stack.
    public var allParts: [MIMEPart] {
        var out: [MIMEPart] = []
        var stack: [MIMEPart] = [self]
        while let p = stack.popLast() {
            out.append(p)
            if let m = p.embeddedMessage { stack.append(m) }
            for c in p.children.reversed() { stack.append(c) }
        }
        return out
    }

    /// Parts of the subtree with the given `type/subtype` (case-insensitive).
    public func parts(withMIMEType mimeType: String) -> [MIMEPart] {
        let key = mimeType.asciiLowercased
        return allParts.filter { $0.mimeType == key }
    }
}
