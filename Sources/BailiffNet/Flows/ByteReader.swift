/// Reads big-endian (network order) fields from a datagram, checking every bound.
///
/// A value type over borrowed bytes: callers keep the buffer alive for the reader's lifetime
/// (the decoders use it inside `withUnsafeBytes`). Every read that would pass the end throws
/// instead of trapping.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes; self.offset = offset; self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - offset }

    mutating func u8(_ what: @autoclosure () -> String) throws(FlowDecodeError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(what()) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: @autoclosure () -> String) throws(FlowDecodeError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(what()) }
        defer { offset += 2 }
        return UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    mutating func u32(_ what: @autoclosure () -> String) throws(FlowDecodeError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(what()) }
        defer { offset += 4 }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func u128(_ what: @autoclosure () -> String) throws(FlowDecodeError) -> UInt128 {
        guard remaining >= 16 else { throw .truncated(what()) }
        let high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        offset += 16
        return UInt128(high) << 64 | UInt128(low)
    }

    mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws(FlowDecodeError) {
        guard count >= 0, remaining >= count else { throw .truncated(what()) }
        offset += count
    }

    /// An unsigned integer of 1 to 8 bytes at `at` (reduced-size encoding, RFC 7011 §6.2), without
    /// moving; the caller has checked the bound.
    func unsigned(at position: Int, length: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<min(length, 8) { value = value << 8 | UInt64(bytes[position + length - min(length, 8) + index]) }
        return value
    }
}
