import BailiffCore
import Foundation

/// Microsoft's Junk Mail Reporting Program (Outlook.com / Hotmail feedback loop): not ARF but a
/// mail whose subject says "complaint about message from <IP>" with the complained-of message
/// attached as `message/rfc822`.
public struct JMRPRecognizer: ReportRecognizer {
    public let format = "jmrp"

    public init() {}

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        guard let subject = message.subject?.lowercased(), let range = subject.range(of: "complaint about message from ") else { return nil }
        guard let ip = AddressScanner.addresses(in: subject[range.upperBound...]).first else {
            return .quarantined(format, "a JMRP complaint whose subject names no IP address")
        }
        if ip.isPrivateOrLocal || context.isProviderInfrastructure(ip) {
            return .quarantined(format, "the JMRP complaint names \(ip), which is private or the provider's own infrastructure")
        }
        let original = message.allParts.lazy.compactMap(\.embeddedMessage).first
        let time: (Int64, ReportEvent.TimeSource) =
            original?.received.first?.date.map { ($0, .report) } ?? original?.date.map { ($0, .report) }
            ?? message.date.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)
        let event = ReportEvent(
            ip: ip, category: .spam, occurredAt: min(time.0, context.receivedAt + 86_400), timeSource: time.1, reporter: message.root.reporter,
            excerpt: "JMRP complaint" + (original?.subject.map { "; subject: \($0.prefix(120))" } ?? "")
        )
        return ReportAnalysis(status: .parsed, format: format, events: [event])
    }
}
