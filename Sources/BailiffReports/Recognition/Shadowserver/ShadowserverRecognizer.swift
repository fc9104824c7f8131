import BailiffCore

/// Shadowserver's daily network reports (format `shadowserver`): a mail from shadowserver.org
/// carrying one or more CSV files, attached plain or zipped (`*.csv.zip`, as in AbuseIO's
/// samples), or a CSV as the mail body.
///
/// Each CSV is read by ``ShadowserverCSV``; its report type comes from the zip entry's or the
/// attachment's file name, else from the subject. The report is quarantined, naming the file
/// and the reason, when any CSV cannot be read (unknown type, CSV syntax, a zip that is not
/// readable) or when every row of a file was unusable — acting on part of a report would hide
/// the rest. Skipped rows are counted in the reason of a parsed report.
public struct ShadowserverRecognizer: ReportRecognizer {
    public let format = "shadowserver"
    public var csvLimits: ShadowserverCSV.Limits
    public var zipLimits: ZipArchive.Limits

    public init(csvLimits: ShadowserverCSV.Limits = .default, zipLimits: ZipArchive.Limits = .default) {
        self.csvLimits = csvLimits
        self.zipLimits = zipLimits
    }

    /// One CSV found in the mail, with where it came from.
    struct Source {
        var label: String
        var typeName: String?
        var bytes: [UInt8]
    }

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let from = (message.root.from ?? "").lowercased()
        let subject = message.subject ?? ""
        let fromShadowserver = from.contains("shadowserver.org")
        guard fromShadowserver || subject.lowercased().contains("shadowserver") else { return nil }
        let subjectType = ShadowserverReportName.fromSubject(subject)

        var sources: [Source] = []
        var failures: [String] = []
        for part in message.allParts where part.isLeaf {
            let name = part.filename ?? ""
            let lowerName = name.lowercased()
            let mime = part.mimeType
            if lowerName.hasSuffix(".zip") || mime == "application/zip" || mime == "application/x-zip-compressed"
                || mime == "application/x-zip" || (mime == "application/octet-stream" && ZipArchive.looksLikeZip(part.body)) {
                do {
                    let archive = try ZipArchive(part.body, limits: zipLimits)
                    for (entry, contents) in try archive.extractAll() {
                        sources.append(Source(label: entry.name, typeName: ShadowserverReportName.fromFileName(entry.name)
                                              ?? ShadowserverReportName.fromFileName(name) ?? subjectType, bytes: contents))
                    }
                } catch {
                    failures.append("\(name.isEmpty ? "zip attachment" : name): \(error)")
                }
            } else if lowerName.hasSuffix(".csv") || mime == "text/csv" || mime == "application/csv" {
                sources.append(Source(label: name.isEmpty ? "CSV attachment" : name,
                                      typeName: ShadowserverReportName.fromFileName(name) ?? subjectType, bytes: part.body))
            }
        }
        if sources.isEmpty && failures.isEmpty, let body = message.textBody, ShadowserverRecognizer.looksLikeCSV(body) {
            sources.append(Source(label: "mail body", typeName: subjectType, bytes: Array(body.utf8)))
        }
        guard fromShadowserver || !sources.isEmpty || !failures.isEmpty else { return nil }
        guard !sources.isEmpty || !failures.isEmpty else {
            return .quarantined(format, "Shadowserver mail without a CSV attachment or CSV body (a download link only?)")
        }

        var events: [ReportEvent] = []
        var notes: [String] = []
        for source in sources {
            guard let typeName = source.typeName else {
                failures.append("\(source.label): no Shadowserver report type in the file name or subject"); continue
            }
            // The sender's address names the source, so that trust rules can match its domain.
            let reporter = message.root.reporter.map { "Shadowserver \(LoginAttackRecognizer.addrSpec($0).map { "<\($0)>" } ?? $0)" } ?? "Shadowserver"
            switch ShadowserverCSV.parse(source.bytes, typeName: typeName, reporter: reporter, limits: csvLimits) {
            case .failure(let failure):
                failures.append("\(source.label): \(failure)")
            case .success(let outcome):
                if outcome.dataRowCount > 0 && outcome.events.isEmpty {
                    failures.append("\(source.label): no usable row — \(outcome.summary)")
                } else {
                    events += outcome.events
                    notes.append(outcome.summary)
                }
            }
        }
        guard failures.isEmpty else { return .quarantined(format, failures.joined(separator: "; ")) }
        let kept = events.filter { event in event.ip.map { !context.isProviderInfrastructure($0) } ?? true }
        if kept.count < events.count { notes.append("\(events.count - kept.count) events about provider infrastructure dropped") }
        return ReportAnalysis(status: .parsed, format: format, reason: notes.joined(separator: "; "), events: kept)
    }

    /// Whether a mail body is itself a Shadowserver CSV (its header starts with the timestamp column).
    static func looksLikeCSV(_ text: String) -> Bool {
        let firstLine = text.drop { $0 == "\n" || $0 == " " || $0 == "\r" }.prefix { $0 != "\n" }.lowercased()
        return firstLine.hasPrefix("\"timestamp\",") || firstLine.hasPrefix("timestamp,")
    }
}
