import BailiffCore
import Foundation

/// Mail that reaches the abuse address but reports nothing: delivery status notifications of
/// others' mail, auto-replies, DMARC aggregate reports, mailing-list traffic and ticket
/// acknowledgements. Recognised first, so that they are never mistaken for free-text complaints.
public struct NotAReportRecognizer: ReportRecognizer {
    public let format = "not-a-report"

    public init() {}

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        guard let reason = Self.reason(message) else { return nil }
        return ReportAnalysis(status: .notAReport, format: format, reason: reason)
    }

    static func reason(_ message: MIMEMessage) -> String? {
        let headers = message.headers
        let subject = (message.subject ?? "").lowercased()
        let contentType = message.root.contentType
        if contentType.mimeType == "multipart/report" {
            switch contentType.parameters["report-type"]?.lowercased() {
            case "delivery-status": return "a delivery status notification (RFC 3464): a bounce of some mail, not a complaint"
            case "disposition-notification": return "a read receipt (RFC 8098)"
            default: break
            }
        }
        if let autoSubmitted = headers["Auto-Submitted"]?.lowercased(), autoSubmitted.hasPrefix("auto-replied") {
            return "an automatic reply (Auto-Submitted: auto-replied, RFC 3834)"
        }
        if headers["X-Autoreply"] != nil || headers["X-Autorespond"] != nil
            || ["auto_reply", "auto-reply"].contains(headers["Precedence"]?.lowercased() ?? "")
            || ["out of office", "automatic reply", "auto:", "autoreply", "abwesenheitsnotiz", "vacation"].contains(where: { subject.hasPrefix($0) })
        {
            return "an automatic reply (out of office or similar)"
        }
        // DMARC aggregate reports (RFC 7489 §7.2.1.1): "Report Domain: … Submitter: … Report-ID: …"
        // with a zipped or gzipped XML attachment.
        if subject.contains("report domain:") && subject.contains("report-id:") {
            return "a DMARC aggregate report (RFC 7489 §7.2): statistics, not a complaint"
        }
        if message.allParts.contains(where: { part in
            let name = (part.filename ?? "").lowercased()
            return (name.hasSuffix(".xml.gz") || name.hasSuffix(".xml.zip") || (name.hasSuffix(".zip") && name.contains("!")))
                && (subject.contains("dmarc") || subject.contains("report domain"))
        }) {
            return "a DMARC aggregate report (RFC 7489 §7.2): statistics, not a complaint"
        }
        if headers["List-Id"] != nil || (headers["List-Unsubscribe"] != nil && ["bulk", "list"].contains(headers["Precedence"]?.lowercased() ?? "")) {
            return "mailing-list or newsletter traffic (List-Id / bulk precedence)"
        }
        // Have I Been Pwned tells a domain's owner that mail addresses of the domain appeared in a
        // breach or spam list: news about the provider's own mailboxes, not abuse from its network.
        if (message.root.from ?? "").lowercased().contains("@haveibeenpwned.com") {
            return "a data-breach notification about the domain's own mail addresses (Have I Been Pwned), not abuse from the network"
        }
        let ticketWords = ["ticket", "case", "request"]
        let acknowledgementWords = ["has been received", "has been created", "was received", "we have received", "received your", "opened"]
        if ticketWords.contains(where: subject.contains) && acknowledgementWords.contains(where: subject.contains) {
            return "a ticket acknowledgement from another helpdesk"
        }
        return nil
    }
}
