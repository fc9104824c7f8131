import BailiffCore

extension FlowCollector {
    /// sFlow v5 (sflow.org/sflow_version_5.txt): every sample is one packet in `sampling_rate`,
    /// so each becomes a flow of `sampling_rate` packets and `frame_length × sampling_rate` bytes
    /// at the time the datagram arrived (sFlow carries the agent's uptime, not a wall clock).
    ///
    /// datagram = version(4)=5 agent_address_type(4) agent_address(4|16) sub_agent_id(4)
    ///            sequence(4) uptime(4) samples(4) { sample_type(4) length(4) body }
    mutating func readSFlow(_ reader: inout ByteReader, exporter: IPAddress, now: Int64, into flows: inout [FlowRecord]) throws(FlowDecodeError) {
        let addressType = try reader.u32("the sFlow agent address type")
        switch addressType {
        case 1: try reader.skip(4, "the sFlow agent address")
        case 2: try reader.skip(16, "the sFlow agent address")
        default: throw FlowDecodeError("bad-header", "sFlow agent address type \(addressType) is neither IPv4 (1) nor IPv6 (2)")
        }
        let subAgent = try reader.u32("the sFlow sub-agent")
        let sequence = try reader.u32("the sFlow sequence")
        _ = try reader.u32("the sFlow uptime")
        let samples = try reader.u32("the sFlow sample count")
        guard samples <= 1_000 else { throw FlowDecodeError("bad-count", "\(samples) samples cannot fit in a datagram") }
        let key = StreamKey(exporter: exporter, version: 5_000, domain: subAgent)
        statistics.adjust(\.lostDatagrams, by: streams[key, default: StreamState()].sequence.observe(sequence, increment: 1))
        for _ in 0..<samples {
            let format = try reader.u32("a sample type")
            let length = Int(try reader.u32("a sample length"))
            guard length <= reader.remaining else { throw FlowDecodeError.truncated("a sample of \(length) bytes") }
            var sample = ByteReader(reader.bytes, offset: reader.offset, end: reader.offset + length)
            switch format {
            case 1: try readFlowSample(&sample, expanded: false, exporter: exporter, now: now, into: &flows)
            case 3: try readFlowSample(&sample, expanded: true, exporter: exporter, now: now, into: &flows)
            default: statistics.ignoredSamples += 1  // counter samples (2, 4) and other enterprises' formats
            }
            reader.offset += length
        }
    }

    /// flow_sample (format 1) and flow_sample_expanded (format 3).
    private mutating func readFlowSample(_ sample: inout ByteReader, expanded: Bool, exporter: IPAddress, now: Int64, into flows: inout [FlowRecord]) throws(FlowDecodeError) {
        _ = try sample.u32("the sample sequence")
        try sample.skip(expanded ? 8 : 4, "the sample source")
        let announced = try sample.u32("the sampling rate")
        try sample.skip(expanded ? 24 : 16, "the sample pool, drops and interfaces")
        let records = try sample.u32("the flow record count")
        guard records <= 64 else { throw FlowDecodeError("bad-count", "\(records) flow records in one sample") }
        let rate = UInt64(samplingRate(exporter, announced: announced))
        var packet: SampledPacket?, frameLength: UInt32 = 0
        for _ in 0..<records {
            let format = try sample.u32("a flow record type")
            let length = Int(try sample.u32("a flow record length"))
            guard length <= sample.remaining else { throw FlowDecodeError.truncated("a flow record of \(length) bytes") }
            var record = ByteReader(sample.bytes, offset: sample.offset, end: sample.offset + length)
            switch format {
            case 1:
                // sampled_header: protocol frame_length stripped header_length header
                let headerProtocol = try record.u32("the header protocol")
                frameLength = try record.u32("the frame length")
                _ = try record.u32("the stripped length")
                let headerLength = Int(try record.u32("the header length"))
                guard headerLength <= record.remaining else { throw FlowDecodeError.truncated("a sampled header of \(headerLength) bytes") }
                let from = record.offset, to = record.offset + headerLength
                switch headerProtocol {
                case 1: packet = packet ?? SampledPacket.ethernet(record.bytes, from: from, to: to)
                case 11: packet = packet ?? SampledPacket.ipv4(record.bytes, from: from, to: to)
                case 12: packet = packet ?? SampledPacket.ipv6(record.bytes, from: from, to: to)
                default: break
                }
            case 3, 4:
                // sampled_ipv4 / sampled_ipv6: length protocol src dst src_port dst_port tcp_flags tos
                frameLength = try record.u32("the sampled IP length")
                let transport = UInt8(truncatingIfNeeded: try record.u32("the sampled IP protocol"))
                let source: IPAddress, destination: IPAddress
                if format == 3 {
                    source = .v4(IPv4Address(try record.u32("the sampled source")))
                    destination = .v4(IPv4Address(try record.u32("the sampled destination")))
                } else {
                    source = IPAddress(normalizing: IPv6Address(try record.u128("the sampled source")))
                    destination = IPAddress(normalizing: IPv6Address(try record.u128("the sampled destination")))
                }
                let sourcePort = UInt16(truncatingIfNeeded: try record.u32("the sampled source port"))
                let destinationPort = UInt16(truncatingIfNeeded: try record.u32("the sampled destination port"))
                let flags = UInt8(truncatingIfNeeded: try record.u32("the sampled TCP flags"))
                packet = packet ?? SampledPacket(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort,
                                                 transport: transport, tcpFlags: flags)
            default:
                break  // switch, router, gateway and user data: not about the flow itself
            }
            sample.offset += length
        }
        guard let packet else { statistics.ignoredSamples += 1; return }
        flows.append(FlowRecord(
            source: packet.source, destination: packet.destination, sourcePort: packet.sourcePort, destinationPort: packet.destinationPort,
            transport: packet.transport, tcpFlags: packet.tcpFlags, packets: rate, bytes: UInt64(frameLength) * rate,
            start: now, end: now, samplingRate: UInt32(rate)))
    }
}
