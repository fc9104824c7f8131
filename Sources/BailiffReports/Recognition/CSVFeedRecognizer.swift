import BailiffCore
import Foundation

/// Machine feeds mailed as CSV that are not Shadowserver's own: national CSIRT feeds such as
/// CSIRT.CZ's PROKI (`feed_name,time_detected,ip,raw`, zipped), AbuseHub's relay of
/// Shadowserver data (`report_type,infection_type,event_date,event_time,src_ip,src_port,…`) and
/// the like (format `csv-feed`). One event per row with an address.
///
/// The columns are found by name: the address (`ip`, `src_ip`, `source_ip`, …), the time
/// (`time_detected`, `timestamp`, or `event_date` with `event_time`; UTC unless written with a
/// zone), the port, and what the row is about (`feed_name`, `report_type`, `infection_type`,
/// `type`, `category`, `classification`), which gives the category; when no column says, the
/// subject does. A mail may carry the same rows in several layouts (AbuseHub attaches its own
/// CSV and Shadowserver's): the first CSV with usable rows is read and the others are noted.
public struct CSVFeedRecognizer: ReportRecognizer {
    public let format = "csv-feed"
    public var maximumRows = 100_000

    public init() {}

    static let addressColumns = ["ip", "src_ip", "source_ip", "ip_address", "source", "ipaddress", "src"]
    static let portColumns = ["port", "src_port", "source_port", "sport"]
    static let timeColumns = ["time_detected", "timestamp", "time", "datetime", "first_seen", "last_seen", "date_time", "detected"]
    static let kindColumns = ["feed_name", "report_type", "infection_type", "infection", "type", "category", "classification", "taxonomy", "tag"]

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        let from = (message.root.from ?? "").lowercased()
        guard !from.contains("shadowserver.org") else { return nil }  // Shadowserver's reader knows its report types
        var csvFiles: [AttachedFile] = []
        var failures: [String] = []
        let (files, gzipFailures) = message.attachedFiles()
        failures += gzipFailures
        for file in files {
            let lower = file.name.lowercased()
            if lower.hasSuffix(".zip") || file.mimeType == "application/zip" || file.mimeType == "application/x-zip-compressed" {
                do {
                    let archive = try ZipArchive(file.bytes)
                    for (entry, contents) in try archive.extractAll() where entry.name.lowercased().hasSuffix(".csv") {
                        csvFiles.append(AttachedFile(name: entry.name, mimeType: "text/csv", bytes: contents, wasGzipped: false))
                    }
                } catch {
                    failures.append("\(file.name.isEmpty ? "zip attachment" : file.name): \(error)")
                }
            } else if lower.hasSuffix(".csv") || file.mimeType == "text/csv" || file.mimeType == "application/csv" {
                csvFiles.append(file)
            }
        }
        let readable = csvFiles.compactMap { file -> (AttachedFile, [CSVReader.Record], Columns)? in
            guard let records = try? CSVReader.records(file.bytes), let header = records.first, let columns = Columns(header.fields) else { return nil }
            return (file, records, columns)
        }
        guard !readable.isEmpty else {
            // Not a feed this reader knows; a broken archive that might have been one is still said.
            return failures.isEmpty || csvFiles.isEmpty && !from.contains("csirt") ? nil : .quarantined(format, failures.joined(separator: "; "))
        }
        let subject = message.subject ?? ""
        let fallbackCategory = Self.category(for: subject)
        for (index, (file, records, columns)) in readable.enumerated() {
            var events: [ReportEvent] = []
            var skipped = 0
            for record in records.dropFirst().prefix(maximumRows) {
                guard let address = columns.address(in: record.fields), !context.isProviderInfrastructure(address) else { skipped += 1; continue }
                let kind = columns.kind(in: record.fields)
                guard let category = kind.flatMap(Self.category(for:)) ?? fallbackCategory else { skipped += 1; continue }
                let time = ReportTime.resolve(stated: columns.time(in: record.fields), messageDate: message.date, receivedAt: context.receivedAt)
                events.append(ReportEvent(
                    ip: address, port: columns.port(in: record.fields), category: category, occurredAt: time.time, timeSource: time.source,
                    reporter: message.root.reporter, excerpt: String("\(file.name) line \(record.line): \(record.fields.joined(separator: ","))".prefix(300))
                ))
            }
            guard !events.isEmpty else { continue }
            var notes = ["\(events.count) rows of \(file.name)"]
            if skipped > 0 { notes.append("\(skipped) rows without a usable address or kind skipped") }
            if readable.count > index + 1 { notes.append("\(readable.count - index - 1) further CSV attachments taken as the same data in another layout") }
            return ReportAnalysis(status: .parsed, format: format, reason: notes.joined(separator: "; "), events: events)
        }
        return .quarantined(format, "CSV attachments with an address column but no usable row (no address or no recognisable kind of abuse)")
    }

    /// The category a feed's name for a finding stands for.
    static func category(for kind: String) -> AbuseCategory? {
        let lower = kind.lowercased()
        let table: [(AbuseCategory, [String])] = [
            (.phishing, ["phish"]),
            (.malware, ["malware", "c2", "c&c", "botnet", "drone", "sinkhole", "infection", "infected", "trojan", "ransom", "zeroaccess", "conficker", "mirai"]),
            (.networkAttack, ["ddos", "dos-", "amplification", "flood"]),
            (.intrusion, ["brute", "bruteforce", "login", "ssh", "rdp", "exploit", "intrusion", "compromised", "hack"]),
            (.scanning, ["scan", "probe"]),
            (.spam, ["spam", "uce"]),
            (.openProxy, ["proxy", "open-relay", "open_relay"]),
            (.torExit, ["tor"]),
            (.vulnerable, ["vulnerab", "open-", "open_", "exposed", "accessible", "misconfig", "cve-"]),
            (.blocklisted, ["blocklist", "blacklist"]),
        ]
        return table.first { _, words in words.contains(where: lower.contains) }?.0
    }

    /// Where the columns that matter are in a feed's header.
    struct Columns {
        var address: Int
        var port: Int?
        var time: Int?
        var date: Int?
        var clock: Int?
        var kinds: [Int]

        init?(_ header: [String]) {
            let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            func index(_ candidates: [String]) -> Int? { candidates.lazy.compactMap { names.firstIndex(of: $0) }.first }
            guard let address = index(CSVFeedRecognizer.addressColumns) else { return nil }
            self.address = address
            port = index(CSVFeedRecognizer.portColumns)
            time = index(CSVFeedRecognizer.timeColumns)
            date = names.firstIndex(of: "event_date") ?? names.firstIndex(of: "date")
            clock = names.firstIndex(of: "event_time")
            kinds = CSVFeedRecognizer.kindColumns.compactMap { names.firstIndex(of: $0) }
        }

        func address(in fields: [String]) -> IPAddress? {
            guard address < fields.count else { return nil }
            return IPAddress(fields[address].trimmingCharacters(in: .whitespaces))
        }

        func port(in fields: [String]) -> Int? {
            guard let port, port < fields.count, let value = Int(fields[port].trimmingCharacters(in: .whitespaces)), (0...65_535).contains(value) else { return nil }
            return value
        }

        func time(in fields: [String]) -> Int64? {
            if let time, time < fields.count, let value = ReportTime.parse(fields[time]) { return value }
            if let date, date < fields.count {
                let clockText = clock.flatMap { $0 < fields.count ? fields[$0] : nil } ?? "00:00:00"
                return ReportTime.parse("\(fields[date].trimmingCharacters(in: .whitespaces)) \(clockText.trimmingCharacters(in: .whitespaces))")
            }
            return nil
        }

        /// The most specific description of the row: the first kind column whose text names a category.
        func kind(in fields: [String]) -> String? {
            let texts = kinds.compactMap { $0 < fields.count ? fields[$0] : nil }.filter { !$0.isEmpty }
            return texts.first { CSVFeedRecognizer.category(for: $0) != nil } ?? texts.first
        }
    }
}
