/// A message Bailiff sends — a notice, an acknowledgement, an amendment — and its RFC 5322 form.
///
/// The text part is the message; the HTML part, when given, is its alternative for readers that
/// prefer it. Both are UTF-8 in quoted-printable, so that the text stays readable in any tool.
public struct OutgoingMail: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    public var replyTo: MailAddress?
    public var subject: String
    /// Seconds since the epoch.
    public var date: Int64
    /// Without angle brackets: `notice.k3x9p2m4qa.0f1e…@abuse.example.net`.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String] = []
    /// RFC 3834: `auto-generated` for notices, `auto-replied` for acknowledgements; nil for mail a person wrote.
    public var autoSubmitted: String? = "auto-generated"
    /// Further fields, e.g. `X-Bailiff-Case`. Values must be printable ASCII.
    public var extraHeaders: [(name: String, value: String)] = []
    public var text: String
    public var html: String?

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Int64, messageID: String, text: String, html: String? = nil) {
        self.from = from; self.to = to; self.subject = subject; self.date = date; self.messageID = messageID; self.text = text; self.html = html
    }

    public static func == (lhs: OutgoingMail, rhs: OutgoingMail) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// Every recipient of the envelope: `To` and `Cc`, each once.
    public var recipients: [String] {
        var seen = Set<String>()
        return (to + cc).map(\.address).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The message as it goes over SMTP (before dot-stuffing), CRLF line ends.
    public func rendered() -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: " + MailDate.format(date))
        lines.append(HeaderEncoding.addressField("From", [from]))
        lines.append(HeaderEncoding.addressField("To", to))
        if !cc.isEmpty { lines.append(HeaderEncoding.addressField("Cc", cc)) }
        if let replyTo { lines.append(HeaderEncoding.addressField("Reply-To", [replyTo])) }
        lines.append(HeaderEncoding.unstructuredField("Subject", subject))
        lines.append("Message-ID: <\(messageID)>")
        if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty { lines.append(HeaderEncoding.fold("References:", references.map { "<\($0)>" })) }
        if let autoSubmitted { lines.append("Auto-Submitted: \(autoSubmitted)") }
        for field in extraHeaders { lines.append(HeaderEncoding.unstructuredField(field.name, field.value)) }
        lines.append("MIME-Version: 1.0")
        let textPart = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "", QuotedPrintable.encode(text)]
        if let html {
            // "=_" never occurs in quoted-printable output, so the boundary cannot occur in a part.
            let boundary = "=_bailiff_" + StableDigest.hex(messageID)
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a message in MIME format.")
            lines.append("--" + boundary)
            lines += textPart
            lines.append("--" + boundary)
            lines += ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable", "", QuotedPrintable.encode(html)]
            lines.append("--" + boundary + "--")
        } else {
            lines += textPart
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}

/// RFC 5322 dates for outgoing mail, always in UTC: `Sun, 29 Nov 2026 18:02:37 +0000`.
public enum MailDate {
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Timestamp.civilFromDays(Int(days))
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(day) \(months[month - 1]) \(year) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }
}
