import BailiffCore

/// Reads one Shadowserver CSV report into events: a header row, then one event per row.
///
/// Pure and reusable (the mail recogniser, a bulk importer and tests all use it). The columns
/// used are per type (``ShadowserverReportType``): the address, its port, `timestamp` and
/// sometimes a URL. Times are UTC, written `YYYY-MM-DD HH:MM:SS` (Shadowserver's report format
/// documentation; older files and IntelMQ's samples also have `…Z` and ISO `T` forms).
/// A row that cannot be an event (no or an invalid address, an unparsable time, too few
/// fields) is skipped and counted with its line, never fatal; a file that is not CSV, lacks the
/// address or time column, or is of an unknown type, fails as a whole.
public enum ShadowserverCSV {
    /// Caps on what one file may cost.
    public struct Limits: Sendable, Hashable {
        /// Most bytes read; larger files fail with `tooLarge` before parsing.
        public var maxBytes: Int
        /// Most data rows turned into events; the rest are counted as not read.
        public var maxRows: Int
        /// Most skipped rows described individually (all are counted).
        public var maxSkipDetails: Int

        public init(maxBytes: Int = 64 * 1024 * 1024, maxRows: Int = 1_000_000, maxSkipDetails: Int = 5) {
            self.maxBytes = max(0, maxBytes)
            self.maxRows = max(0, maxRows)
            self.maxSkipDetails = max(0, maxSkipDetails)
        }

        public static let `default` = Limits()
    }

    /// A data row that did not become an event.
    public struct SkippedRow: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line on which the row starts.
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The events of a file and what was left out.
    public struct Outcome: Sendable, Hashable {
        public var reportType: ShadowserverReportType
        public var events: [ReportEvent]
        /// Data rows in the file (header excluded).
        public var dataRowCount: Int
        /// How many rows were skipped; `skipped` describes the first few.
        public var skippedCount: Int
        public var skipped: [SkippedRow]
        /// Rows beyond `Limits.maxRows`, not read.
        public var unreadRowCount: Int

        /// A one-line account, e.g. "scan_ssh: 3 events; 1 row skipped (line 4: invalid address "x")".
        public var summary: String {
            var text = "\(reportType.name): \(events.count) event\(events.count == 1 ? "" : "s")"
            if skippedCount > 0 {
                text += "; \(skippedCount) row\(skippedCount == 1 ? "" : "s") skipped ("
                text += skipped.map(\.description).joined(separator: "; ")
                text += skippedCount > skipped.count ? "; …)" : ")"
            }
            if unreadRowCount > 0 { text += "; \(unreadRowCount) rows beyond the limit not read" }
            return text
        }
    }

    /// Why a whole file could not be read.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownReportType(String)
        case tooLarge(Int)
        case syntax(line: Int, reason: String)
        case empty
        case missingColumn(String)

        public var description: String {
            switch self {
            case .unknownReportType(let name): "unknown Shadowserver report type \"\(name)\""
            case .tooLarge(let limit): "CSV larger than \(limit) bytes"
            case .syntax(let line, let reason): "CSV syntax error on line \(line): \(reason)"
            case .empty: "CSV is empty (no header row)"
            case .missingColumn(let name): "CSV has no \(name) column"
            }
        }
    }

    /// Parses `bytes` as a report of type `typeName`. `reporter` goes into every event.
    public static func parse(_ bytes: [UInt8], typeName: String, reporter: String? = "Shadowserver",
                             limits: Limits = .default) -> Result<Outcome, Failure> {
        guard let type = ShadowserverReportType.named(typeName) else { return .failure(.unknownReportType(typeName)) }
        return parse(bytes, type: type, reporter: reporter, limits: limits)
    }

    /// Parses `bytes` as a report of the given type. Rows are scanned without building a string
    /// per field: only the columns an event uses become text.
    public static func parse(_ bytes: [UInt8], type: ShadowserverReportType, reporter: String? = "Shadowserver",
                             limits: Limits = .default) -> Result<Outcome, Failure> {
        guard bytes.count <= limits.maxBytes else { return .failure(.tooLarge(limits.maxBytes)) }
        switch scan(bytes, type: type, reporter: reporter, limits: limits) {
        case .success(let outcome): return .success(outcome)
        case .failure(.syntax(let line, let reason)):
            // Shadowserver's backslash-escaped quotes: repair and retry; report the original error if that fails too.
            if case .success(let outcome) = scan(BackslashQuoteRepair.repair(bytes), type: type, reporter: reporter, limits: limits) { return .success(outcome) }
            return .failure(.syntax(line: line, reason: reason))
        case .failure(let failure): return .failure(failure)
        }
    }

    /// The columns of a file's header that events are built from.
    struct Columns {
        var names: [String]
        var time: Int
        var address: Int
        var port: Int?
        var url: (Int?, Int?, Int?)
        var excerpt: [(String, Int)]

        init(header: [String], type: ShadowserverReportType) throws(Failure) {
            let names = header.map { trim($0).lowercased() }
            self.names = names
            func column(_ candidates: [String]) -> Int? {
                for candidate in candidates { if let index = names.firstIndex(of: candidate) { return index } }
                return nil
            }
            guard let time = column(["timestamp"]) else { throw .missingColumn("timestamp") }
            guard let address = column(type.addressColumns) else { throw .missingColumn(type.addressColumns.joined(separator: "/")) }
            self.time = time
            self.address = address
            port = column(type.portColumns)
            switch type.url {
            case .none: url = (nil, nil, nil)
            case .column(let name): url = (column([name]), nil, nil)
            case .hostAndPath: url = (column(["url"]), column(["http_host"]), column(["application"]))
            }
            excerpt = ["protocol", "tag", "infection", "family", "application", "hostname", "http_host", "url", "status"]
                .compactMap { name in names.firstIndex(of: name).map { (name, $0) } }
        }
    }

    static func scan(_ bytes: [UInt8], type: ShadowserverReportType, reporter: String?, limits: Limits) -> Result<Outcome, Failure> {
        var columns: Columns?
        var failure: Failure?
        var outcome = Outcome(reportType: type, events: [], dataRowCount: 0, skippedCount: 0, skipped: [], unreadRowCount: 0)
        func skip(_ line: Int, _ reason: String) {
            outcome.skippedCount += 1
            if outcome.skipped.count < limits.maxSkipDetails { outcome.skipped.append(SkippedRow(line: line, reason: reason)) }
        }
        do throws(CSVReader.SyntaxError) {
            try CSVReader.forEachRecord(bytes) { row in
                guard failure == nil else { return }
                guard let columns else {
                    do throws(Failure) { columns = try Columns(header: (0..<row.count).map(row.string), type: type) } catch { failure = error }
                    return
                }
                outcome.dataRowCount += 1
                guard outcome.dataRowCount <= limits.maxRows else { outcome.unreadRowCount += 1; return }
                guard columns.address < row.count, columns.time < row.count else { skip(row.line, "only \(row.count) fields"); return }
                let addressText = trim(row.string(columns.address))
                guard !addressText.isEmpty else { skip(row.line, "no address in \(columns.names[columns.address])"); return }
                guard let address = IPAddress(addressText) else {
                    // Blocklist rows may list a whole network (IntelMQ's blocklist.csv has one).
                    let isNetwork = addressText.contains("/") && (try? IPPrefix(parsing: addressText)) != nil
                    skip(row.line, isNetwork ? "a network (\(clip(addressText))), not an address" : "invalid address \"\(clip(addressText))\"")
                    return
                }
                let timeText = row.string(columns.time)
                guard let time = parseTime(timeText) else { skip(row.line, "unparsable time \"\(clip(timeText))\""); return }
                var port: Int? = nil
                if let portColumn = columns.port, portColumn < row.count, let value = Int(trim(row.string(portColumn))), (0...65_535).contains(value) {
                    port = value
                }
                let url = buildURL(row, columns.url, type.url)
                var excerpt = "\(type.name) line \(row.line): \(addressText)"
                if let port { excerpt += " port \(port)" }
                for (name, index) in columns.excerpt where index < row.count && !row.isEmpty(index) {
                    excerpt += " \(name)=\(clip(row.string(index)))"
                    if excerpt.utf8.count > 300 { break }
                }
                outcome.events.append(ReportEvent(ip: address, port: port, url: url, category: type.category, occurredAt: time,
                                                  timeSource: .report, reporter: reporter, excerpt: excerpt))
            }
        } catch {
            return .failure(.syntax(line: error.line, reason: error.reason))
        }
        if let failure { return .failure(failure) }
        guard columns != nil else { return .failure(.empty) }
        return .success(outcome)
    }

    /// `YYYY-MM-DD HH:MM:SS` as UTC (Shadowserver's documented form), or any RFC 3339 form.
    public static func parseTime(_ text: String) -> Int64? {
        let trimmed = trim(text)
        // No offset written: Shadowserver's timestamps are UTC.
        if trimmed.utf8.count == 19 { return Timestamp.parse(trimmed + "Z") }
        return Timestamp.parse(trimmed) ?? Timestamp.parse(trimmed + "Z")
    }

    static func buildURL(_ row: CSVReader.Row, _ columns: (Int?, Int?, Int?), _ source: ShadowserverReportType.URLSource) -> String? {
        func field(_ index: Int?) -> String? {
            guard let index, index < row.count, !row.isEmpty(index) else { return nil }
            let value = trim(row.string(index))
            return value.isEmpty ? nil : value
        }
        switch source {
        case .none: return nil
        case .column: return field(columns.0)
        case .hostAndPath:
            guard let host = field(columns.1) else { return field(columns.0) }
            let scheme = field(columns.2).map { $0.lowercased() == "https" ? "https" : "http" } ?? "http"
            let path = field(columns.0) ?? "/"
            return "\(scheme)://\(host)\(path.hasPrefix("/") ? path : "/" + path)"
        }
    }

    static func clip(_ text: String) -> String {
        text.utf8.count <= 80 ? text : String(text.prefix(77)) + "…"
    }

    /// Drops spaces and tabs at both ends; the common case (none) costs no copy.
    static func trim(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return text }
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        if !blank(first) && !blank(last) { return text }
        guard let start = bytes.firstIndex(where: { !blank($0) }), let end = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[start...end])
    }
}
