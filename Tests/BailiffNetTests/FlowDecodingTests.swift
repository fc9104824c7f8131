import BailiffCore
import Testing

@testable import BailiffNet

struct FlowDecodingTests {
    let exporter = IPAddress("127.0.0.1")!
    let now: Int64 = 1_748_779_300_000

    @Test func netflowV5RecordsCarryAddressesPortsVolumesAndTimesOnTheExportersClock() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        let datagram = DatagramBuilder.netflowV5(sequence: 0, records: [
            ("203.0.113.10", "100.64.1.1", 40000, 22, 6, 0x02, 3, 180), ("100.64.1.1", "203.0.113.10", 22, 40000, 6, 0x12, 2, 120),
        ])
        #expect(collector.ingest(datagram, from: exporter, at: now, into: &flows) == .accepted(flows: 2))
        let first = flows[0]
        #expect(first.source == IPAddress("203.0.113.10") && first.destination == IPAddress("100.64.1.1"))
        #expect(first.sourcePort == 40000 && first.destinationPort == 22 && first.transport == 6 && first.tcpFlags == 0x02)
        #expect(first.packets == 3 && first.bytes == 180)
        // Export at 1748779200 s with 100 s uptime; the flow started 5 s and ended 1 s before that.
        #expect(first.start == 1_748_779_195_000 && first.end == 1_748_779_199_000)
    }

    @Test func netflowV5SamplingScalesVolumesButNotPeers() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        let datagram = DatagramBuilder.netflowV5(sequence: 0, sampling: 0x4000 | 100, records: [("203.0.113.10", "100.64.1.1", 1, 2, 17, 0, 3, 300)])
        collector.ingest(datagram, from: exporter, at: now, into: &flows)
        #expect(flows[0].packets == 300 && flows[0].bytes == 30_000 && flows[0].samplingRate == 100)
        // Configuration overrides what the exporter says.
        var configured = FlowCollector(settings: FlowCollectorSettings(samplingRates: [exporter: 10]))
        flows = []
        configured.ingest(datagram, from: exporter, at: now, into: &flows)
        #expect(flows[0].packets == 30)
    }

    @Test func lossIsMeasuredFromSequenceNumbers() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        let record = ("203.0.113.10", "100.64.1.1", UInt16(1), UInt16(2), UInt8(17), UInt8(0), UInt32(1), UInt32(60))
        collector.ingest(DatagramBuilder.netflowV5(sequence: 0, records: [record, record]), from: exporter, at: now, into: &flows)
        // The next datagram should start at 2; it starts at 7: 5 flows never arrived.
        collector.ingest(DatagramBuilder.netflowV5(sequence: 7, records: [record]), from: exporter, at: now, into: &flows)
        #expect(collector.statistics.lostFlows == 5)
        // A late datagram (3…4) takes back what it carried.
        collector.ingest(DatagramBuilder.netflowV5(sequence: 2, records: [record, record]), from: exporter, at: now, into: &flows)
        #expect(collector.statistics.lostFlows == 3)
    }

    @Test func malformedDatagramsAreCountedDroppedAndLeaveEarlierFlowsAlone() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        let good = DatagramBuilder.netflowV5(sequence: 0, records: [("203.0.113.10", "100.64.1.1", 1, 2, 17, 0, 1, 60)])
        collector.ingest(good, from: exporter, at: now, into: &flows)
        for bad in [Array(good.dropLast(10)), [0, 5, 0], [0, 42, 0, 0, 0, 0], DatagramBuilder.netflowV5(sequence: 1, records: []), []] {
            let outcome = collector.ingest(bad, from: exporter, at: now, into: &flows)
            guard case .malformed = outcome else { Issue.record("accepted \(bad.prefix(8))"); continue }
        }
        #expect(flows.count == 1)
        #expect(collector.statistics.malformedTotal == 5)
        #expect(collector.statistics.malformed["truncated"] != nil && collector.statistics.malformed["bad-version"] != nil)
    }

    @Test func exportersOutsideTheAllowListAreRefused() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        let outcome = collector.ingest(DatagramBuilder.netflowV5(sequence: 0, records: [("203.0.113.10", "100.64.1.1", 1, 2, 17, 0, 1, 60)]),
                                       from: IPAddress("198.51.100.1")!, at: now, into: &flows)
        guard case .refused = outcome else { Issue.record("accepted a stranger's datagram"); return }
        #expect(flows.isEmpty && collector.statistics.refused == 1)
    }

    /// NetFlow v9: template flowset (id 0) and data flowset (id 256).
    func v9(sequence: UInt32, template: Bool, data: Bool, options: UInt32? = nil) -> [UInt8] {
        var d = DatagramBuilder()
        d.u16(9); d.u16(0); d.u32(100_000); d.u32(1_748_779_200); d.u32(sequence); d.u32(7)
        if template {
            d.u16(0); d.u16(4 + 4 + 9 * 4); d.u16(256); d.u16(9)
            for (element, length) in [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (6, 1), (2, 4), (1, 4), (22, 4)] as [(UInt16, UInt16)] {
                d.u16(element); d.u16(length)
            }
        }
        if let options {
            // Options template 257: scope system (1) of 4 bytes, option SAMPLING_INTERVAL (34) of 4 bytes.
            d.u16(1); d.u16(6 + 4 + 8 + 2); d.u16(257); d.u16(4); d.u16(4); d.u16(1); d.u16(4); d.u16(34); d.u16(4); d.u16(0)
            d.u16(257); d.u16(4 + 8); d.u32(0); d.u32(options)
        }
        if data {
            let start = d.bytes.count
            d.u16(256); d.u16(0)
            d.v4("203.0.113.10"); d.v4("100.64.1.1"); d.u16(40000); d.u16(25); d.u8(6); d.u8(0x02); d.u32(2); d.u32(120); d.u32(99_000)
            d.zeros(2)  // padding
            d.patch16(start + 2, d.bytes.count - start)
        }
        return d.bytes
    }

    @Test func netflowV9DecodesWithItsTemplateAndHoldsDataThatArrivesFirst() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        // Data before the template: held, not lost, not guessed.
        #expect(collector.ingest(v9(sequence: 0, template: false, data: true), from: exporter, at: now, into: &flows) == .accepted(flows: 0))
        #expect(collector.statistics.heldForTemplate == 1)
        // The template arrives with more data: both sets decode.
        #expect(collector.ingest(v9(sequence: 1, template: true, data: true), from: exporter, at: now, into: &flows) == .accepted(flows: 2))
        #expect(flows.count == 2)
        #expect(flows.allSatisfy { $0.destinationPort == 25 && $0.packets == 2 && $0.bytes == 120 && $0.start == 1_748_779_199_000 })
        // A template past its lifetime is forgotten: data is held again.
        collector.ingest(v9(sequence: 2, template: false, data: true), from: exporter, at: now + 1_900_000, into: &flows)
        #expect(flows.count == 2 && collector.statistics.templatesExpired == 1)
        // Held data whose template never comes is dropped and counted.
        collector.expire(at: now + 2_000_000)
        #expect(collector.statistics.droppedWithoutTemplate == 1)
    }

    @Test func netflowV9OptionsAnnounceTheSamplingRateAndPacketGapsCountAsLoss() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        collector.ingest(v9(sequence: 10, template: true, data: false, options: 64), from: exporter, at: now, into: &flows)
        collector.ingest(v9(sequence: 13, template: false, data: true), from: exporter, at: now, into: &flows)
        #expect(flows.first?.packets == 128 && flows.first?.samplingRate == 64)
        #expect(collector.statistics.lostDatagrams == 2)
    }

    /// IPFIX with a variable-length field and an enterprise element between the known ones.
    func ipfix(sequence: UInt32, withdraw: Bool = false) -> [UInt8] {
        var d = DatagramBuilder()
        d.u16(10); d.u16(0); d.u32(1_748_779_200); d.u32(sequence); d.u32(3)
        var set = DatagramBuilder()
        set.u16(2); set.u16(0)
        set.u16(300); set.u16(withdraw ? 0 : 8)
        if !withdraw {
            set.u16(27); set.u16(16); set.u16(28); set.u16(16)  // IPv6 source, destination
            set.u16(0x8000 | 42); set.u16(65_535); set.u32(29_305)  // an enterprise element, variable length
            set.u16(7); set.u16(2); set.u16(11); set.u16(2); set.u16(4); set.u16(1)
            set.u16(2); set.u16(8)  // packets in 8 bytes
            set.u16(152); set.u16(8)  // flowStartMilliseconds
        }
        set.patch16(2, set.bytes.count)
        d.append(set)
        if !withdraw {
            var data = DatagramBuilder()
            data.u16(300); data.u16(0)
            for length in [3, 300] {
                data.v6("2001:db8:100::10"); data.v6("2001:db8:ffff::1")
                if length < 255 { data.u8(UInt8(length)) } else { data.u8(255); data.u16(UInt16(length)) }
                data.zeros(length)
                data.u16(41000); data.u16(443); data.u8(6); data.u64(4); data.u64(1_748_779_190_123)
            }
            data.patch16(2, data.bytes.count)
            d.append(data)
        }
        d.patch16(2, d.bytes.count)
        return d.bytes
    }

    @Test func ipfixReadsVariableLengthFieldsSkipsEnterpriseElementsAndHonoursWithdrawal() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        #expect(collector.ingest(ipfix(sequence: 0), from: exporter, at: now, into: &flows) == .accepted(flows: 2))
        #expect(flows.allSatisfy { $0.source == IPAddress("2001:db8:100::10") && $0.destinationPort == 443 && $0.packets == 4 && $0.start == 1_748_779_190_123 })
        // The IPFIX sequence counts records: 2 were sent, the next message starts at 2.
        collector.ingest(ipfix(sequence: 5), from: exporter, at: now, into: &flows)
        #expect(collector.statistics.lostFlows == 3)
        // A withdrawn template is gone.
        collector.ingest(ipfix(sequence: 7, withdraw: true), from: exporter, at: now, into: &flows)
        var builder = DatagramBuilder()
        builder.u16(10); builder.u16(0); builder.u32(0); builder.u32(7); builder.u32(3); builder.u16(300); builder.u16(8); builder.zeros(4)
        builder.patch16(2, builder.bytes.count)
        let before = flows.count
        collector.ingest(builder.bytes, from: exporter, at: now, into: &flows)
        #expect(flows.count == before && collector.statistics.heldForTemplate == 1)
    }

    /// An sFlow v5 datagram with one expanded flow sample (a VLAN-tagged IPv4 TCP header) and one
    /// counter sample.
    func sflow(sequence: UInt32, rate: UInt32) -> [UInt8] {
        var d = DatagramBuilder()
        d.u32(5); d.u32(1); d.v4("127.0.0.1"); d.u32(0); d.u32(sequence); d.u32(1_000); d.u32(2)
        var header = DatagramBuilder()
        header.zeros(12); header.u16(0x8100); header.u16(42); header.u16(0x0800)
        header.u8(0x45); header.u8(0); header.u16(60); header.u16(0); header.u16(0); header.u8(64); header.u8(6); header.u16(0)
        header.v4("203.0.113.10"); header.v4("100.64.1.1")
        header.u16(40000); header.u16(22); header.u32(0); header.u32(0); header.u8(0x50); header.u8(0x02); header.u16(0); header.u32(0)
        var record = DatagramBuilder()
        record.u32(1); record.u32(UInt32(header.bytes.count + 16))
        record.u32(1); record.u32(78); record.u32(4); record.u32(UInt32(header.bytes.count)); record.append(header)
        var sample = DatagramBuilder()
        sample.u32(1); sample.u32(0); sample.u32(3); sample.u32(rate); sample.u32(1000); sample.u32(0); sample.u32(0); sample.u32(1); sample.u32(0); sample.u32(2)
        sample.u32(1); sample.append(record)
        d.u32(3); d.u32(UInt32(sample.bytes.count)); d.append(sample)
        d.u32(2); d.u32(8); d.zeros(8)  // a counter sample: ignored
        return d.bytes
    }

    @Test func sflowSamplesBecomeFlowsScaledByTheSamplingRate() {
        var collector = FlowCollector()
        var flows: [FlowRecord] = []
        #expect(collector.ingest(sflow(sequence: 1, rate: 512), from: exporter, at: now, into: &flows) == .accepted(flows: 1))
        let flow = flows[0]
        #expect(flow.source == IPAddress("203.0.113.10") && flow.destinationPort == 22 && flow.tcpFlags == 0x02)
        #expect(flow.packets == 512 && flow.bytes == 78 * 512 && flow.start == now)
        #expect(collector.statistics.ignoredSamples == 1)
        collector.ingest(sflow(sequence: 4, rate: 512), from: exporter, at: now, into: &flows)
        #expect(collector.statistics.lostDatagrams == 2)
    }

    /// Every prefix and every single-byte corruption of valid datagrams: never a trap, and a
    /// datagram is either accepted whole or dropped whole.
    @Test func truncationsAndCorruptionsNeverTrap() {
        let samples = [DatagramBuilder.netflowV5(sequence: 0, records: [("203.0.113.10", "100.64.1.1", 1, 2, 17, 0, 1, 60)]),
                       v9(sequence: 0, template: true, data: true, options: 8), ipfix(sequence: 0), sflow(sequence: 0, rate: 1)]
        var generator = SeededGenerator(seed: 42)
        for sample in samples {
            for length in 0..<sample.count {
                var collector = FlowCollector()
                var flows: [FlowRecord] = []
                collector.ingest(Array(sample.prefix(length)), from: exporter, at: now, into: &flows)
            }
            for _ in 0..<2_000 {
                var corrupted = sample
                corrupted[Int.random(in: 0..<corrupted.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                var collector = FlowCollector()
                var flows: [FlowRecord] = []
                if case .malformed = collector.ingest(corrupted, from: exporter, at: now, into: &flows) { #expect(flows.isEmpty) }
            }
        }
    }
}
