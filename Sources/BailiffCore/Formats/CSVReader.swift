/// Reads CSV as written by spreadsheets and billing exports (RFC 4180), keeping the line on
/// which each record starts so that errors can name it.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end records;
/// a UTF-8 byte order mark is skipped; blank lines are skipped.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        /// The 1-based line on which the record starts.
        public var line: Int
        public var fields: [String]
    }

    /// A structural problem: an unterminated quote or stray text after a closing quote.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// One record while scanning: its fields' bytes side by side in one buffer that the scanner
    /// reuses for the next record, so reading a row allocates nothing per field. Turn the
    /// fields you need into text with ``string(_:)``.
    public struct Row: Sendable {
        /// The 1-based line on which the record starts.
        public fileprivate(set) var line = 1
        fileprivate var buffer: [UInt8] = []
        fileprivate var ends: [Int] = []

        public var count: Int { ends.count }

        /// The bytes of field `index` (unquoted, doubled quotes undone).
        public func bytes(_ index: Int) -> ArraySlice<UInt8> {
            buffer[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
        }

        /// Field `index` as text (invalid UTF-8 repaired).
        public func string(_ index: Int) -> String { String(decoding: bytes(index), as: UTF8.self) }

        /// Whether field `index` is empty.
        public func isEmpty(_ index: Int) -> Bool { ends[index] == (index == 0 ? 0 : ends[index - 1]) }
    }

    /// Splits the whole text into records.
    public static func records(_ bytes: [UInt8]) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        try forEachRecord(bytes) { row in
            records.append(Record(line: row.line, fields: (0..<row.count).map(row.string)))
        }
        return records
    }

    /// Calls `body` with each record in order, without building strings (see ``Row``).
    public static func forEachRecord(_ bytes: [UInt8], _ body: (Row) -> Void) throws(SyntaxError) {
        var scanner = Scanner(bytes)
        while try scanner.advance() { body(scanner.row) }
    }

    /// Reads records one at a time into ``row``. A struct with no captured state, so that the
    /// hot loop works on plain stored properties.
    public struct Scanner: Sendable {
        let bytes: [UInt8]
        var index: Int
        var line = 1
        /// The current record, after ``advance()`` returned true.
        public private(set) var row = Row()

        public init(_ bytes: [UInt8]) {
            self.bytes = bytes
            index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            row.buffer.reserveCapacity(1_024)
            row.ends.reserveCapacity(64)
        }

        /// Reads the next record into ``row``; false at the end of the text.
        public mutating func advance() throws(SyntaxError) -> Bool {
            while true {
                row.buffer.removeAll(keepingCapacity: true)
                row.ends.removeAll(keepingCapacity: true)
                row.line = line
                guard index < bytes.count else { return false }
                // A line with nothing on it is skipped, not read as one empty field.
                if try readRecord() { continue }
                return true
            }
        }

        /// Reads up to the end of a record (newline or end of text); true when the line was blank.
        private mutating func readRecord() throws(SyntaxError) -> Bool {
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
            var fieldStart = 0
            var fieldWasQuoted = false
            var anyQuoted = false
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == quote && row.buffer.count == fieldStart && !fieldWasQuoted {
                    // Quoted field: read to the closing quote; "" is a literal quote.
                    let openedOn = line
                    index += 1
                    while true {
                        guard index < count else { throw SyntaxError(line: openedOn, reason: "a quoted field is never closed") }
                        let inner = bytes[index]
                        if inner == quote {
                            if index + 1 < count, bytes[index + 1] == quote { row.buffer.append(quote); index += 2; continue }
                            index += 1
                            break
                        }
                        if inner == newline { line += 1 }
                        row.buffer.append(inner)
                        index += 1
                    }
                    fieldWasQuoted = true
                    anyQuoted = true
                    guard index >= count || bytes[index] == comma || bytes[index] == newline || bytes[index] == carriageReturn else {
                        throw SyntaxError(line: line, reason: "text after a closing quote; quote the whole field and double the quotes inside it")
                    }
                    continue
                }
                switch byte {
                case comma:
                    row.ends.append(row.buffer.count)
                    fieldStart = row.buffer.count
                    fieldWasQuoted = false
                    index += 1
                case carriageReturn:
                    index += 1  // part of CRLF, or a stray CR: neither is data
                case newline:
                    index += 1
                    line += 1
                    row.ends.append(row.buffer.count)
                    return row.ends.count == 1 && row.buffer.isEmpty && !anyQuoted
                case quote:
                    throw SyntaxError(line: line, reason: "a quote inside an unquoted field; quote the whole field and double the quotes inside it")
                default:
                    // Copy the run of plain bytes up to the next delimiter at once.
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if next == comma || next == newline || next == carriageReturn || next == quote { break }
                        end += 1
                    }
                    row.buffer.append(contentsOf: bytes[index..<end])
                    index = end
                }
            }
            row.ends.append(row.buffer.count)
            return row.ends.count == 1 && row.buffer.isEmpty && !anyQuoted
        }
    }
}
