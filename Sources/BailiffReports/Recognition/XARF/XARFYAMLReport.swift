/// The YAML report of an X-ARF 0.1/0.2 mail (its second MIME part, `report.txt`), read as the
/// small YAML subset X-ARF uses: one `Key: value` per line, values plain or quoted.
///
/// Not a YAML parser, on purpose: X-ARF reports are flat (x-arf.org specification, "the second
/// MIME part contains the machine-readable report in YAML format"; python-xarf tests/test.yaml
/// quotes `Report-ID: '1234567'`). Accepted: blank lines, `#` comments, `---`/`...` document
/// markers, single-quoted values (`''` for a quote), double-quoted values (`\"`, `\\`, `\n`,
/// `\t` escapes), plain values with a trailing ` #comment`, and indented continuation lines of a
/// plain value (YAML line folding: joined with a space). Anything else — nested structures,
/// lists, a line without a key — is a defect that names the line.
struct XARFYAMLReport: Sendable {
    struct Field: Sendable, Hashable {
        /// The key as written, e.g. `Report-Type`.
        let key: String
        let value: String
        /// 1-based line in the report text.
        let line: Int
    }

    /// Fields in order of appearance (the first of a repeated key wins; the repetition is a defect).
    let fields: [Field]

    /// Most lines read; X-ARF reports have about fifteen.
    static let maximumLines = 2_000

    /// The first field with this key, compared case-insensitively (X-ARF senders vary the case).
    func field(_ key: String) -> Field? {
        let wanted = key.lowercased()
        return fields.first { $0.key.lowercased() == wanted }
    }

    /// Parses the report text, or returns every defect found.
    static func parse(_ text: String) -> Result<XARFYAMLReport, XARFDefects> {
        var defects = XARFDefects()
        var fields: [Field] = []
        var seen: [String: Int] = [:]
        var lastWasPlain = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if lineNumber > maximumLines {
                defects.add("report.txt has more than \(maximumLines) lines")
                break
            }
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" || trimmed == "..." { continue }
            if line.first == " " || line.first == "\t" {
                // YAML folding of a plain scalar over several lines.
                if lastWasPlain, let last = fields.popLast() {
                    fields.append(Field(key: last.key, value: last.value + " " + stripComment(trimmed), line: last.line))
                } else {
                    defects.add("report.txt line \(lineNumber) is indented but continues no plain value: \(XARFDefects.quote(trimmed))")
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":"), isKey(line[..<colon]) else {
                defects.add("report.txt line \(lineNumber) is not 'Key: value': \(XARFDefects.quote(trimmed))")
                lastWasPlain = false
                continue
            }
            let key = String(line[..<colon])
            let rest = line[line.index(after: colon)...]
            if let first = rest.first, first != " ", first != "\t" {
                defects.add("report.txt line \(lineNumber) needs a space after the colon: \(XARFDefects.quote(trimmed))")
                lastWasPlain = false
                continue
            }
            let raw = rest.trimmingSpaces
            let value: String
            switch raw.first {
            case "'":
                guard let text = singleQuoted(raw) else {
                    defects.add("report.txt line \(lineNumber): unterminated single-quoted value for \(key)")
                    continue
                }
                value = text; lastWasPlain = false
            case "\"":
                guard let text = doubleQuoted(raw) else {
                    defects.add("report.txt line \(lineNumber): unterminated or malformed double-quoted value for \(key)")
                    continue
                }
                value = text; lastWasPlain = false
            case "[", "{", "&", "*", "!", "|", ">":
                defects.add("report.txt line \(lineNumber): \(key) has a YAML structure X-ARF does not use: \(XARFDefects.quote(raw))")
                lastWasPlain = false
                continue
            default:
                value = stripComment(raw); lastWasPlain = true
            }
            if let earlier = seen[key.lowercased()] {
                defects.add("report.txt line \(lineNumber) repeats \(key) (first on line \(earlier))")
                continue
            }
            seen[key.lowercased()] = lineNumber
            fields.append(Field(key: key, value: value, line: lineNumber))
        }
        if fields.isEmpty, defects.isEmpty { defects.add("report.txt has no 'Key: value' lines") }
        return defects.isEmpty ? .success(XARFYAMLReport(fields: fields)) : .failure(defects)
    }

    /// X-ARF keys: letters, digits, `-` and `_`, starting with a letter.
    static func isKey(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, XARFFormat.isLetter(first), text.utf8.count <= 64 else { return false }
        return text.utf8.allSatisfy { XARFFormat.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// A plain value without a trailing ` #comment` (YAML 1.2 §6.6).
    static func stripComment(_ text: Substring) -> String {
        var previousWasSpace = false
        for index in text.indices {
            if text[index] == "#", previousWasSpace { return String(text[..<index].trimmingSpaces) }
            previousWasSpace = text[index] == " " || text[index] == "\t"
        }
        return String(text)
    }

    /// `'…'` with `''` for a quote (YAML 1.2 §7.3.2); nil if not closed at the end of the line.
    static func singleQuoted(_ text: Substring) -> String? {
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let char = text[index]
            index = text.index(after: index)
            if char == "'" {
                if index < text.endIndex, text[index] == "'" { out.append("'"); index = text.index(after: index); continue }
                let tail = text[index...].trimmingSpaces
                return tail.isEmpty || tail.hasPrefix("#") ? out : nil
            }
            out.append(char)
        }
        return nil
    }

    /// `"…"` with the common backslash escapes (YAML 1.2 §7.3.1); nil if not closed or malformed.
    static func doubleQuoted(_ text: Substring) -> String? {
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let char = text[index]
            index = text.index(after: index)
            if char == "\"" {
                let tail = text[index...].trimmingSpaces
                return tail.isEmpty || tail.hasPrefix("#") ? out : nil
            }
            if char == "\\" {
                guard index < text.endIndex else { return nil }
                let escaped = text[index]
                index = text.index(after: index)
                switch escaped {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: return nil
                }
                continue
            }
            out.append(char)
        }
        return nil
    }
}
