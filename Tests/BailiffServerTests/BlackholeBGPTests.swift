import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// Blackholes end to end: Bailiff's own `bailiff exabgp` runs as ExaBGP's process, ExaBGP peers
/// on loopback with a real BGP receiver (gobgpd), and the receiver's RIB is the judge.
@Suite(.serialized) struct BlackholeBGPTests {
    static let tools = ["/usr/sbin/exabgp", "/usr/bin/exabgp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let gobgpd = ["/usr/bin/gobgpd", "/usr/sbin/gobgpd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let gobgp = ["/usr/bin/gobgp", "/usr/sbin/gobgp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { tools != nil && gobgpd != nil && gobgp != nil }
    static var enabled: Bool { available || ProcessInfo.processInfo.environment["CI"] == "true" }
    static var bailiff: String { packageRoot.appendingPathComponent(".build/debug/bailiff").path }

    static let inventory = """
        record,id,name,customer,service,prefix,label,language,abuse,from
        network,,,,,192.0.2.0/24,A,,,
        customer,C1,Attacked Ltd,,,,,en,noc@attacked.example,
        service,S1,,C1,,,vps-1,,,
        assignment,,,,S1,192.0.2.0/25,,,,2024-01-01
        """

    static let report = Array("""
        From: noc@upstream.example\r
        Subject: DDoS against your customer\r
        Date: Mon, 02 Mar 2026 09:30:00 +0000\r
        \r
        Your customer 192.0.2.10 is under attack: 40 Gbit/s of UDP floods since 09:20 UTC.\r

        """.utf8)

    /// The RIB of the receiver for one prefix: its next hop and communities, or nil when absent.
    static func route(_ prefix: String, api: Int) throws -> (nextHop: String, communities: [UInt32])? {
        let (_, output) = try runProgram(gobgp!, ["-u", "127.0.0.1", "-p", String(api), "global", "rib", "-a", prefix.contains(":") ? "ipv6" : "ipv4", "-j"])
        guard let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let paths = json[prefix] as? [[String: Any]], let attributes = paths.first?["attrs"] as? [[String: Any]] else { return nil }
        let nextHop = attributes.first { ($0["type"] as? Int) == 3 }?["nexthop"] as? String ?? ""
        let communities = (attributes.first { ($0["type"] as? Int) == 8 }?["communities"] as? [NSNumber] ?? []).map(\.uint32Value)
        return (nextHop, communities)
    }

    static func waitFor(_ what: String, seconds: Double = 60, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SinkError("timed out waiting for \(what)")
    }

    @Test(.enabled(if: enabled, "exabgp or gobgpd is missing: apt-get install exabgp gobgpd"))
    func anAttackedAddressIsAnnouncedWithBlackholeAndNoExportReannouncedAfterARestartAndWithdrawn() async throws {
        try #require(Self.available, "exabgp or gobgpd is missing: apt-get install exabgp gobgpd")
        try #require(FileManager.default.isExecutableFile(atPath: Self.bailiff), "build the bailiff binary first (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-bgp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        // The case: an attack on 192.0.2.10 → null-route rung → a blackhole intent.
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        do {
            try await announceRestartAndWithdraw(store, directory)
        } catch {
            await store.shutdown()
            // The peers' logs stay for the reader.
            Issue.record("the logs of gobgpd, ExaBGP and the feed are in \(directory.path)")
            throw error
        }
        await store.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    func announceRestartAndWithdraw(_ store: Store, _ directory: URL) async throws {
        try await store.migrate()
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: CaseServiceTests.t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: CaseServiceTests.t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        try await CaseServiceTests.ingest(store, [Self.report])
        try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t")).assignPending(now: CaseServiceTests.t0)
        let record = try #require(try await CaseRepository(store).list().first { $0.category == "attack-target" })
        let intents = try await CaseRepository(store).intents(caseID: record.id)
        #expect(intents.contains { $0.action == "blackhole" }, "\(intents.map(\.action))")

        // The receiver and the speaker, ExaBGP running Bailiff's feed.
        let bgpPort = try freeLoopbackPort(), apiPort = try freeLoopbackPort()
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
        let receiver = try PeerProcess(Self.gobgpd!, ["-f", directory.appendingPathComponent("gobgpd.toml").path, "--api-hosts", "127.0.0.1:\(apiPort)"],
                                       log: directory.appendingPathComponent("gobgpd.log"))
        defer { receiver.stop() }
        let speakerEnvironment = ["exabgp.daemon.user": "root", "exabgp.tcp.bind": "", "exabgp.log.destination": "stderr", "exabgp.api.ack": "true"]
        var speaker = try PeerProcess(Self.tools!, [directory.appendingPathComponent("exabgp.conf").path], environment: speakerEnvironment,
                                      log: directory.appendingPathComponent("exabgp.log"))
        defer { speaker.stop() }

        // The outbox hands the route to the feed; the feed announces it; the receiver has it.
        let outbox = ActionOutbox(store: store, adapters: [BlackholeAdapter(store: store, clock: { CaseServiceTests.t0 + 60 })], logger: Logger(label: "t"))
        _ = try await outbox.runOnce(now: CaseServiceTests.t0 + 60)
        try await Self.waitFor("the /32 at the receiver") { try Self.route("192.0.2.10/32", api: apiPort) != nil }
        let announced = try #require(try Self.route("192.0.2.10/32", api: apiPort))
        #expect(announced.nextHop == "192.0.2.1")
        #expect(Set(announced.communities) == [0xFFFF_029A, 0xFFFF_FF01], "BLACKHOLE (65535:666) and NO_EXPORT")
        try await Self.waitFor("the confirmation on the timeline", seconds: 10) {
            try await CaseRepository(store).timeline(caseID: record.id).contains { $0.kind == "bgp" && $0.text.hasPrefix("announced 192.0.2.10/32") }
        }

        // The speaker restarts (and forgets); the feed it starts announces the wanted route again.
        speaker.stop()
        try await Self.waitFor("the route to go with the session") { try Self.route("192.0.2.10/32", api: apiPort) == nil }
        speaker = try PeerProcess(Self.tools!, [directory.appendingPathComponent("exabgp.conf").path], environment: speakerEnvironment,
                                  log: directory.appendingPathComponent("exabgp-2.log"))
        try await Self.waitFor("the route to come back after the restart") { try Self.route("192.0.2.10/32", api: apiPort) != nil }

        // Lifted: withdrawn at the receiver.
        // Staff resolve the case when the attack is over: the null route is lifted.
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t"))
        try await cases.resolve(caseID: record.id, staff: "noc", statement: "the attack stopped at 10:15 UTC; upstream filters removed", now: CaseServiceTests.t0 + 3_600)
        _ = try await outbox.runOnce(now: CaseServiceTests.t0 + 3_600)
        let lift = try #require(try await CaseRepository(store).intents(caseID: record.id).first { $0.action == "lift-blackhole" })
        #expect(lift.status == "done")
        try await Self.waitFor("the withdrawal at the receiver") { try Self.route("192.0.2.10/32", api: apiPort) == nil }
        try await Self.waitFor("the withdrawal on the timeline", seconds: 10) {
            try await CaseRepository(store).timeline(caseID: record.id).contains { $0.kind == "bgp" && $0.text.hasPrefix("withdrew 192.0.2.10/32") }
        }
    }

    @Test func onlySingleOwnAddressesAreEverAnnounced() throws {
        let own = [try IPPrefix(parsing: "192.0.2.0/24"), try IPPrefix(parsing: "2001:db8::/32")]
        let route = try BlackholeRoute(address: IPAddress("192.0.2.10")!, within: own)
        #expect(route.announceCommand == "announce route 192.0.2.10/32 next-hop 192.0.2.1 community [65535:666 no-export]")
        #expect(route.withdrawCommand == "withdraw route 192.0.2.10/32 next-hop 192.0.2.1")
        #expect(try BlackholeRoute(address: IPAddress("2001:db8::7")!, within: own).announceCommand.hasPrefix("announce route 2001:db8::7/128 next-hop 100::1"))
        #expect(throws: BlackholeRoute.Refusal.outsideOwnNetworks(IPAddress("198.51.100.1")!)) { try BlackholeRoute(address: IPAddress("198.51.100.1")!, within: own) }
        #expect(throws: BlackholeRoute.Refusal.badCommunity("666")) { try BlackholeRoute(address: IPAddress("192.0.2.10")!, within: own, communities: ["666"]) }
        #expect(throws: BlackholeRoute.Refusal.nextHopFamily(IPAddress("192.0.2.10")!, IPAddress("100::1")!)) {
            try BlackholeRoute(address: IPAddress("192.0.2.10")!, within: own, nextHop: IPAddress("100::1")!)
        }
    }
}
