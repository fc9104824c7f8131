/// Reads an inventory file (CSV or JSON) into an ``InventoryDocument``, collecting every
/// problem with its line instead of stopping at the first.
///
/// Both formats go through the same field rules (``RawRecord``), so a value means the same
/// thing in either. Checks that need other records or the store (references, overlaps, the
/// provider's space) are the planner's job.
public enum InventoryFileReader {
    /// Files larger than this are refused before parsing (a 200,000-assignment file is ~20 MB).
    public static let maximumBytes = 512 * 1024 * 1024

    public static func read(_ bytes: [UInt8], format: InventoryFileFormat) -> (InventoryDocument, [ImportProblem]) {
        guard bytes.count <= maximumBytes else {
            return (InventoryDocument(), [ImportProblem(line: nil, "the file is larger than \(maximumBytes / 1024 / 1024) MiB; split it")])
        }
        var problems: [ImportProblem] = []
        let records: [RawRecord]
        switch format {
        case .csv: records = csvRecords(bytes, problems: &problems)
        case .json: records = jsonRecords(bytes, problems: &problems)
        }
        var document = InventoryDocument()
        for record in records {
            record.convert(into: &document, problems: &problems)
        }
        return (document, problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element))
    }

    // MARK: CSV — one record per row, `record` column names the kind.

    static func csvRecords(_ bytes: [UInt8], problems: inout [ImportProblem]) -> [RawRecord] {
        let rows: [CSVReader.Record]
        do {
            rows = try CSVReader.records(bytes)
        } catch {
            problems.append(ImportProblem(line: error.line, error.reason))
            return []
        }
        guard let header = rows.first else {
            problems.append(ImportProblem(line: nil, "the file is empty; a header row naming the columns is required"))
            return []
        }
        let columns = header.fields.map { $0.trimmingSpaces.lowercased() }
        let known = Set(InventoryRecordKind.allCases.flatMap(\.allowedFields) + ["record"])
        let unknown = columns.filter { !known.contains($0) }
        guard columns.contains("record"), unknown.isEmpty, Set(columns).count == columns.count else {
            var reasons: [String] = []
            if !columns.contains("record") { reasons.append("a 'record' column is required") }
            if !unknown.isEmpty { reasons.append("unknown column(s) \(unknown.joined(separator: ", ")); known: \(known.sorted().joined(separator: ", "))") }
            if Set(columns).count != columns.count { reasons.append("a column is named twice") }
            problems.append(ImportProblem(line: header.line, "bad header: " + reasons.joined(separator: "; ")))
            return []
        }
        var records: [RawRecord] = []
        for row in rows.dropFirst() {
            guard row.fields.count == columns.count else {
                problems.append(ImportProblem(line: row.line, "has \(row.fields.count) fields, the header has \(columns.count)"))
                continue
            }
            var fields: [String: RawRecord.Value] = [:]
            var kindText = ""
            for (column, value) in zip(columns, row.fields) {
                let trimmed = value.trimmingSpaces
                if column == "record" { kindText = trimmed.lowercased(); continue }
                if !trimmed.isEmpty { fields[column] = .text(trimmed) }
            }
            guard let kind = InventoryRecordKind(rawValue: kindText) else {
                problems.append(ImportProblem(line: row.line, "record '\(kindText)' is not one of \(InventoryRecordKind.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            records.append(RawRecord(kind: kind, line: row.line, fields: fields))
        }
        return records
    }

    // MARK: JSON — one array per kind in a top-level object.

    static func jsonRecords(_ bytes: [UInt8], problems: inout [ImportProblem]) -> [RawRecord] {
        let root: LocatedJSON
        do {
            root = try LocatedJSON.parse(bytes)
        } catch {
            problems.append(ImportProblem(line: error.line, "not valid JSON (column \(error.column)): \(error.reason)"))
            return []
        }
        guard case .object(let sections, _) = root else {
            problems.append(ImportProblem(line: root.line, "the file must hold one JSON object with arrays named \(InventoryRecordKind.allCases.map(\.section).joined(separator: ", "))"))
            return []
        }
        var records: [RawRecord] = []
        for (name, value) in sections {
            if name == "format" { continue }
            guard let kind = InventoryRecordKind.allCases.first(where: { $0.section == name }) else {
                problems.append(ImportProblem(line: value.line, "unknown section '\(name)'; known: \(InventoryRecordKind.allCases.map(\.section).joined(separator: ", "))"))
                continue
            }
            guard case .array(let elements, _) = value else {
                problems.append(ImportProblem(line: value.line, "'\(name)' must be an array, found \(value.kindName)"))
                continue
            }
            for element in elements {
                guard case .object(let members, let line) = element else {
                    problems.append(ImportProblem(line: element.line, "each entry of '\(name)' must be an object, found \(element.kindName)"))
                    continue
                }
                var fields: [String: RawRecord.Value] = [:]
                var bad = false
                for (key, member) in members {
                    if key == "contacts", case .object(let roles, _) = member {
                        // JSON groups contact roles: "contacts": {"abuse": ["a@example.net"]}.
                        for (role, addresses) in roles {
                            guard let value = RawRecord.Value(json: addresses) else {
                                problems.append(ImportProblem(line: addresses.line, "contacts.\(role) must be a string or an array of strings"))
                                bad = true; continue
                            }
                            fields[role] = value
                        }
                        continue
                    }
                    guard let value = RawRecord.Value(json: member) else {
                        problems.append(ImportProblem(line: member.line, "'\(key)' must be a string, number, array of strings or object of strings, found \(member.kindName)"))
                        bad = true; continue
                    }
                    if case .null = member { continue }
                    fields[key] = value
                }
                if !bad { records.append(RawRecord(kind: kind, line: line, fields: fields)) }
            }
        }
        return records
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        // Fast path: nothing to trim when both ends are printable ASCII.
        if let first = utf8.first, let last = utf8.reversed().first, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }
}
