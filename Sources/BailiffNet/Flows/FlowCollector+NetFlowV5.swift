import BailiffCore

extension FlowCollector {
    /// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records (Cisco's format, no RFC).
    ///
    /// header = version(2) count(2) sys_uptime(4) unix_secs(4) unix_nsecs(4) flow_sequence(4)
    ///          engine_type(1) engine_id(1) sampling_interval(2: mode in the top 2 bits)
    /// record = srcaddr dstaddr nexthop(4 each) input output(2 each) dPkts dOctets First Last(4 each)
    ///          srcport dstport(2 each) pad tcp_flags prot tos(1 each) src_as dst_as(2 each) masks(2) pad(2)
    mutating func readNetFlowV5(_ reader: inout ByteReader, exporter: IPAddress, into flows: inout [FlowRecord]) throws(FlowDecodeError) {
        let count = Int(try reader.u16("the v5 record count"))
        let uptime = try reader.u32("the v5 uptime")
        let seconds = try reader.u32("the v5 export time")
        let nanoseconds = try reader.u32("the v5 export time")
        let sequence = try reader.u32("the v5 sequence")
        let engineType = try reader.u8("the v5 engine type")
        let engineID = try reader.u8("the v5 engine id")
        let sampling = try reader.u16("the v5 sampling") & 0x3FFF
        guard (1...30).contains(count) else { throw FlowDecodeError("bad-count", "a NetFlow v5 datagram carries 1 to 30 records, not \(count)") }
        guard reader.remaining >= count * 48 else { throw FlowDecodeError.truncated("record \(reader.remaining / 48 + 1) of \(count)") }
        let exportMilliseconds = Int64(seconds) * 1_000 + Int64(nanoseconds / 1_000_000)
        let rate = samplingRate(exporter, announced: sampling > 0 ? UInt32(sampling) : nil)
        let key = StreamKey(exporter: exporter, version: 5, domain: UInt32(engineType) << 8 | UInt32(engineID))
        statistics.adjust(\.lostFlows, by: streams[key, default: StreamState()].sequence.observe(sequence, increment: UInt32(count)))
        let bytes = reader.bytes
        var offset = reader.offset
        for _ in 0..<count {
            func u32(_ at: Int) -> UInt32 { UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self)) }
            func u16(_ at: Int) -> UInt16 { UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt16.self)) }
            let first = u32(24), last = u32(28)
            flows.append(FlowRecord(
                source: .v4(IPv4Address(u32(0))), destination: .v4(IPv4Address(u32(4))), sourcePort: u16(32), destinationPort: u16(34),
                transport: bytes[offset + 38], tcpFlags: bytes[offset + 37],
                packets: UInt64(u32(16)) * UInt64(rate), bytes: UInt64(u32(20)) * UInt64(rate),
                start: exportMilliseconds - Int64(Int32(bitPattern: uptime &- first)), end: exportMilliseconds - Int64(Int32(bitPattern: uptime &- last)), samplingRate: rate))
            offset += 48
        }
        reader.offset = offset
    }
}
