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

    /// Splits the whole text into records.
    public static func records(_ bytes: [UInt8]) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var recordLine = 1
        var fieldWasQuoted = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            // A line with nothing on it is skipped, not read as one empty field.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") && field.isEmpty && !fieldWasQuoted {
                // Quoted field: read to the closing quote; "" is a literal quote.
                let openedOn = line
                index += 1
                while true {
                    guard index < bytes.count else { throw SyntaxError(line: openedOn, reason: "a quoted field is never closed") }
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(inner); index += 2; continue
                        }
                        index += 1
                        break
                    }
                    if inner == UInt8(ascii: "\n") { line += 1 }
                    field.append(inner)
                    index += 1
                }
                fieldWasQuoted = true
                guard index >= bytes.count || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[index]) else {
                    throw SyntaxError(line: line, reason: "text after a closing quote; quote the whole field and double the quotes inside it")
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                break  // part of CRLF, or a stray CR: neither is data
            case UInt8(ascii: "\n"):
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                throw SyntaxError(line: line, reason: "a quote inside an unquoted field; quote the whole field and double the quotes inside it")
            default:
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
