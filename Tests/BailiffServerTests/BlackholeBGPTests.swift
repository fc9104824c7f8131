import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// Blackholes end to end: Bailiff's own `bailiff exabgp` runs as ExaBGP's process, ExaBGP peers
/// on loopback with a real BGP receiver (gobgpd), and the receiver's RIB is the judge.
@Suite(.serialized) struct BlackholeBGPTests {
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

    @Test(.enabled(if: BGPLab.enabled, "exabgp or gobgpd is missing: apt-get install exabgp gobgpd"))
    func anAttackedAddressIsAnnouncedWithBlackholeAndNoExportReannouncedAfterARestartAndWithdrawn() async throws {
        try #require(BGPLab.isAvailable, "exabgp or gobgpd is missing: apt-get install exabgp gobgpd")
        try #require(FileManager.default.isExecutableFile(atPath: BGPLab.bailiff), "build the bailiff binary first (swift build)")
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

        let lab = try BGPLab(directory: directory)
        defer { lab.stop() }

        // The outbox hands the route to the feed; the feed announces it; the receiver has it.
        let outbox = ActionOutbox(store: store, adapters: [BlackholeAdapter(store: store, clock: { CaseServiceTests.t0 + 60 })], logger: Logger(label: "t"))
        _ = try await outbox.runOnce(now: CaseServiceTests.t0 + 60)
        try await waitFor("the /32 at the receiver") { try lab.route("192.0.2.10/32") != nil }
        let announced = try #require(try lab.route("192.0.2.10/32"))
        #expect(announced.nextHop == "192.0.2.1")
        #expect(Set(announced.communities) == [0xFFFF_029A, 0xFFFF_FF01], "BLACKHOLE (65535:666) and NO_EXPORT")
        try await waitFor("the confirmation on the timeline", seconds: 10) {
            try await CaseRepository(store).timeline(caseID: record.id).contains { $0.kind == "bgp" && $0.text.hasPrefix("announced 192.0.2.10/32") }
        }

        // The speaker restarts (and forgets); the feed it starts announces the wanted route again.
        lab.stopSpeaker()
        try await waitFor("the route to go with the session") { try lab.route("192.0.2.10/32") == nil }
        try lab.startSpeaker()
        try await waitFor("the route to come back after the restart") { try lab.route("192.0.2.10/32") != nil }

        // Staff resolve the case when the attack is over: the null route is lifted.
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t"))
        try await cases.resolve(caseID: record.id, staff: "noc", statement: "the attack stopped at 10:15 UTC; upstream filters removed", now: CaseServiceTests.t0 + 3_600)
        _ = try await outbox.runOnce(now: CaseServiceTests.t0 + 3_600)
        let lift = try #require(try await CaseRepository(store).intents(caseID: record.id).first { $0.action == "lift-blackhole" })
        #expect(lift.status == "done")
        try await waitFor("the withdrawal at the receiver") { try lab.route("192.0.2.10/32") == nil }
        try await waitFor("the withdrawal on the timeline", seconds: 10) {
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
