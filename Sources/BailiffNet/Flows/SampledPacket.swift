import BailiffCore

/// The addresses, ports and flags of a packet, read from the first bytes of its frame, as sFlow
/// exporters copy them (raw packet header, sFlow v5 §5.2): Ethernet with VLAN tags, IPv4 or IPv6,
/// then TCP or UDP. Anything else, or too short, is not a flow Bailiff can attribute.
struct SampledPacket {
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16 = 0
    var destinationPort: UInt16 = 0
    var transport: UInt8
    var tcpFlags: UInt8 = 0

    /// Reads an Ethernet frame's header (header protocol 1); nil when it is not IP.
    static func ethernet(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> SampledPacket? {
        var offset = start + 12
        var etherType = 0
        // 802.1Q and 802.1ad tags, at most two.
        for _ in 0..<3 {
            guard offset + 2 <= end else { return nil }
            etherType = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard etherType == 0x8100 || etherType == 0x88A8 else { break }
            offset += 2
        }
        switch etherType {
        case 0x0800: return ipv4(bytes, from: offset, to: end)
        case 0x86DD: return ipv6(bytes, from: offset, to: end)
        default: return nil
        }
    }

    static func ipv4(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> SampledPacket? {
        guard start + 20 <= end, bytes[start] >> 4 == 4 else { return nil }
        let headerLength = Int(bytes[start] & 0x0F) * 4
        guard headerLength >= 20 else { return nil }
        var packet = SampledPacket(
            source: .v4(IPv4Address(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: start + 12, as: UInt32.self)))),
            destination: .v4(IPv4Address(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: start + 16, as: UInt32.self)))),
            transport: bytes[start + 9])
        // Only the first fragment carries the transport header.
        let fragmentOffset = (Int(bytes[start + 6]) << 8 | Int(bytes[start + 7])) & 0x1FFF
        if fragmentOffset == 0 { packet.readTransport(bytes, from: start + headerLength, to: end) }
        return packet
    }

    static func ipv6(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> SampledPacket? {
        guard start + 40 <= end, bytes[start] >> 4 == 6 else { return nil }
        var packet = SampledPacket(source: FlowCollector.v6(bytes, start + 8), destination: FlowCollector.v6(bytes, start + 24), transport: bytes[start + 6])
        var offset = start + 40
        // Hop-by-hop, routing and destination options headers: next header, length in 8-byte units.
        var hops = 0
        while [0, 43, 60].contains(packet.transport), hops < 4, offset + 2 <= end {
            packet.transport = bytes[offset]
            offset += (Int(bytes[offset + 1]) + 1) * 8
            hops += 1
        }
        packet.readTransport(bytes, from: offset, to: end)
        return packet
    }

    private mutating func readTransport(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        guard transport == FlowRecord.tcp || transport == FlowRecord.udp, start + 4 <= end else { return }
        sourcePort = UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
        destinationPort = UInt16(bytes[start + 2]) << 8 | UInt16(bytes[start + 3])
        if transport == FlowRecord.tcp, start + 14 <= end { tcpFlags = bytes[start + 13] }
    }
}
