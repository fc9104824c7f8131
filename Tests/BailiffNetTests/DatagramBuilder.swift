import BailiffCore

/// Builds flow datagrams byte by byte, big-endian, for the decoder tests.
struct DatagramBuilder {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
    mutating func u64(_ value: UInt64) { u32(UInt32(value >> 32)); u32(UInt32(value & 0xFFFF_FFFF)) }
    mutating func v4(_ text: String) {
        guard case .v4(let address)? = IPAddress(text) else { fatalError("not IPv4: \(text)") }
        u32(address.value)
    }
    mutating func v6(_ text: String) {
        guard case .v6(let address)? = IPAddress(text) else { fatalError("not IPv6: \(text)") }
        u64(UInt64(address.value >> 64)); u64(UInt64(address.value & 0xFFFF_FFFF_FFFF_FFFF))
    }
    mutating func zeros(_ count: Int) { bytes += Array(repeating: 0, count: count) }
    mutating func append(_ other: DatagramBuilder) { bytes += other.bytes }

    /// Writes `value` as a big-endian u16 at `offset` (lengths known only at the end).
    mutating func patch16(_ offset: Int, _ value: Int) { bytes[offset] = UInt8(value >> 8); bytes[offset + 1] = UInt8(value & 0xFF) }
}

extension DatagramBuilder {
    /// A NetFlow v5 datagram; records are (source, destination, sport, dport, proto, flags, packets, bytes).
    static func netflowV5(sequence: UInt32, uptime: UInt32 = 100_000, seconds: UInt32 = 1_748_779_200, sampling: UInt16 = 0,
                          records: [(String, String, UInt16, UInt16, UInt8, UInt8, UInt32, UInt32)]) -> [UInt8] {
        var d = DatagramBuilder()
        d.u16(5); d.u16(UInt16(records.count)); d.u32(uptime); d.u32(seconds); d.u32(0); d.u32(sequence); d.u8(0); d.u8(0); d.u16(sampling)
        for record in records {
            d.v4(record.0); d.v4(record.1); d.u32(0); d.u16(1); d.u16(2); d.u32(record.6); d.u32(record.7)
            d.u32(uptime - 5_000); d.u32(uptime - 1_000)  // first 5 s and last 1 s before export
            d.u16(record.2); d.u16(record.3); d.u8(0); d.u8(record.5); d.u8(record.4); d.u8(0); d.u16(0); d.u16(0); d.u8(24); d.u8(24); d.u16(0)
        }
        return d.bytes
    }
}
