import BailiffCore

/// Validates an XARF v3 report in the layout of the xarf-spec v3 samples and reads its facts.
///
/// That layout (xarf/xarf-spec samples/v3/*.json) differs from the abusix schemas: the source is
/// an object `Report.Source` with `IP` or `URL` (and `Port`, `Type`), evidence is
/// `Report.Attachment`, extras sit in `Report.AdditionalInfo`, and `ReportClass` is free text
/// ("Messaging", "Network", "System", "Content"). Required, after schemas/v3/xarf-v3-legacy.json
/// of the same repository: `Version`, `ReporterInfo` with `ReporterOrg` and `ReporterOrgEmail`,
/// `Report` with `ReportClass`, `ReportType` and `Date` — plus a usable `Source`, without which
/// there is nothing to act on. `Version` "3.0.0" is accepted as the samples write it, although
/// the legacy schema lists only "3" and "3.0".
enum XARFSpecV3Report {
    static let versions = ["3", "3.0", "3.0.0"]

    static func read(_ root: XARFJSONObject) -> Result<XARFReportFacts, XARFDefects> {
        var defects = XARFDefects()
        if let version = root.string("Version", &defects, required: true), !versions.contains(version) {
            defects.add("Version \(XARFDefects.quote(version)) is not an XARF v3 version (\(versions.joined(separator: ", ")))",
                        line: root.value("Version")?.line ?? root.line)
        }
        _ = root.bool("Disclosure", &defects)
        var reporter: String?
        if let info = root.object("ReporterInfo", &defects, required: true) {
            reporter = info.string("ReporterOrg", &defects, required: true, maxLength: 200)
            _ = info.string("ReporterOrgEmail", &defects, required: true, format: .email)
            _ = info.string("ReporterOrgDomain", &defects, format: .hostname)
            _ = info.string("ReporterContactEmail", &defects, format: .email)
            _ = info.string("ReporterContactName", &defects)
            _ = info.string("ReporterContactPhone", &defects)
        }
        guard let report = root.object("Report", &defects, required: true) else { return .failure(defects) }
        let reportClass = report.string("ReportClass", &defects, required: true, minLength: 1)
        let reportType = report.string("ReportType", &defects, required: true, minLength: 1)
        let date = report.dateTime("Date", &defects, required: true)

        var ip: IPAddress?
        var port: Int?
        var url: String?
        if let source = report.object("Source", &defects, required: true) {
            ip = source.ip("IP", &defects)
            port = source.port("Port", &defects)
            url = source.string("URL", &defects, format: .uri)
            _ = source.string("Type", &defects)
            if !source.has("IP"), !source.has("URL") { defects.add("Report.Source names neither an IP nor a URL", line: source.line) }
        }
        if let attachments = report.array("Attachment", &defects) {
            for (index, node) in attachments.enumerated() {
                guard let attachment = XARFJSONObject(node, path: "Report.Attachment[\(index)]") else {
                    defects.add("Report.Attachment[\(index)] must be an object, found \(node.kindName)", line: node.line)
                    continue
                }
                _ = attachment.string("ContentType", &defects, required: true)
                _ = attachment.string("Description", &defects)
                _ = attachment.string("Data", &defects)
            }
        }
        let extra = report.object("AdditionalInfo", &defects)

        var category: AbuseCategory?
        if let reportType {
            category = XARFCategoryMapping.legacyV3[XARFCategoryMapping.normalized(reportType)]
            if category == nil {
                defects.add("Report.ReportType \(XARFDefects.quote(reportType)) is not an XARF v3 report type", line: report.value("ReportType")?.line ?? report.line)
            }
        }
        guard defects.isEmpty, let category, let reportClass, let reportType else { return .failure(defects) }

        var facts = XARFReportFacts(ip: ip, port: port, url: url, category: category, occurredAt: date, reporter: reporter, summary: "")
        var text = "XARF v3 \(reportClass)/\(reportType) from \(facts.sourceText)"
        if ip != nil, let url { text += " (\(url))" }
        if let extra, case .string(let destination, _) = extra.value("DestinationIP") ?? .null(line: 0) {
            text += " to \(XARFDefects.quote(destination).dropFirst().dropLast())"
        }
        if let reporter { text += "; reported by \(reporter)" }
        facts.summary = text
        facts.notes = ["XARF v3 in the xarf-spec sample layout (Report.Source)"]
        return .success(facts)
    }
}
