import BailiffCore
import Foundation

/// Intellectual-property complaints: DMCA-style copyright and trademark notices, including the
/// ACNS XML block that anti-piracy agents attach (`<Infringement xmlns="http://www.acns.net/ACNS">`).
/// Events carry the infringing address or URL; the analysis carries the AUP compliance verdict.
public struct IPNoticeRecognizer: ReportRecognizer {
    public let format = "ip-notice"

    public init() {}

    static let markers = [
        "notice of claimed infringement", "dmca", "digital millennium copyright act", "copyright infringement",
        "trademark infringement", "notice of infringement", "infringing material", "infringed work",
    ]

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        var text = message.textBody ?? ""
        for part in message.allParts where part.mimeType.hasPrefix("text/") || part.mimeType.hasSuffix("xml") {
            if let partText = part.text, text.utf8.count < 2_000_000, !text.contains(partText.prefix(200)) { text += "\n" + partText }
        }
        let lower = (message.subject ?? "").lowercased() + "\n" + text.lowercased()
        let acns = lower.contains("<infringement") && lower.contains("acns")
        guard acns || Self.markers.contains(where: lower.contains) else { return nil }

        var events: [ReportEvent] = []
        var rejected: [String] = []
        let work = Self.xmlValue("Title", in: text) ?? Self.labelled(["infringed work", "work"], in: text)
        let excerpt = "intellectual-property notice" + (work.map { "; work: \($0.prefix(120))" } ?? "")
        let messageTime = message.date
        if acns {
            let ipText = Self.xmlValue("IP_Address", in: text)
            let time = Self.xmlValue("TimeStamp", in: text).flatMap(Timestamp.parse)
            if let ipText, let ip = try? IPAddress(parsing: ipText) {
                if ip.isPrivateOrLocal || context.isProviderInfrastructure(ip) { rejected.append(ip.description) } else {
                    events.append(ReportEvent(
                        ip: ip, port: Self.xmlValue("Port", in: text).flatMap { Int($0) }, url: Self.xmlValue("URL_Base", in: text),
                        category: .ipInfringement, occurredAt: time ?? messageTime ?? context.receivedAt, timeSource: time != nil ? .report : (messageTime != nil ? .messageDate : .arrival),
                        reporter: message.root.reporter, excerpt: excerpt
                    ))
                }
            }
        } else {
            for line in text.split(whereSeparator: \.isNewline).prefix(5_000) {
                for ip in AddressScanner.addresses(in: line) {
                    if ip.isPrivateOrLocal || context.isProviderInfrastructure(ip) { rejected.append(ip.description); continue }
                    if events.contains(where: { $0.ip == ip }) { continue }
                    let time = FreeTextRecognizer.time(in: String(line))
                    events.append(ReportEvent(
                        ip: ip, category: .ipInfringement, occurredAt: time ?? messageTime ?? context.receivedAt,
                        timeSource: time != nil ? .report : (messageTime != nil ? .messageDate : .arrival), reporter: message.root.reporter, excerpt: excerpt
                    ))
                }
            }
            for url in FreeTextRecognizer.urls(in: text) where Self.looksLikeMaterial(url) && !events.contains(where: { $0.url == url }) {
                events.append(ReportEvent(url: url, category: .ipInfringement, occurredAt: messageTime ?? context.receivedAt, timeSource: messageTime != nil ? .messageDate : .arrival, reporter: message.root.reporter, excerpt: excerpt))
            }
        }

        // The material is located when the notice names where it is, even at an address we cannot use.
        let assessment = Self.assess(lower, materialLocated: !events.isEmpty || !rejected.isEmpty)
        let verdict = assessment.isCompliant
            ? "compliant with the AUP's requirements for intellectual-property complaints"
            : "non-compliant: missing " + assessment.missing.map(\.explanation).joined(separator: "; ")
        if events.isEmpty {
            // Only private-use addresses (an anonymised notice): they are what the notice names;
            // attribution finds no holder for them. Provider infrastructure never becomes an event.
            for line in text.split(whereSeparator: \.isNewline).prefix(5_000) {
                for ip in AddressScanner.addresses(in: line) where ip.isPrivateUse && !context.isProviderInfrastructure(ip)
                    && !events.contains(where: { $0.ip == ip }) {
                    let time = ReportTime.resolve(stated: FreeTextRecognizer.time(in: String(line)), messageDate: messageTime, receivedAt: context.receivedAt)
                    events.append(ReportEvent(ip: ip, category: .ipInfringement, occurredAt: time.time, timeSource: time.source, reporter: message.root.reporter, excerpt: excerpt))
                }
            }
        }
        guard !events.isEmpty else {
            let names = rejected.isEmpty ? "no address or URL of the material" : "only private or provider addresses (\(rejected.prefix(3).joined(separator: ", ")))"
            var analysis = ReportAnalysis.quarantined(format, "an intellectual-property notice naming \(names); \(verdict)")
            analysis.ipNotice = assessment
            return analysis
        }
        var analysis = ReportAnalysis(status: .parsed, format: format, reason: verdict, events: events)
        analysis.ipNotice = assessment
        return analysis
    }

    /// The AUP's three requirements, read from what the notice says.
    static func assess(_ lower: String, materialLocated: Bool) -> IPNoticeAssessment {
        var missing: [IPNoticeAssessment.Requirement] = []
        let contacted = ["contacted the", "attempted to contact", "tried to contact", "we notified", "we have notified", "previously notified", "reached out to", "wrote to the", "sent a notice to the"]
        let parties = ["site owner", "website owner", "operator", "webmaster", "uploader", "infringer", "infringing party", "owner of the site", "owner of the website", "administrator of"]
        let results = ["no response", "not respond", "did not reply", "no reply", "unanswered", "ignored", "refused", "declined", "without success", "without result", "to no avail"]
        let mentionsContact = contacted.contains(where: lower.contains) && parties.contains(where: lower.contains) && results.contains(where: lower.contains)
        if !mentionsContact { missing.append(.priorContactAttempt) }
        if !materialLocated { missing.append(.materialLocation) }
        let proof = ["registration number", "registration no", "reg. no", "certificate of registration", "copyright registration", "trademark registration",
                     "proof of ownership", "evidence of ownership", "attached certificate", "attached registration", "euipo", "uspto", "wipo"]
        if !proof.contains(where: lower.contains) { missing.append(.proofOfOwnership) }
        return IPNoticeAssessment(missing: missing)
    }

    static func looksLikeMaterial(_ url: String) -> Bool {
        let lower = url.lowercased()
        return !["acns.net", "w3.org", "pgp.mit.edu", "webreply", "unsubscribe", "xmlsoap"].contains(where: lower.contains)
    }

    /// The text of the first `<Name>…</Name>` element (ACNS XML is simple enough for this).
    static func xmlValue(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
        let value = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : String(value.prefix(500))
    }

    /// The value after "Label:" on a line, for the first label found.
    static func labelled(_ labels: [String], in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline).prefix(2_000) {
            let lower = line.lowercased()
            for label in labels where lower.hasPrefix(label + ":") {
                let value = line.dropFirst(label.count + 1).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return String(value.prefix(200)) }
            }
        }
        return nil
    }
}
