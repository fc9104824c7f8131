import BailiffCore
import Testing

@testable import BailiffNet

/// The detectors over hand-made flows: thresholds, the opened-port-25 exception, answered probes,
/// repeats.
struct FlowDetectorTests {
    let space = ProviderSpace([try! IPPrefix(parsing: "203.0.113.0/24")])
    let start: Int64 = 1_748_779_200_000

    func flow(_ source: String, _ destination: String, _ port: UInt16, flags: UInt8 = FlowRecord.synFlag, transport: UInt8 = 6, at offset: Int64 = 0,
              packets: UInt64 = 1, bytes: UInt64 = 60) -> FlowRecord {
        FlowRecord(source: IPAddress(source)!, destination: IPAddress(destination)!, sourcePort: 40000, destinationPort: port, transport: transport,
                   tcpFlags: flags, packets: packets, bytes: bytes, start: start + offset, end: start + offset)
    }

    func run(_ detectors: inout FlowDetectors, _ flows: [FlowRecord]) -> [FlowDetection] {
        for flow in flows { detectors.observe(flow, now: start + 3_600_000) }
        return detectors.advance() + detectors.finish()
    }

    @Test func smtpBurstFiresAtItsThresholdAndNotBelow() {
        var detectors = FlowDetectors(space: space)
        let below = (0..<49).map { flow("203.0.113.5", "100.64.0.\($0 + 1)", 25, at: Int64($0) * 100) }
        #expect(run(&detectors, below).isEmpty)
        var fresh = FlowDetectors(space: space)
        let at = (0..<50).map { flow("203.0.113.5", "100.64.0.\($0 + 1)", 25, at: Int64($0) * 100) }
        let found = run(&fresh, at)
        #expect(found.map(\.category) == ["spam"] && found.first?.counters["distinct_servers"] == 50)
    }

    @Test func anOpenedMailServerHasTheHigherThreshold() {
        var detectors = FlowDetectors(space: space, port25Opened: [IPAddress("203.0.113.5")!])
        let queue = (0..<200).map { flow("203.0.113.5", "100.64.\($0 / 200).\($0 % 200 + 1)", 25, flags: 0x1B, at: Int64($0) * 100) }
        #expect(run(&detectors, queue).isEmpty)
    }

    @Test func answeredProbesAreNotAScan() {
        var detectors = FlowDetectors(space: space)
        var flows: [FlowRecord] = []
        for index in 0..<150 {
            let peer = "100.64.1.\(index + 1)"
            flows.append(flow("203.0.113.7", peer, 53, flags: 0, transport: 17, at: Int64(index) * 10))
            if index % 3 != 0 { flows.append(flow(peer, "203.0.113.7", 40000, flags: 0, transport: 17, at: Int64(index) * 10 + 5)) }
        }
        // 150 probed, 100 answered: 50 unanswered is below the threshold of 100.
        #expect(run(&detectors, flows).isEmpty)
    }

    @Test func repeatsOfTheSameFindingWaitForTheRepeatInterval() {
        var detectors = FlowDetectors(space: space)
        var flows: [FlowRecord] = []
        for window in 0..<3 {  // three windows of five minutes, each a full scan
            for index in 0..<120 { flows.append(flow("203.0.113.9", "100.64.2.\(index + 1)", 22, at: Int64(window) * 300_000 + Int64(index))) }
        }
        let found = run(&detectors, flows)
        #expect(found.count == 1 && found[0].detector == "horizontal-scan")
    }

    @Test func establishedDownloadsAreNotAFlood() {
        var detectors = FlowDetectors(space: space)
        let download = flow("203.0.113.8", "100.64.3.1", 51000, flags: 0x18, at: 0, packets: 900_000, bytes: 1_300_000_000)
        var spray = download
        spray.tcpFlags = 0; spray.transport = 17  // the same volume as UDP is a flood
        #expect(run(&detectors, [download]).isEmpty)
        var fresh = FlowDetectors(space: space)
        #expect(run(&fresh, [spray]).map(\.category) == ["network-attack"])
    }

    @Test func flowsOfOtherNetworksAreIgnored() {
        var detectors = FlowDetectors(space: space)
        let elsewhere = (0..<500).map { flow("100.64.9.9", "100.64.0.\($0 % 250 + 1)", 25, at: Int64($0)) }
        #expect(run(&detectors, elsewhere).isEmpty)
    }
}
