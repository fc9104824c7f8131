/// A template of a message Bailiff writes, editable by the operator.
///
/// The file starts with a `Subject:` line, then a blank line, then the body. `{{name}}` is
/// replaced by a value; `{{#name}} … {{/name}}` is kept only when the value is not empty, and
/// `{{^name}} … {{/name}}` only when it is. Names are checked when the template is read, so a
/// typo fails at `bailiff notices check`, not in a customer's inbox.
public struct NoticeTemplate: Sendable, Hashable {
    public var subject: [Piece]
    public var body: [Piece]

    /// A part of a template.
    public indirect enum Piece: Sendable, Hashable {
        case text(String)
        case value(String)
        case ifPresent(String, [Piece])
        case ifAbsent(String, [Piece])
    }

    /// Why a template could not be read; `line` counts from 1.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
        public init(line: Int, message: String) { self.line = line; self.message = message }
    }

    /// Reads a template, accepting only the names in `known`.
    public init(parsing source: String, known: Set<String>) throws(Problem) {
        let text = source.replacingOccurrences(of: "\r\n", with: "\n")
        guard text.hasPrefix("Subject:") else { throw Problem(line: 1, message: "a template starts with a 'Subject:' line, then a blank line, then the body") }
        let firstBreak = text.firstIndex(of: "\n") ?? text.endIndex
        let subjectLine = text[text.index(text.startIndex, offsetBy: 8)..<firstBreak].trimmingCharacters(in: .whitespaces)
        var rest = text[firstBreak...].dropFirst()
        guard rest.hasPrefix("\n") || rest.isEmpty else { throw Problem(line: 2, message: "the 'Subject:' line must be followed by a blank line") }
        rest = rest.dropFirst()
        subject = try Self.pieces(subjectLine[...], firstLine: 1, known: known)
        body = try Self.pieces(rest, firstLine: 3, known: known)
    }

    /// Fills the template: the subject (one line) and the body.
    public func render(_ values: [String: String]) -> (subject: String, body: String) {
        let subjectText = Self.render(subject, values).split(whereSeparator: \.isNewline).joined(separator: " ")
        return (subjectText, Self.render(body, values))
    }

    static func render(_ pieces: [Piece], _ values: [String: String]) -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .value(let name): output += values[name] ?? ""
            case .ifPresent(let name, let inner): if !(values[name] ?? "").isEmpty { output += render(inner, values) }
            case .ifAbsent(let name, let inner): if (values[name] ?? "").isEmpty { output += render(inner, values) }
            }
        }
        return output
    }

    static func pieces(_ source: Substring, firstLine: Int, known: Set<String>) throws(Problem) -> [Piece] {
        var stack: [(name: String, present: Bool, pieces: [Piece], line: Int)] = []
        var current: [Piece] = []
        var text = ""
        var line = firstLine
        var index = source.startIndex
        while index < source.endIndex {
            if source[index...].hasPrefix("{{"), let close = source[index...].range(of: "}}") {
                let tag = source[source.index(index, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { current.append(.text(text)); text = "" }
                let marker = tag.first
                let name = marker == "#" || marker == "^" || marker == "/" ? String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) : tag
                guard known.contains(name) else {
                    throw Problem(line: line, message: "unknown name '\(name)'; a template may use \(known.sorted().joined(separator: ", "))")
                }
                switch marker {
                case "#", "^":
                    stack.append((name, marker == "#", current, line))
                    current = []
                case "/":
                    guard let open = stack.popLast(), open.name == name else {
                        throw Problem(line: line, message: "'{{/\(name)}}' closes no open '{{#\(name)}}' or '{{^\(name)}}'")
                    }
                    let section: Piece = open.present ? .ifPresent(name, current) : .ifAbsent(name, current)
                    current = open.pieces + [section]
                default:
                    current.append(.value(name))
                }
                let tagStart = index
                index = close.upperBound
                // A section tag alone on its line leaves no blank line behind.
                if marker == "#" || marker == "^" || marker == "/", index < source.endIndex, source[index] == "\n",
                   tagStart == source.startIndex || source[source.index(before: tagStart)] == "\n" {
                    index = source.index(after: index)
                    line += 1
                }
                continue
            }
            if source[index] == "\n" { line += 1 }
            text.append(source[index])
            index = source.index(after: index)
        }
        if !text.isEmpty { current.append(.text(text)) }
        if let open = stack.last { throw Problem(line: open.line, message: "'{{\(open.present ? "#" : "^")\(open.name)}}' is never closed") }
        return current
    }
}
