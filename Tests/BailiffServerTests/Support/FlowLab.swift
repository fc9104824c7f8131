import BailiffCore
import BailiffNet
import BailiffServer
import Foundation
import Logging
import NIOCore

/// Real flow exporters (softflowd for NetFlow v5/v9 and IPFIX, pmacctd's sfprobe for sFlow) and
/// nfcapd/nfdump as the reference collector, on loopback, replaying the pcaps that
/// `scripts/flow-pcaps.py` writes.
enum FlowLab {
    static func tool(_ name: String) -> String? {
        ["/usr/sbin/\(name)", "/usr/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static var isAvailable: Bool { ["softflowd", "nfcapd", "nfdump", "pmacctd"].allSatisfy { tool($0) != nil } }
    static var enabled: Bool { isAvailable || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The provider's networks of the test traffic.
    static let space = ProviderSpace([try! IPPrefix(parsing: "203.0.113.0/24"), try! IPPrefix(parsing: "2001:db8:100::/48")])

    /// What every replay must find, and nothing else (the look-alikes are .20–.25).
    static let expected: Set<String> = [
        "203.0.113.10 scanning", "203.0.113.11 spam", "203.0.113.12 network-attack", "203.0.113.13 attack-target", "203.0.113.14 irc",
        "2001:db8:100::10 scanning",
    ]

    /// Writes the test traffic; returns the pcap.
    static func pcap(in directory: URL) throws -> URL {
        let result = try runProgram("/usr/bin/python3", [packageRoot.appendingPathComponent("scripts/flow-pcaps.py").path, directory.path])
        guard result.status == 0 else { throw SinkError("flow-pcaps.py failed") }
        return directory.appendingPathComponent("all.pcap")
    }

    /// Waits for a pipeline's datagrams to stop arriving.
    struct Settled {
        let pipeline: FlowPipeline
        init(_ pipeline: FlowPipeline) { self.pipeline = pipeline }

        func settle(seconds: Double = 60) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            var last = pipeline.statistics.datagrams, quietSince = Date()
            while Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                let now = pipeline.statistics.datagrams
                if now != last { last = now; quietSince = Date() } else if now > 0, Date().timeIntervalSince(quietSince) >= 0.5 { return }
            }
            throw SinkError("the collector kept receiving (or received nothing) for \(seconds) s")
        }
    }

    /// A Bailiff collector listening on a loopback port.
    final class Collector {
        let pipeline: FlowPipeline
        let channel: any Channel
        var port: Int { channel.localAddress?.port ?? 0 }

        init(settings: FlowDetectorSettings = FlowDetectorSettings()) async throws {
            pipeline = FlowPipeline(collector: FlowCollectorSettings(), detectors: settings, space: FlowLab.space)
            channel = try await FlowListener(pipeline: pipeline, logger: Logger(label: "test.flows")).bind("127.0.0.1:0")
        }

        /// Waits until datagrams stop arriving (none for half a second), at most `seconds`.
        func settle(seconds: Double = 60) async throws { try await Settled(pipeline).settle(seconds: seconds) }

        /// Every detection, the open windows closed; as "address category".
        func detections() -> [FlowDetection] {
            pipeline.drain(now: Int64(Date().timeIntervalSince1970 * 1_000)) + pipeline.finish()
        }

        func close() async { try? await channel.close() }
    }

    /// Runs an exporter against a recorder on a free loopback port and returns the file of the
    /// datagrams it sent (scripts/udp-capture.py), to replay the same bytes to every collector.
    /// The exporter is started by `exporter` (given the port) and stopped once the recorder has
    /// seen it fall silent (softflowd exits by itself at the end of the pcap; pmacctd does not).
    static func record(into file: URL, exporter: (Int) throws -> PeerProcess) throws {
        let port = try freeLoopbackUDPPort()
        let recorder = Process()
        recorder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        recorder.arguments = [packageRoot.appendingPathComponent("scripts/udp-capture.py").path, "127.0.0.1:\(port)", file.path, "4"]
        let output = Pipe()
        recorder.standardOutput = output
        try recorder.run()
        // The recorder says "ready" once bound.
        _ = output.fileHandleForReading.availableData
        let running = try exporter(port)
        recorder.waitUntilExit()
        running.stop()
        let count = Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard count > 0 else { throw SinkError("the exporter sent nothing") }
    }

    /// Sends a recorded file to a collector, paced (scripts/udp-replay.py).
    static func replay(_ file: URL, to port: Int, perSecond: Int = 5_000) throws {
        let result = try runProgram("/usr/bin/python3", [packageRoot.appendingPathComponent("scripts/udp-replay.py").path, file.path,
                                                         "127.0.0.1:\(port)", "\(perSecond)"])
        guard result.status == 0 else { throw SinkError("udp-replay.py failed") }
    }

    /// Polls a peer's log until it says `text` (the peer is ready), at most thirty seconds; fails
    /// at once, with the log, when the peer has exited.
    static func waitForLog(_ log: URL, containing text: String, of peer: PeerProcess) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let content = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if content.contains(text) { return }
            if !peer.process.isRunning { throw SinkError("\(log.lastPathComponent): the peer exited before saying \(text): \(content)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SinkError("\(log.lastPathComponent) never said \(text): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    /// Totals of an nfcapd directory, as nfdump counts them.
    static func nfdumpTotals(_ directory: URL) throws -> (flows: UInt64, packets: UInt64, bytes: UInt64) {
        let result = try runProgram(tool("nfdump")!, ["-R", directory.path, "-I"])
        func value(_ key: String) -> UInt64 {
            result.output.split(separator: "\n").first { $0.hasPrefix(key + ": ") }.flatMap { UInt64($0.dropFirst(key.count + 2)) } ?? 0
        }
        return (value("Flows"), value("Packets"), value("Bytes"))
    }
}
