import BailiffCore

/// SpamCop reports (format `spamcop`): a SpamCop user reported a mail that SpamCop traced to
/// one of our addresses, or a web site advertised in spam ("spamvertised") hosted with us.
///
/// Recognised by the sender (…@reports.spamcop.net, also when forwarded by a ticket system
/// that keeps it in the From display name) or the subject `[SpamCop (<source>) id:<n>]`.
/// SpamCop's report text (https://www.spamcop.net/fom-serve/cache/..., "SpamCop V5" reports)
/// states the source as `Email from 192.0.2.1 / Thu, 02 Jan 2025 03:04:05 +0000`, and URL
/// reports as `Spamvertised web site: http://…` optionally followed by
/// `http://… is 192.0.2.2; <date>`. When the text names no source, the subject's, and then the
/// first `Received` hop of the attached spam naming an address, are used. Category: `spam`.
public struct SpamCopRecognizer: ReportRecognizer {
    public let format = "spamcop"

    public init() {}

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let from = (message.root.from ?? "").lowercased()
        let subject = message.subject ?? ""
        let subjectSource = SpamCopRecognizer.subjectSource(subject)
        guard from.contains("spamcop.net") || subjectSource != nil else { return nil }
        let reporter = "SpamCop"
        let text = message.allParts.filter { $0.isLeaf && $0.embeddedMessage == nil }.compactMap(\.text).joined(separator: "\n")
        let lines = text.split(separator: "\n")
        let messageTime: (Int64, ReportEvent.TimeSource) = message.date.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)

        var events: [ReportEvent] = []
        var notes: [String] = []
        // "Email from <ip> / <date>".
        for line in lines {
            guard let range = line.range(of: "Email from ") else { continue }
            let rest = line[range.upperBound...]
            let token = rest.prefix { !$0.isWhitespace && $0 != "/" }
            guard let ip = IPAddress(token) else { continue }
            var time = messageTime
            if let slash = rest.firstIndex(of: "/"), let stated = RFC5322Date.parse(String(rest[rest.index(after: slash)...])) {
                time = (stated, .report)
            }
            events.append(ReportEvent(ip: ip, category: .spam, occurredAt: time.0, timeSource: time.1, reporter: reporter,
                                      excerpt: String(line.prefix(300))))
            break
        }
        // "Spamvertised web site: <url>" / "Spam in URL: <url>", then "<url> is <ip>; <date>".
        for (index, line) in lines.enumerated() {
            let lower = line.lowercased()
            guard let range = lower.range(of: "spamvertised web site:") ?? lower.range(of: "spam in url:") else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            let url = String(line.dropFirst(offset).drop { $0 == " " }.prefix { !$0.isWhitespace })
            guard !url.isEmpty else { continue }
            var ip: IPAddress? = nil
            var time = messageTime
            var excerpt = String(line.prefix(300))
            for next in lines[(index + 1)..<min(lines.count, index + 4)] where next.hasPrefix(url + " is ") {
                let rest = next.dropFirst(url.count + 4)
                ip = IPAddress(rest.prefix { $0 != ";" && !$0.isWhitespace })
                if let semi = rest.firstIndex(of: ";"), let stated = RFC5322Date.parse(String(rest[rest.index(after: semi)...])) {
                    time = (stated, .report)
                }
                excerpt += "\n" + next.prefix(300)
            }
            events.append(ReportEvent(ip: ip, url: url, category: .spam, occurredAt: time.0, timeSource: time.1,
                                      reporter: reporter, excerpt: excerpt))
        }
        if events.isEmpty, let subjectSource {
            if let ip = IPAddress(subjectSource) {
                events.append(ReportEvent(ip: ip, category: .spam, occurredAt: messageTime.0, timeSource: messageTime.1,
                                          reporter: reporter, excerpt: subject))
                notes.append("source from the subject")
            } else if subjectSource.contains("://") {
                events.append(ReportEvent(url: subjectSource, category: .spam, occurredAt: messageTime.0, timeSource: messageTime.1,
                                          reporter: reporter, excerpt: subject))
                notes.append("URL from the subject")
            }
        }
        if events.isEmpty, let hop = SpamCopRecognizer.firstExternalHop(message, context: context) {
            events.append(hop)
            notes.append("source from the Received chain of the attached spam")
        }
        let kept = events.filter { event in event.ip.map { !context.isProviderInfrastructure($0) } ?? true }
        if kept.count < events.count { notes.append("\(events.count - kept.count) events about provider infrastructure dropped") }
        guard !kept.isEmpty else {
            return .quarantined(format, events.isEmpty ? "SpamCop report without a source address or URL"
                                                       : "SpamCop report only about provider infrastructure")
        }
        return ReportAnalysis(status: .parsed, format: format, reason: notes.isEmpty ? nil : notes.joined(separator: "; "), events: kept)
    }

    /// The `<source>` of a subject `[SpamCop (<source>) id:<n>]`.
    static func subjectSource(_ subject: String) -> String? {
        guard let start = subject.range(of: "[SpamCop (") else { return nil }
        let rest = subject[start.upperBound...]
        guard let close = rest.range(of: ") id:") else { return nil }
        let source = String(rest[..<close.lowerBound].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return source.isEmpty ? nil : source
    }

    /// The topmost `Received` of the attached spam that names an address not our own: the hop
    /// where the spam entered the reporter's systems, i.e. the host that sent it.
    static func firstExternalHop(_ message: MIMEMessage, context: AnalysisContext) -> ReportEvent? {
        for part in message.allParts where part.embeddedMessage != nil {
            guard let spam = part.embeddedMessage else { continue }
            for received in spam.received {
                guard let clause = received.from, let ip = bracketedAddress(clause), !context.isProviderInfrastructure(ip) else { continue }
                let time: (Int64, ReportEvent.TimeSource) = received.date.map { ($0, .report) }
                    ?? message.date.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)
                return ReportEvent(ip: ip, category: .spam, occurredAt: time.0, timeSource: time.1, reporter: "SpamCop",
                                   excerpt: "Received: " + received.value.prefix(300), findings: MassMailerFindings.inspect(spam.headers).lines)
            }
        }
        return nil
    }

    /// The first `[address]` in a Received `from` clause (RFC 5321 §4.4 TCP-info).
    static func bracketedAddress(_ clause: String) -> IPAddress? {
        var rest = clause[...]
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { return nil }
            var inner = after[..<close]
            if inner.lowercased().hasPrefix("ipv6:") { inner = inner.dropFirst(5) }
            if let ip = IPAddress(inner) { return ip }
            rest = after[close...]
        }
        return nil
    }
}
