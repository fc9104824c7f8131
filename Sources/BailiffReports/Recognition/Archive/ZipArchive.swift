/// Reads the files of a zip archive held in memory (PKWARE APPNOTE 6.3.x), bounded for hostile input.
///
/// Only what report attachments use is supported: stored (method 0) and deflated (method 8)
/// entries, no encryption, no ZIP64, no multi-disk archives. Entries are found through the
/// central directory (§4.3.12), because a local header written with a data descriptor
/// (general-purpose bit 3, §4.4.4) does not know its own sizes; the local header (§4.3.7) is
/// then read only to find where the data starts. Sizes, entry counts and offsets are checked
/// against the buffer and against `Limits` before anything is allocated or inflated, and every
/// inflated entry is checked against its CRC-32.
public struct ZipArchive: Sendable {
    /// Caps on what reading an archive may cost.
    public struct Limits: Sendable, Hashable {
        /// Most entries read from the central directory.
        public var maxEntries: Int
        /// Most bytes one entry may inflate to.
        public var maxEntrySize: Int
        /// Most bytes all entries extracted from one archive may inflate to, together.
        public var maxTotalSize: Int

        public init(maxEntries: Int = 256, maxEntrySize: Int = 64 * 1024 * 1024, maxTotalSize: Int = 128 * 1024 * 1024) {
            self.maxEntries = max(0, maxEntries)
            self.maxEntrySize = max(0, maxEntrySize)
            self.maxTotalSize = max(0, maxTotalSize)
        }

        /// 256 entries, 64 MiB per entry, 128 MiB in all.
        public static let `default` = Limits()
    }

    /// One file in the archive, as the central directory describes it.
    public struct Entry: Sendable, Hashable {
        public var name: String
        /// 0 stored, 8 deflated; others are refused when extracting.
        public var method: Int
        public var flags: Int
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int

        /// Whether the entry is a directory (its name ends in "/").
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Why an archive or entry could not be read.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case notAZipArchive
        case truncated
        case zip64Unsupported
        case tooManyEntries(Int)
        case encrypted(String)
        case unsupportedMethod(String, Int)
        case entryTooLarge(String, Int)
        case totalTooLarge(Int)
        case sizeMismatch(String)
        case checksumMismatch(String)
        case inflate(String, Inflate.Failure)

        public var description: String {
            switch self {
            case .notAZipArchive: "not a zip archive (no end of central directory record)"
            case .truncated: "zip archive is truncated or its offsets point outside it"
            case .zip64Unsupported: "ZIP64 archives are not read"
            case .tooManyEntries(let limit): "zip archive has more than \(limit) entries"
            case .encrypted(let name): "zip entry \(name) is encrypted"
            case .unsupportedMethod(let name, let method): "zip entry \(name) uses compression method \(method) (only 0 and 8 are read)"
            case .entryTooLarge(let name, let limit): "zip entry \(name) is larger than \(limit) bytes"
            case .totalTooLarge(let limit): "zip archive inflates to more than \(limit) bytes"
            case .sizeMismatch(let name): "zip entry \(name) does not have the size its header states"
            case .checksumMismatch(let name): "zip entry \(name) fails its CRC-32 check"
            case .inflate(let name, let failure): "zip entry \(name): \(failure)"
            }
        }
    }

    public let entries: [Entry]
    public let limits: Limits
    private let bytes: [UInt8]

    /// Reads the central directory of `bytes`.
    public init(_ bytes: [UInt8], limits: Limits = .default) throws(Failure) {
        self.bytes = bytes
        self.limits = limits
        // §4.3.16: the end of central directory record is 22 bytes plus a comment of up to 65,535.
        guard bytes.count >= 22 else { throw .notAZipArchive }
        var end: Int? = nil
        var candidate = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while candidate >= lowest {
            if ZipArchive.u32(bytes, candidate) == 0x0605_4B50 { end = candidate; break }
            candidate -= 1
        }
        guard let end else { throw .notAZipArchive }
        let entryCount = ZipArchive.u16(bytes, end + 10)
        let directorySize = ZipArchive.u32(bytes, end + 12)
        let directoryOffset = ZipArchive.u32(bytes, end + 16)
        guard entryCount != 0xFFFF, directorySize != 0xFFFF_FFFF, directoryOffset != 0xFFFF_FFFF else { throw .zip64Unsupported }
        guard entryCount <= limits.maxEntries else { throw .tooManyEntries(limits.maxEntries) }
        let directoryEnd = Int(directoryOffset) + Int(directorySize)
        guard directoryEnd <= end else { throw .truncated }

        var entries: [Entry] = []
        var offset = Int(directoryOffset)
        for _ in 0..<entryCount {
            guard offset + 46 <= directoryEnd, ZipArchive.u32(bytes, offset) == 0x0201_4B50 else { throw .truncated }
            let nameLength = ZipArchive.u16(bytes, offset + 28)
            let extraLength = ZipArchive.u16(bytes, offset + 30)
            let commentLength = ZipArchive.u16(bytes, offset + 32)
            guard offset + 46 + nameLength <= directoryEnd else { throw .truncated }
            var compressed = Int(ZipArchive.u32(bytes, offset + 20)), uncompressed = Int(ZipArchive.u32(bytes, offset + 24))
            var localOffset = Int(ZipArchive.u32(bytes, offset + 42))
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                // Streaming writers mark sizes as 0xFFFFFFFF and put the real ones in the ZIP64
                // extended information field (APPNOTE §4.5.3), in this order, only those marked.
                let extraStart = offset + 46 + nameLength
                guard extraStart + extraLength <= directoryEnd,
                      var field = ZipArchive.zip64Field(bytes[extraStart..<(extraStart + extraLength)])
                else { throw .zip64Unsupported }
                func next() throws(Failure) -> Int {
                    guard let value = field.next() else { throw .zip64Unsupported }
                    return value
                }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                if compressed == 0xFFFF_FFFF { compressed = try next() }
                if localOffset == 0xFFFF_FFFF { localOffset = try next() }
            }
            entries.append(Entry(
                name: String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self),
                method: ZipArchive.u16(bytes, offset + 10), flags: ZipArchive.u16(bytes, offset + 8),
                crc32: ZipArchive.u32(bytes, offset + 16), compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                localHeaderOffset: Int(localOffset)))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The 8-byte values of the ZIP64 extended information field (header 0x0001) in `extra`, or
    /// nil when there is none. Values beyond 2⁴⁰ end the sequence: no archive held in memory is
    /// that large, and smaller values cannot overflow the offset arithmetic.
    static func zip64Field(_ extra: ArraySlice<UInt8>) -> IndexingIterator<[Int]>? {
        var position = extra.startIndex
        while position + 4 <= extra.endIndex {
            let id = Int(extra[position]) | Int(extra[position + 1]) << 8
            let size = Int(extra[position + 2]) | Int(extra[position + 3]) << 8
            let data = position + 4
            guard data + size <= extra.endIndex else { return nil }
            if id == 0x0001 {
                var values: [Int] = []
                var cursor = data
                while cursor + 8 <= data + size {
                    var value: UInt64 = 0
                    for index in 0..<8 { value |= UInt64(extra[cursor + index]) << UInt64(8 * index) }
                    guard value <= 1 << 40 else { break }
                    values.append(Int(value))
                    cursor += 8
                }
                return values.makeIterator()
            }
            position = data + size
        }
        return nil
    }

    /// The contents of `entry`, inflated and checked.
    public func extract(_ entry: Entry) throws(Failure) -> [UInt8] {
        guard entry.flags & 1 == 0 else { throw .encrypted(entry.name) }
        guard entry.method == 0 || entry.method == 8 else { throw .unsupportedMethod(entry.name, entry.method) }
        guard entry.uncompressedSize <= limits.maxEntrySize else { throw .entryTooLarge(entry.name, limits.maxEntrySize) }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, ZipArchive.u32(bytes, header) == 0x0403_4B50 else { throw .truncated }
        let start = header + 30 + ZipArchive.u16(bytes, header + 26) + ZipArchive.u16(bytes, header + 28)
        guard start + entry.compressedSize <= bytes.count else { throw .truncated }
        let data = bytes[start..<(start + entry.compressedSize)]
        let contents: [UInt8]
        if entry.method == 0 {
            contents = Array(data)
        } else {
            do {
                contents = try Inflate.decompress(data, maxOutput: min(entry.uncompressedSize, limits.maxEntrySize),
                                                  expectedSize: entry.uncompressedSize)
            } catch .outputLimitExceeded(_) {
                throw .sizeMismatch(entry.name)  // more data than the header states
            } catch {
                throw .inflate(entry.name, error)
            }
        }
        guard contents.count == entry.uncompressedSize else { throw .sizeMismatch(entry.name) }
        guard CRC32.checksum(contents) == entry.crc32 else { throw .checksumMismatch(entry.name) }
        return contents
    }

    /// Every file entry (directories left out) with its contents, within `limits.maxTotalSize`.
    public func extractAll() throws(Failure) -> [(entry: Entry, contents: [UInt8])] {
        var total = 0
        var out: [(entry: Entry, contents: [UInt8])] = []
        for entry in entries where !entry.isDirectory {
            total += entry.uncompressedSize
            guard total <= limits.maxTotalSize else { throw .totalTooLarge(limits.maxTotalSize) }
            out.append((entry, try extract(entry)))
        }
        return out
    }

    /// Whether `bytes` start like a zip archive (a local file header or an empty archive).
    public static func looksLikeZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && (u32(bytes, 0) == 0x0403_4B50 || u32(bytes, 0) == 0x0605_4B50)
    }

    // Little-endian fields (§4.4); callers check bounds, these check again rather than trap.
    static func u16(_ bytes: [UInt8], _ offset: Int) -> Int {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
