import BailiffCore
import Foundation

/// Abuse Reporting Format reports (RFC 5965): the feedback loops of mailbox providers.
///
/// The source is the report's `Source-IP`, else the first hop outside the reporter in the
/// reported message's own `Received` chain — never an address from the report's own headers
/// (those are the reporter's relays).
public struct ARFRecognizer: ReportRecognizer {
    public let format = "arf"

    public init() {}

    /// RFC 5965 §7.3 feedback types (and RFC 6591's auth-failure) onto the AUP's vocabulary.
    static let categories: [String: AbuseCategory] = [
        "abuse": .spam, "other": .spam, "auth-failure": .spam, "fraud": .phishing, "virus": .malware,
    ]

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        guard let part = message.allParts.first(where: { $0.mimeType == "message/feedback-report" }) else { return nil }
        let (report, problems) = ARFReport.parse(part.text ?? String(decoding: part.body, as: UTF8.self))
        if report.feedbackType == "not-spam" {
            return ReportAnalysis(status: .notAReport, format: format, reason: "a not-spam feedback report (RFC 5965 §7.3) withdraws a complaint; it reports nothing")
        }
        let original = Self.reportedMessageHeaders(message)
        var source: (ip: IPAddress, date: Int64?)? = report.sourceIP.map { ($0, nil) }
        if source == nil, let original { source = ReceivedChain.source(of: original, context: context) }
        if source == nil, !report.reportedURIs.isEmpty {
            // Web abuse sent as ARF (Netcraft and others): the offence is at a URL, not an address.
            let category: AbuseCategory = report.feedbackType == "fraud" ? .phishing : (Self.categories[report.feedbackType] ?? .spam)
            let time: (Int64, ReportEvent.TimeSource) = report.arrivalDate.map { ($0, .report) } ?? message.date.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)
            let events = report.reportedURIs.filter { !$0.lowercased().hasPrefix("mailto:") }.prefix(50).map {
                ReportEvent(url: $0, category: category, occurredAt: time.0, timeSource: time.1, reporter: message.root.reporter ?? report.userAgent,
                            excerpt: "ARF \(report.feedbackType) report of \($0.prefix(200))")
            }
            if !events.isEmpty {
                return ReportAnalysis(status: .parsed, format: format, reason: "URLs only; to be resolved before attribution", events: Array(events))
            }
        }
        guard let source else {
            let why = original == nil ? "it carries no copy of the reported message" : "no Received header of the reported message names an outside sender"
            return .quarantined(format, (["the ARF report names no source: no Source-IP and \(why)"] + problems).joined(separator: "; "))
        }
        if context.isProviderInfrastructure(source.ip) {
            return .quarantined(format, "the ARF report's source \(source.ip) is the provider's own infrastructure; a person must find the sender behind it")
        }
        let category = Self.categories[report.feedbackType] ?? .spam
        var time: (Int64, ReportEvent.TimeSource)
        if let arrival = report.arrivalDate ?? source.date {
            time = (arrival, .report)
        } else if let date = original?["Date"].flatMap(RFC5322Date.parse) ?? message.date {
            time = (date, .messageDate)
        } else {
            time = (context.receivedAt, .arrival)
        }
        if time.0 > context.receivedAt + 86_400 { time = (context.receivedAt, .arrival) }  // a date in the future is a typo or a lie
        let subject = original?.decoded("Subject").map { "subject: \($0.prefix(120))" }
        let recipient = report.originalRcptTo.first ?? original?["To"]
        let event = ReportEvent(
            ip: source.ip, port: report.sourcePort, url: report.reportedURIs.first, category: category, occurredAt: time.0, timeSource: time.1,
            reporter: message.root.reporter ?? report.userAgent,
            excerpt: (["ARF \(report.feedbackType) report by \(report.userAgent ?? "an unnamed agent")"] + [subject].compactMap { $0 }).joined(separator: "; "),
            recipient: recipient,
            findings: category == .spam ? original.map { MassMailerFindings.inspect($0, recipient: recipient).lines } ?? [] : []
        )
        return ReportAnalysis(status: .parsed, format: format, reason: problems.isEmpty ? nil : problems.joined(separator: "; "), events: [event])
    }

    /// The headers of the reported message: a `message/rfc822` part, or `text/rfc822-headers`.
    static func reportedMessageHeaders(_ message: MIMEMessage) -> MessageHeaders? {
        for part in message.allParts {
            if let embedded = part.embeddedMessage { return embedded.headers }
            // "text/rfc822-header" (singular) is a common misspelling in real feedback loops.
            if part.mimeType == "text/rfc822-headers" || part.mimeType == "text/rfc822-header", let text = part.text,
                case .success(let parsed) = MIMEParser.parse(text.trimmingCharacters(in: .whitespacesAndNewlines) + "\r\n\r\n")
            {
                return parsed.headers
            }
        }
        return nil
    }
}
