/// Whether Bailiff may write back to the sender of a message: only people get answers.
///
/// RFC 3834 §2 says what an automatic responder must not answer; on top of it, the conventions
/// of mailing lists and no-reply senders, and Bailiff's own mail (answering it would loop).
public struct AutoReplyGuard: Sendable {
    /// Domains whose mail is Bailiff's own (the abuse mailbox's domain).
    public var ownDomains: Set<String>

    public init(ownDomains: Set<String>) { self.ownDomains = Set(ownDomains.map { $0.lowercased() }) }

    /// What the guard looks at.
    public struct Message: Sendable, Hashable {
        /// The envelope sender (SMTP `MAIL FROM`); empty for a bounce's null return path, nil
        /// when the message did not come by mail.
        public var envelopeSender: String?
        /// The address a reply would go to (`Reply-To`, else `From`).
        public var replyAddress: String?
        /// Header fields by lower-cased name.
        public var headers: [String: String]

        public init(envelopeSender: String?, replyAddress: String?, headers: [String: String]) {
            self.envelopeSender = envelopeSender; self.replyAddress = replyAddress; self.headers = headers
        }
    }

    /// nil when an answer may go out, else why not.
    public func refusal(_ message: Message) -> String? {
        if let auto = message.headers["auto-submitted"]?.lowercased().trimmingCharacters(in: .whitespaces), !auto.hasPrefix("no") {
            return "the message was sent automatically (Auto-Submitted: \(auto))"
        }
        if let precedence = message.headers["precedence"]?.lowercased().trimmingCharacters(in: .whitespaces), ["bulk", "list", "junk"].contains(precedence) {
            return "the message is bulk or list mail (Precedence: \(precedence))"
        }
        if message.headers["list-id"] != nil || message.headers["list-unsubscribe"] != nil { return "the message came through a mailing list" }
        if message.headers["x-bailiff-case"] != nil { return "the message is Bailiff's own" }
        if let sender = message.envelopeSender, sender.isEmpty || sender == "<>" { return "the message has a null return path (a bounce)" }
        guard let address = message.replyAddress?.lowercased(), let at = address.lastIndex(of: "@") else { return "the message names no address to answer" }
        let local = address[..<at], domain = address[address.index(after: at)...]
        let automatic = ["mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces", "listserv", "majordomo"]
        if automatic.contains(where: { local == $0 || local.hasPrefix($0 + "+") || local.hasPrefix($0 + "-") }) {
            return "\(address) is an automatic mailbox"
        }
        if ownDomains.contains(String(domain)) { return "\(address) is Bailiff's own domain" }
        return nil
    }
}
