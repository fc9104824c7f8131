import Foundation

/// A BGP receiver (gobgpd) and a speaker (ExaBGP) running `bailiff exabgp` as its process, on
/// loopback, for one test. The receiver's RIB is what the tests look at.
final class BGPLab {
    static let exabgp = ["/usr/sbin/exabgp", "/usr/bin/exabgp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let gobgpd = ["/usr/bin/gobgpd", "/usr/sbin/gobgpd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let gobgp = ["/usr/bin/gobgp", "/usr/sbin/gobgp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isAvailable: Bool { exabgp != nil && gobgpd != nil && gobgp != nil }
    static var enabled: Bool { isAvailable || ProcessInfo.processInfo.environment["CI"] == "true" }
    static var bailiff: String { packageRoot.appendingPathComponent(".build/debug/bailiff").path }

    let directory: URL
    let apiPort: Int
    private let receiver: PeerProcess
    private var speaker: PeerProcess?
    private var starts = 0

    /// Starts both; the feed reads the Bailiff data directory `directory`.
    init(directory: URL) throws {
        self.directory = directory
        let bgpPort = try freeLoopbackPort()
        apiPort = try freeLoopbackPort()
        try """
            [global.config]
              as = 65000
              router-id = "127.0.0.1"
              port = \(bgpPort)
              local-address-list = ["127.0.0.1"]
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "127.0.0.2"
                peer-as = 65001
              [neighbors.transport.config]
                passive-mode = true
                local-address = "127.0.0.1"
            """.write(to: directory.appendingPathComponent("gobgpd.toml"), atomically: true, encoding: .utf8)
        try """
            process bailiff {
                run \(Self.bailiff) exabgp --data-dir \(directory.path) --interval 0.2;
                encoder text;
            }
            neighbor 127.0.0.1 {
                router-id 127.0.0.2;
                local-address 127.0.0.2;
                local-as 65001;
                peer-as 65000;
                connect \(bgpPort);
                family { ipv4 unicast; ipv6 unicast; }
                api { processes [ bailiff ]; }
            }
            """.write(to: directory.appendingPathComponent("exabgp.conf"), atomically: true, encoding: .utf8)
        receiver = try PeerProcess(Self.gobgpd!, ["-f", directory.appendingPathComponent("gobgpd.toml").path, "--api-hosts", "127.0.0.1:\(apiPort)"],
                                   log: directory.appendingPathComponent("gobgpd.log"))
        try startSpeaker()
    }

    /// (Re)starts ExaBGP, which starts a fresh feed.
    func startSpeaker() throws {
        speaker?.stop()
        starts += 1
        speaker = try PeerProcess(Self.exabgp!, [directory.appendingPathComponent("exabgp.conf").path],
                                  environment: ["exabgp.daemon.user": "root", "exabgp.tcp.bind": "", "exabgp.log.destination": "stderr", "exabgp.api.ack": "true"],
                                  log: directory.appendingPathComponent("exabgp-\(starts).log"))
    }

    func stopSpeaker() { speaker?.stop() }

    func stop() {
        speaker?.stop()
        receiver.stop()
    }

    deinit { stop() }

    /// The receiver's route for `prefix`: next hop and communities, or nil when it has none.
    func route(_ prefix: String) throws -> (nextHop: String, communities: [UInt32])? {
        let (_, output) = try runProgram(Self.gobgp!, ["-u", "127.0.0.1", "-p", String(apiPort), "global", "rib", "-a", prefix.contains(":") ? "ipv6" : "ipv4", "-j"])
        guard let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let paths = json[prefix] as? [[String: Any]], let attributes = paths.first?["attrs"] as? [[String: Any]] else { return nil }
        let nextHop = attributes.first { ($0["type"] as? Int) == 3 }?["nexthop"] as? String ?? ""
        let communities = (attributes.first { ($0["type"] as? Int) == 8 }?["communities"] as? [NSNumber] ?? []).map(\.uint32Value)
        return (nextHop, communities)
    }
}

/// Polls `condition` until it holds, failing after `seconds`.
func waitFor(_ what: String, seconds: Double = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    throw SinkError("timed out waiting for \(what)")
}
