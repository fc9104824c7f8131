import Foundation

/// Convenience accessors for the fields an abuse desk reads first. Defined on
/// `MIMEPart` so they work for the top-level message and for messages embedded
/// in message/rfc822 parts (e.g. the reported mail inside an ARF report).
extension MIMEPart {
    /// Subject with RFC 2047 words decoded.
    public var subject: String? { headers.decoded("subject") }

    /// From with RFC 2047 words decoded (display name included).
    public var from: String? { headers.decoded("from") }

    /// Who sent the report: the original sender when a ticket system relayed it (Request Tracker's
    /// `X-RT-Originator`: the mail then comes "From: … via RT <abuse@provider>", the provider's own
    /// address), else From.
    public var reporter: String? { headers["x-rt-originator"]?.trimmingCharacters(in: .whitespaces) ?? from }

    /// The Date header as seconds since the epoch (RFC 5322 §3.3, lenient), nil if absent or unparsable.
    public var date: Int64? { headers["date"].flatMap(RFC5322Date.parse) }

    /// Every `Received` field, topmost (most recent hop) first (RFC 5322 §3.6.7).
    public var received: [ReceivedField] { headers.values("received").map(ReceivedField.init) }

    /// Message-ID without angle brackets (RFC 5322 §3.6.4).
    public var messageID: String? { headers["message-id"].flatMap { MessageIDs.parse($0).first } }

    /// In-Reply-To ids (RFC 5322 §3.6.4).
    public var inReplyTo: [String] { headers["in-reply-to"].map(MessageIDs.parse) ?? [] }

    /// References ids, oldest first (RFC 5322 §3.6.4).
    public var references: [String] { headers["references"].map(MessageIDs.parse) ?? [] }

    /// The best human-readable text of this message: the first text/plain part
    /// that is not an attachment and not inside an embedded message; failing
    /// that, the first such text/html part with tags stripped; failing that,
    /// the same search including embedded messages.
    public var textBody: String? {
        var own: [MIMEPart] = []
        var stack: [MIMEPart] = [self]
        while let p = stack.popLast() {
            own.append(p)
            for c in p.children.reversed() { stack.append(c) }
        }
        if let t = Self.bestText(in: own) { return t }
        return Self.bestText(in: allParts)
    }

    private static func bestText(in parts: [MIMEPart]) -> String? {
        let candidates = parts.filter { $0.isLeaf && !$0.isAttachment && $0.text != nil }
        if let p = candidates.first(where: { $0.mimeType == "text/plain" }) { return p.text }
        if let p = candidates.first(where: { $0.mimeType == "text/html" }) { return HTMLText.strip(p.text ?? "") }
        return nil
    }
}

extension MIMEMessage {
    /// Subject with RFC 2047 words decoded.
    public var subject: String? { root.subject }
    /// The Date header as epoch seconds.
    public var date: Int64? { root.date }
    /// Received fields, topmost first.
    public var received: [ReceivedField] { root.received }
    /// Message-ID without angle brackets.
    public var messageID: String? { root.messageID }
    /// In-Reply-To ids.
    public var inReplyTo: [String] { root.inReplyTo }
    /// References ids.
    public var references: [String] { root.references }
    /// Best text body (text/plain, else stripped text/html).
    public var textBody: String? { root.textBody }
    /// Parts of the given `type/subtype` anywhere in the tree.
    public func parts(withMIMEType mimeType: String) -> [MIMEPart] { root.parts(withMIMEType: mimeType) }
}
