import BailiffCore

/// One flow as an exporter described it: who talked to whom, how much, when.
///
/// Volumes are already multiplied by the sampling rate (an exporter that samples one packet in
/// 1,000 reports a thousandth of the traffic); peer addresses are as seen, never scaled.
public struct FlowRecord: Sendable, Hashable {
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6).
    public var transport: UInt8
    /// The OR of the TCP flags seen in the flow (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10).
    public var tcpFlags: UInt8
    public var packets: UInt64
    public var bytes: UInt64
    /// First and last packet, milliseconds since the epoch, on the exporter's clock.
    public var start: Int64
    public var end: Int64
    /// One packet in this many was sampled (1: unsampled); volumes above are already scaled.
    public var samplingRate: UInt32

    public init(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, transport: UInt8, tcpFlags: UInt8 = 0,
        packets: UInt64, bytes: UInt64, start: Int64, end: Int64, samplingRate: UInt32 = 1
    ) {
        self.source = source; self.destination = destination; self.sourcePort = sourcePort; self.destinationPort = destinationPort
        self.transport = transport; self.tcpFlags = tcpFlags; self.packets = packets; self.bytes = bytes
        self.start = start; self.end = end; self.samplingRate = samplingRate
    }

    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let ackFlag: UInt8 = 0x10
    public static let synFlag: UInt8 = 0x02

    /// A TCP flow that carried an acknowledgement: part of an established conversation.
    public var isEstablishedTCP: Bool { transport == Self.tcp && tcpFlags & Self.ackFlag != 0 }

    /// How long the flow lasted, in milliseconds (never negative, whatever the exporter says).
    public var duration: Int64 { max(0, end - start) }
}

extension FlowRecord: CustomStringConvertible {
    /// One line, as `bailiff` prints it and evidence quotes it:
    /// `tcp 192.0.2.1:1234 -> 198.51.100.2:25 flags S 3 pkts 180 B 2025-06-01T12:00:00Z +1.2s`.
    public var description: String {
        let name = switch transport { case 6: "tcp"; case 17: "udp"; case 1: "icmp"; case 58: "icmp6"; default: "proto\(transport)" }
        func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
            address.family == .v6 ? "[\(address)]:\(port)" : "\(address):\(port)"
        }
        let tenths = (duration + 50) / 100
        return "\(name) \(endpoint(source, sourcePort)) -> \(endpoint(destination, destinationPort)) flags \(Self.flagLetters(tcpFlags)) "
            + "\(packets) pkts \(bytes) B \(Timestamp.format(start / 1_000)) +\(tenths / 10).\(tenths % 10)s"
    }

    /// TCP flags as letters (`FSRPAU`), `-` for none.
    public static func flagLetters(_ flags: UInt8) -> String {
        let letters: [(UInt8, Character)] = [(0x01, "F"), (0x02, "S"), (0x04, "R"), (0x08, "P"), (0x10, "A"), (0x20, "U")]
        let text = String(letters.compactMap { flags & $0.0 != 0 ? $0.1 : nil })
        return text.isEmpty ? "-" : text
    }
}
