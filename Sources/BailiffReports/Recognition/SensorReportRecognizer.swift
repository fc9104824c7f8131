import BailiffCore

/// Reads Bailiff's own sensor reports (``SensorReport``) into events, one per detection.
///
/// The document is ours, so anything off in it is a quarantine with the reason rather than a
/// guess. Whether the report is believed (it came from a sensor) is the processor's check.
public enum SensorReportRecognizer {
    public static func analyze(json bytes: [UInt8], context: AnalysisContext) -> ReportAnalysis {
        let format = SensorReport.format
        let document: LocatedJSON
        do { document = try LocatedJSON.parse(bytes) } catch { return .quarantined(format, "not JSON: \(error)") }
        guard case .number(let version, _, _)? = document["bailiff_sensor"], Int(version) == SensorReport.version else {
            return .quarantined(format, "bailiff_sensor must be \(SensorReport.version)")
        }
        guard case .string(let sensor, _)? = document["sensor"], ["flows", "tor", "dnsbl"].contains(sensor) else {
            return .quarantined(format, "sensor must be \"flows\", \"tor\" or \"dnsbl\"")
        }
        guard case .array(let items, _)? = document["events"] else { return .quarantined(format, "events must be an array") }
        var events: [ReportEvent] = []
        var skipped: [String] = []
        for item in items {
            guard case .string(let ipText, _)? = item["ip"], let ip = IPAddress(ipText) else {
                return .quarantined(format, "line \(item.line): an event without a valid ip")
            }
            guard case .string(let categoryText, _)? = item["category"], let category = AbuseCategory(rawValue: categoryText) else {
                return .quarantined(format, "line \(item.line): an event without a known category")
            }
            guard case .string(let timeText, _)? = item["occurred_at"], let occurredAt = Timestamp.parse(timeText) else {
                return .quarantined(format, "line \(item.line): occurred_at must be an RFC 3339 time")
            }
            if context.isProviderInfrastructure(ip) { skipped.append(ip.description); continue }
            var lines: [String] = []
            if case .string(let summary, _)? = item["summary"] { lines.append(summary) }
            if case .array(let evidence, _)? = item["evidence"] {
                for case .string(let line, _) in evidence.prefix(20) { lines.append(line) }
            }
            events.append(ReportEvent(ip: ip, category: category, occurredAt: occurredAt, timeSource: .report, reporter: "sensor:\(sensor)",
                                      excerpt: String(lines.joined(separator: "\n").prefix(1_000))))
        }
        guard !events.isEmpty else {
            return ReportAnalysis(status: .notAReport, format: format,
                                  reason: skipped.isEmpty ? "a sensor report without events" : "only the provider's own infrastructure: \(skipped.joined(separator: ", "))")
        }
        return ReportAnalysis(status: .parsed, format: format,
                              reason: skipped.isEmpty ? nil : "skipped the provider's own infrastructure: \(skipped.joined(separator: ", "))", events: events)
    }
}
