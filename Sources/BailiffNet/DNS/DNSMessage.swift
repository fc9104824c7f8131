/// The part of DNS (RFC 1035 §4) a blocklist client needs: one question out, the answer's
/// header, A, AAAA, TXT and PTR records back. Parsing reads untrusted datagrams: every length is
/// checked, compression pointers may only point backwards and are followed a bounded number
/// of times, and a malformed message is an error value, never a trap.
public enum DNSRecordType: UInt16, Sendable, Hashable {
    case a = 1
    case ptr = 12
    case txt = 16
    case aaaa = 28
}

/// Response codes that matter here (RFC 1035 §4.1.1, RFC 6895).
public enum DNSResponseCode: UInt8, Sendable, Hashable {
    case noError = 0, formatError = 1, serverFailure = 2, nameError = 3, notImplemented = 4, refused = 5
}

public struct DNSQuery: Sendable, Hashable {
    public var id: UInt16
    public var name: String
    public var type: DNSRecordType
    public var recursionDesired: Bool

    public init(id: UInt16, name: String, type: DNSRecordType, recursionDesired: Bool = true) {
        self.id = id; self.name = name; self.type = type; self.recursionDesired = recursionDesired
    }

    /// The query on the wire (header, one question, class IN).
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(17 + name.utf8.count)
        bytes += [UInt8(id >> 8), UInt8(id & 0xFF), recursionDesired ? 0x01 : 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        // Labels straight from the name's bytes: a length byte, then up to 63 bytes; empty labels
        // (a leading, doubled or final dot) are left out.
        var lengthAt = bytes.count
        bytes.append(0)
        for byte in name.utf8 {
            if byte == UInt8(ascii: ".") {
                if bytes.count > lengthAt + 1 { lengthAt = bytes.count; bytes.append(0) }
            } else if bytes[lengthAt] < 63 {
                bytes[lengthAt] += 1
                bytes.append(byte)
            }
        }
        if bytes.count == lengthAt + 1 { bytes.removeLast() }
        bytes += [0, UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), 0, 1]
        return bytes
    }
}

/// A record of an answer.
public enum DNSRecordData: Sendable, Hashable {
    case a(UInt32)
    case aaaa(UInt128)
    case txt([String])
    /// A PTR record's name (reverse DNS).
    case ptr(String)
    case other(type: UInt16)
}

public struct DNSRecord: Sendable, Hashable {
    public var name: String
    public var ttl: UInt32
    public var data: DNSRecordData
}

public struct DNSResponse: Sendable, Hashable {
    public var id: UInt16
    public var truncated: Bool
    public var code: UInt8
    public var questionName: String?
    public var questionType: UInt16?
    public var answers: [DNSRecord]

    public var responseCode: DNSResponseCode? { DNSResponseCode(rawValue: code) }
}

public struct DNSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { "not a usable DNS message: \(reason)" }
}

extension DNSResponse {
    /// Reads a response datagram (or a TCP message without its length prefix).
    public static func parse(_ bytes: [UInt8]) throws(DNSParseError) -> DNSResponse {
        var reader = DNSReader(bytes: bytes)
        let id = try reader.u16("id")
        let flags = try reader.u16("flags")
        guard flags & 0x8000 != 0 else { throw DNSParseError(reason: "a query, not a response") }
        let questions = Int(try reader.u16("question count")), answers = Int(try reader.u16("answer count"))
        _ = try reader.u16("authority count"); _ = try reader.u16("additional count")
        guard questions <= 4, answers <= 512 else { throw DNSParseError(reason: "implausible counts (\(questions) questions, \(answers) answers)") }
        var questionName: String?, questionType: UInt16?
        for index in 0..<questions {
            let name = try reader.name()
            let type = try reader.u16("question type")
            _ = try reader.u16("question class")
            if index == 0 { questionName = name; questionType = type }
        }
        var records: [DNSRecord] = []
        for _ in 0..<answers {
            let name = try reader.name()
            let type = try reader.u16("record type")
            _ = try reader.u16("record class")
            let ttl = try reader.u32("ttl")
            let length = Int(try reader.u16("data length"))
            if type == DNSRecordType.ptr.rawValue {
                // The name may point back into the message: read it in place, then check it kept to its record.
                let end = reader.offset + length
                guard end <= bytes.count else { throw DNSParseError(reason: "truncated in the record data") }
                let target = try reader.name()
                guard reader.offset == end else { throw DNSParseError(reason: "a PTR name that does not fill its record") }
                records.append(DNSRecord(name: name, ttl: ttl, data: .ptr(target)))
                continue
            }
            let data = try reader.take(length, "record data")
            switch type {
            case DNSRecordType.a.rawValue:
                guard data.count == 4 else { throw DNSParseError(reason: "an A record of \(data.count) bytes") }
                records.append(DNSRecord(name: name, ttl: ttl, data: .a(data.reduce(0) { $0 << 8 | UInt32($1) })))
            case DNSRecordType.aaaa.rawValue:
                guard data.count == 16 else { throw DNSParseError(reason: "an AAAA record of \(data.count) bytes") }
                records.append(DNSRecord(name: name, ttl: ttl, data: .aaaa(data.reduce(0) { $0 << 8 | UInt128($1) })))
            case DNSRecordType.txt.rawValue:
                var strings: [String] = []
                var rest = data[...]
                while let length = rest.first {
                    rest = rest.dropFirst()
                    guard rest.count >= Int(length) else { throw DNSParseError(reason: "a TXT string runs past its record") }
                    strings.append(String(decoding: rest.prefix(Int(length)), as: UTF8.self))
                    rest = rest.dropFirst(Int(length))
                }
                records.append(DNSRecord(name: name, ttl: ttl, data: .txt(strings)))
            default:
                records.append(DNSRecord(name: name, ttl: ttl, data: .other(type: type)))
            }
        }
        return DNSResponse(id: id, truncated: flags & 0x0200 != 0, code: UInt8(flags & 0x000F), questionName: questionName, questionType: questionType, answers: records)
    }
}

/// Bounds-checked reading of a DNS message.
struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func u16(_ what: String) throws(DNSParseError) -> UInt16 {
        guard offset + 2 <= bytes.count else { throw DNSParseError(reason: "truncated at the \(what)") }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32(_ what: String) throws(DNSParseError) -> UInt32 {
        UInt32(try u16(what)) << 16 | UInt32(try u16(what))
    }

    mutating func take(_ count: Int, _ what: String) throws(DNSParseError) -> [UInt8] {
        guard count >= 0, offset + count <= bytes.count else { throw DNSParseError(reason: "truncated in the \(what)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// A possibly compressed name (RFC 1035 §4.1.4); lower-cased, without the final dot.
    mutating func name() throws(DNSParseError) -> String {
        // The name's bytes, dots between labels, ASCII letters folded to lower case (DNS names
        // compare case-insensitively; other bytes are kept as they are).
        var text: [UInt8] = []
        text.reserveCapacity(64)
        var position = offset
        var jumped = false
        var jumps = 0
        var length = 0
        while true {
            guard position < bytes.count else { throw DNSParseError(reason: "a name runs past the message") }
            let byte = bytes[position]
            if byte & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { throw DNSParseError(reason: "a cut compression pointer") }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                // Pointers go backwards only, and not forever: no loops.
                guard target < position, jumps < 32 else { throw DNSParseError(reason: "a compression pointer that loops") }
                if !jumped { offset = position + 2 }
                jumped = true
                jumps += 1
                position = target
            } else if byte & 0xC0 != 0 {
                throw DNSParseError(reason: "an unknown label type")
            } else if byte == 0 {
                if !jumped { offset = position + 1 }
                return String(decoding: text, as: UTF8.self)
            } else {
                let count = Int(byte)
                guard position + 1 + count <= bytes.count else { throw DNSParseError(reason: "a label runs past the message") }
                length += count + 1
                guard length <= 255 else { throw DNSParseError(reason: "a name longer than 255 bytes") }
                if !text.isEmpty { text.append(UInt8(ascii: ".")) }
                for byte in bytes[(position + 1)...(position + count)] {
                    text.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
                }
                position += 1 + count
            }
        }
    }
}
