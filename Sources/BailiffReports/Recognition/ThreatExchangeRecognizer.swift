import BailiffCore

/// Threat indicators in Facebook ThreatExchange's JSON (format `threatexchange`), as the AITE
/// notification service mails them: a short text and `report.json.gz` holding one indicator
/// descriptor (or an array of them, or one per line).
///
/// A descriptor names the indicator (`indicator.indicator`, its `type`: `URI`, `DOMAIN`,
/// `IP_ADDRESS`), its `status` (`MALICIOUS`, `SUSPICIOUS`, `NON_MALICIOUS`, `UNKNOWN`), when it
/// was added, who contributed it (`owner`) and, for a URI or domain, the address the name
/// resolved to then (`enrichments.domain_address`) — which is what makes the event attributable.
/// Non-malicious indicators are not events. The category is `phishing` when the contributing
/// feed or description says phishing, `scanning` for addresses described as scanners, otherwise
/// `malware` (a malicious URL or host).
public struct ThreatExchangeRecognizer: ReportRecognizer {
    public let format = "threatexchange"

    public init() {}

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let (files, failures) = message.attachedFiles(maxUnpackedSize: XARFRecognizer.maximumJSONSize)
        let mentionsThreatExchange = (message.subject ?? "").contains("AITE") || (message.textBody ?? "").contains("AITE notification")
        var descriptors: [LocatedJSON] = []
        for file in files where file.name.lowercased().hasSuffix(".json") || file.mimeType.hasSuffix("json") || file.wasGzipped {
            descriptors += Self.descriptors(in: file.bytes)
        }
        guard !descriptors.isEmpty else {
            guard mentionsThreatExchange else { return nil }
            let why = failures.isEmpty ? "AITE notification without a readable indicator file" : failures.joined(separator: "; ")
            return .quarantined(format, why)
        }
        let reporterFallback = message.root.reporter
        var events: [ReportEvent] = []
        var skipped: [String] = []
        for descriptor in descriptors {
            switch event(from: descriptor, messageDate: message.date, fallbackReporter: reporterFallback, context: context) {
            case .success(let event?): events.append(event)
            case .success(nil): break
            case .failure(let unusable): skipped.append(unusable.why)
            }
        }
        if events.isEmpty && !skipped.isEmpty { return .quarantined(format, skipped.joined(separator: "; ")) }
        if events.isEmpty { return ReportAnalysis(status: .parsed, format: format, reason: "no malicious indicator") }
        return ReportAnalysis(status: .parsed, format: format, reason: skipped.isEmpty ? nil : skipped.joined(separator: "; "), events: events)
    }

    /// Indicator descriptors in a JSON text: one object, an array, or one object per line.
    static func descriptors(in bytes: [UInt8]) -> [LocatedJSON] {
        func isDescriptor(_ node: LocatedJSON) -> Bool { node["indicator"]?["type"] != nil || node["raw_indicator"] != nil }
        if let document = try? LocatedJSON.parse(bytes) {
            if case .array(let items, _) = document { return items.filter(isDescriptor) }
            return isDescriptor(document) ? [document] : []
        }
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? LocatedJSON.parse(Array(line))).flatMap { isDescriptor($0) ? $0 : nil }
        }
    }

    private struct Unusable: Error { let why: String }

    private func event(from descriptor: LocatedJSON, messageDate: Int64?, fallbackReporter: String?, context: AnalysisContext)
        -> Result<ReportEvent?, Unusable>
    {
        func text(_ node: LocatedJSON?) -> String? {
            guard case .string(let value, _)? = node, !value.isEmpty else { return nil }
            return value
        }
        let status = text(descriptor["status"])?.uppercased() ?? "UNKNOWN"
        guard status == "MALICIOUS" || status == "SUSPICIOUS" else { return .success(nil) }
        let indicatorText = text(descriptor["indicator"]?["indicator"]) ?? text(descriptor["raw_indicator"])
        guard let indicatorText else { return .failure(Unusable(why: "indicator without a value (line \(descriptor.line))")) }
        let type = (text(descriptor["indicator"]?["type"]) ?? text(descriptor["type"]) ?? "").uppercased()

        var ip: IPAddress?
        var url: String?
        if type == "IP_ADDRESS" || type == "IP_SUBNET" {
            ip = IPAddress(indicatorText)
        } else {
            url = indicatorText
            ip = text(descriptor["enrichments"]?["domain_address"]).flatMap { IPAddress($0) }
        }
        if let address = ip, context.isProviderInfrastructure(address) {
            return .failure(Unusable(why: "indicator \(indicatorText) is provider infrastructure"))
        }
        guard ip != nil || url != nil else { return .failure(Unusable(why: "indicator \(indicatorText) is not an address")) }

        let described = [text(descriptor["owner"]?["name"]), text(descriptor["description"]), text(descriptor["indicator"]?["type"])]
            .compactMap { $0?.lowercased() }.joined(separator: " ")
        let category: AbuseCategory =
            described.contains("phish") ? .phishing : described.contains("scan") ? .scanning : .malware
        let stated = text(descriptor["added_on"]).flatMap(ReportTime.parse) ?? text(descriptor["last_updated"]).flatMap(ReportTime.parse)
        let time = ReportTime.resolve(stated: stated, messageDate: messageDate, receivedAt: context.receivedAt)
        let owner = [text(descriptor["owner"]?["name"]), text(descriptor["owner"]?["email"]).map { "<\($0)>" }].compactMap { $0 }
        let excerpt = "ThreatExchange \(status.lowercased()) \(type.isEmpty ? "indicator" : type) \(indicatorText)"
            + (text(descriptor["description"]).map { " (\($0))" } ?? "") + (ip.map { " resolving to \($0)" } ?? "")
        return .success(ReportEvent(
            ip: ip, url: url, category: category, occurredAt: time.time, timeSource: time.source,
            reporter: owner.isEmpty ? fallbackReporter : owner.joined(separator: " "), excerpt: String(excerpt.prefix(500))
        ))
    }
}
