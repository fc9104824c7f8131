/// Reads gzip files (RFC 1952) held in memory, as report attachments such as `report.json.gz`.
///
/// The header's optional fields (extra, name, comment, header CRC) are skipped with bounds
/// checks, the body is inflated by ``Inflate`` under an output limit, and the trailer's CRC-32
/// and length are checked. Concatenated members (RFC 1952 §2.2) are joined, as `gunzip` does.
public enum Gzip {
    /// Why a gzip file could not be read.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case notGzip
        case unsupportedMethod(Int)
        case truncated
        case checksumMismatch
        case lengthMismatch
        case inflate(Inflate.Failure)

        public var description: String {
            switch self {
            case .notGzip: "not gzip data (no 1f 8b signature)"
            case .unsupportedMethod(let method): "gzip compression method \(method) is not deflate (8)"
            case .truncated: "gzip data ends early"
            case .checksumMismatch: "gzip data fails its CRC-32 check"
            case .lengthMismatch: "gzip data does not have the length its trailer states"
            case .inflate(let failure): "gzip: \(failure)"
            }
        }
    }

    /// Whether `bytes` start with the gzip signature.
    public static func looksLikeGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }

    /// The decompressed contents of every member, joined; at most `maxOutput` bytes.
    public static func decompress(_ bytes: [UInt8], maxOutput: Int) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        var position = 0
        repeat {
            let (member, end) = try member(bytes, at: position, maxOutput: maxOutput - output.count)
            output += member
            position = end
            // Trailing zero padding after the last member is tolerated, as gunzip does.
        } while position < bytes.count && bytes[position...].contains(where: { $0 != 0 })
        return output
    }

    private static func member(_ bytes: [UInt8], at start: Int, maxOutput: Int) throws(Failure) -> ([UInt8], Int) {
        guard bytes.count - start >= 18 else { throw start == 0 && !looksLikeGzip(bytes) ? .notGzip : .truncated }
        guard bytes[start] == 0x1F, bytes[start + 1] == 0x8B else { throw .notGzip }
        guard bytes[start + 2] == 8 else { throw .unsupportedMethod(Int(bytes[start + 2])) }
        let flags = bytes[start + 3]
        var position = start + 10
        if flags & 0x04 != 0 {  // FEXTRA: two-byte length, then that many bytes
            guard position + 2 <= bytes.count else { throw .truncated }
            position += 2 + (Int(bytes[position]) | Int(bytes[position + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            guard position < bytes.count, let zero = bytes[position...].firstIndex(of: 0) else { throw .truncated }
            position = zero + 1
        }
        if flags & 0x02 != 0 { position += 2 }  // FHCRC
        guard position <= bytes.count else { throw .truncated }
        let inflated: (output: [UInt8], end: Int)
        do {
            inflated = try Inflate.decompressStream(bytes[position...], maxOutput: maxOutput)
        } catch {
            throw error == .truncated ? .truncated : .inflate(error)
        }
        let trailer = inflated.end
        guard trailer + 8 <= bytes.count else { throw .truncated }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        guard CRC32.checksum(inflated.output) == u32(trailer) else { throw .checksumMismatch }
        guard UInt32(truncatingIfNeeded: inflated.output.count) == u32(trailer + 4) else { throw .lengthMismatch }
        return (inflated.output, trailer + 8)
    }
}
