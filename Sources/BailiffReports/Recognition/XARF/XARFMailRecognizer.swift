import BailiffCore

/// Recognises X-ARF 0.1/0.2 mails: a `multipart/mixed` mail marked `X-ARF: YES` whose first part
/// is a human-readable greeting, second part the machine-readable YAML report (`text/plain`,
/// `report.txt`) and third part the evidence (x-arf.org specification 0.2, "Message structure").
///
/// The YAML is read with ``XARFYAMLReport``; required fields are `Reported-From` (an e-mail
/// address), `Category`, `Report-Type` and `Source`; `Date`, `Port`, `Source-Type`, `Version`,
/// `Schema-URL` are checked when present. Category and type map through
/// ``XARFCategoryMapping/xarfMailTypes``. A report without `Date` takes the mail's `Date`, else
/// the arrival time, and its event says so (``ReportEvent/TimeSource``).
///
/// Quirk: ticket systems relaying X-ARF often drop the `X-ARF` header
/// (vpsfree-cz-configuration x_arf_login_attack.eml, relayed by RT); such a mail is still claimed
/// when a `text/plain` part named `report.txt` reads as an X-ARF report.
public struct XARFMailRecognizer: ReportRecognizer {
    public let format = "x-arf"

    public init() {}

    /// X-ARF versions (the `Version` field).
    static let versions = ["0.1", "0.2"]
    /// `Source-Type` values naming an IP address, and those naming a URL or domain.
    static let ipSourceTypes: Set<String> = ["ipv4", "ipv6", "ip-address", "ip", "ipaddress"]
    static let urlSourceTypes: Set<String> = ["uri", "url", "domain", "hostname", "fqdn"]

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let marked = message.headers["x-arf"].map { Substring($0).trimmingSpaces.lowercased() == "yes" } ?? false
        guard let part = Self.reportPart(message, marked: marked), let text = part.text else {
            return marked ? .quarantined(format, "X-ARF: YES, but there is no text/plain report part (the second MIME part, report.txt)") : nil
        }
        var analysis = Self.analyze(reportText: text, messageDate: message.date, context: context,
                                    evidence: Self.evidenceLine(message, after: part))
        if !marked, analysis.status == .parsed {
            let note = "no X-ARF: YES header (a relay dropped it?); recognised by its report.txt part"
            analysis.reason = analysis.reason.map { "\(note); \($0)" } ?? note
        }
        return analysis
    }

    /// Analyses the YAML report of an X-ARF mail on its own (for tests and for reports handed over
    /// without their mail). `messageDate` is the carrying mail's `Date`, if any; `evidence` a line
    /// of evidence for the excerpt.
    public static func analyze(reportText: String, messageDate: Int64?, context: AnalysisContext,
                               evidence: String? = nil) -> ReportAnalysis {
        switch read(reportText) {
        case .failure(let defects):
            return .quarantined("x-arf", defects.reason)
        case .success(var facts):
            if let evidence { facts.summary += " — evidence: \(evidence)" }
            return facts.analysis(format: "x-arf", messageDate: messageDate, context: context)
        }
    }

    /// Validates the report's fields and reads its facts.
    static func read(_ text: String) -> Result<XARFReportFacts, XARFDefects> {
        let yaml: XARFYAMLReport
        switch XARFYAMLReport.parse(text) {
        case .failure(let defects): return .failure(defects)
        case .success(let parsed): yaml = parsed
        }
        var defects = XARFDefects()
        var notes: [String] = []
        func required(_ key: String) -> XARFYAMLReport.Field? {
            guard let field = yaml.field(key) else { defects.add("missing \(key)"); return nil }
            if field.value.isEmpty { defects.add("\(key) is empty (line \(field.line))"); return nil }
            return field
        }
        func bad(_ field: XARFYAMLReport.Field, _ what: String) {
            defects.add("\(field.key) is not \(what): \(XARFDefects.quote(field.value)) (line \(field.line))")
        }

        let reportedFrom = required("Reported-From")
        if let reportedFrom, extractEmail(reportedFrom.value) == nil { bad(reportedFrom, "an e-mail address") }
        let categoryField = required("Category")
        let typeField = required("Report-Type")
        let sourceField = required("Source")

        var version: String?
        if let field = yaml.field("Version") {
            if versions.contains(field.value) { version = field.value } else { bad(field, "an X-ARF version (0.1, 0.2)") }
        }
        // Schema-URL only names the schema; clean-mx writes "http: //…" (AbuseIO Cleanmx_Example_1.eml),
        // which is noted, not held against the report.
        if let field = yaml.field("Schema-URL"), !XARFFormat.isURI(field.value) {
            notes.append("Schema-URL is not a URL: \(XARFDefects.quote(field.value))")
        }
        var port: Int?
        if let field = yaml.field("Port") {
            if let number = Int(field.value), (0...65535).contains(number) { port = number } else { bad(field, "a port (0–65535)") }
        }
        var occurredAt: Int64?
        if let field = yaml.field("Date") {
            if let seconds = XARFMailDate.parse(field.value) { occurredAt = seconds } else { bad(field, "a date") }
        } else {
            notes.append("the report has no Date")
        }

        var ip: IPAddress?
        var url: String?
        if let sourceField {
            let value = sourceField.value
            let sourceType = yaml.field("Source-Type")?.value.lowercased()
            if let sourceType, ipSourceTypes.contains(sourceType) {
                if let address = IPAddress(value) { ip = address } else { bad(sourceField, "an IP address (Source-Type \(sourceType))") }
            } else if let sourceType, urlSourceTypes.contains(sourceType) {
                if XARFFormat.isURI(value) || XARFFormat.isHostname(value) { url = value } else { bad(sourceField, "a URL or domain (Source-Type \(sourceType))") }
            } else if sourceType != nil, let field = yaml.field("Source-Type") {
                bad(field, "a Source-Type this reader knows (ipv4, ipv6, ip-address, uri, domain)")
            } else if let address = IPAddress(value) {
                ip = address
            } else if XARFFormat.isURI(value) || XARFFormat.isHostname(value) {
                url = value
            } else {
                bad(sourceField, "an IP address, URL or domain")
            }
        }

        var category: AbuseCategory?
        if let categoryField, let typeField {
            let categoryKey = categoryField.value.lowercased()
            let typeKey = typeField.value.lowercased()
            if let implied = XARFCategoryMapping.xarfMailCategories[categoryKey] {
                category = XARFCategoryMapping.xarfMailTypes[typeKey] ?? implied
                if category == nil { bad(typeField, "an X-ARF report type this reader maps") }
            } else {
                bad(categoryField, "an X-ARF category (abuse, fraud, info, malware)")
            }
        }
        guard defects.isEmpty, let category, let categoryField, let typeField, let reportedFrom else { return .failure(defects) }

        let reporter = extractEmail(reportedFrom.value) ?? reportedFrom.value
        // Netcraft's malware-attack reports name the malicious file in Download-Link (AbuseIO Netcraft_Example_1.eml).
        if url == nil, let link = yaml.field("Download-Link")?.value, XARFFormat.isURI(link) { url = link }
        var facts = XARFReportFacts(ip: ip, port: port, url: url, category: category, occurredAt: occurredAt, reporter: reporter, summary: "")
        var summary = "X-ARF\(version.map { " \($0)" } ?? "") \(categoryField.value)/\(typeField.value) from \(facts.sourceText)"
        if let service = yaml.field("Service")?.value, !service.isEmpty { summary += " (service \(service))" }
        summary += "; reported by \(reporter)"
        facts.summary = summary
        facts.notes = notes
        return .success(facts)
    }

    /// The address in `Reported-From`: a bare address or one in angle brackets after a name.
    static func extractEmail(_ text: String) -> String? {
        var candidate = Substring(text).trimmingSpaces
        if let open = candidate.lastIndex(of: "<"), let close = candidate.lastIndex(of: ">"), open < close {
            candidate = candidate[candidate.index(after: open)..<close]
        }
        let address = String(candidate)
        return XARFFormat.isEmail(address) ? address : nil
    }

    /// The YAML report part: the second part of the top-level multipart when it is `text/plain`
    /// (and, for unmarked mails, named `report.txt` and shaped like X-ARF), else any `text/plain`
    /// leaf named `report.txt` that reads like X-ARF.
    static func reportPart(_ message: MIMEMessage, marked: Bool) -> MIMEPart? {
        let root = message.root
        if root.children.count >= 2 {
            let second = root.children[1]
            if second.isLeaf, second.mimeType == "text/plain", let text = second.text {
                if marked || (isReportName(second.filename) && looksLikeXARF(text)) { return second }
            }
        }
        for part in message.allParts where part.isLeaf && part.mimeType == "text/plain" && isReportName(part.filename) {
            if let text = part.text, marked || looksLikeXARF(text) { return part }
        }
        return nil
    }

    static func isReportName(_ name: String?) -> Bool { name?.lowercased() == "report.txt" }

    /// Whether text has the lines every X-ARF report has: `Reported-From:` and `Report-Type:` or `Category:`.
    static func looksLikeXARF(_ text: String) -> Bool {
        var from = false, kind = false
        for line in text.prefix(64 * 1024).split(separator: "\n").prefix(200) {
            let lower = line.lowercased()
            if lower.hasPrefix("reported-from:") { from = true }
            if lower.hasPrefix("report-type:") || lower.hasPrefix("category:") { kind = true }
        }
        return from && kind
    }

    /// The first non-empty line of the evidence part (the part after the report), at most 160 characters.
    static func evidenceLine(_ message: MIMEMessage, after report: MIMEPart) -> String? {
        let siblings = message.root.children
        guard let index = siblings.firstIndex(where: { $0 === report }), index + 1 < siblings.count,
            let text = siblings[index + 1].text
        else { return nil }
        guard let line = text.split(separator: "\n").map({ $0.trimmingSpaces }).first(where: { !$0.isEmpty }) else { return nil }
        let clean = String(String.UnicodeScalarView(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        return clean.count > 160 ? String(clean.prefix(159)) + "…" : clean
    }
}
