import BailiffCore
import BailiffNet
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// Issue 8's "done when", in process with the real pieces: softflowd's export of the test traffic
/// reaches the collector, the detections become sensor reports in the evidence store, the
/// processor attributes them and the case service opens the cases (scan, spam burst, outbound
/// flood, attack target with its blackhole, IRC) and none for the look-alikes; the blackhole is
/// withdrawn to probe and announced again when the attack goes on; a directory sample opens
/// tor-exit cases only for exits.
@Suite(.serialized, .enabled(if: FlowLab.enabled, "softflowd, nfdump and pmacct are not installed"))
struct FlowEndToEndTests {
    /// One service per address of the test traffic, and a Tor exit and a non-exit relay.
    static let inventory: String = {
        var lines = [
            "record,id,name,reseller,customer,service,prefix,label,language,abuse,references,from",
            "network,,,,,,203.0.113.0/24,AS64500 v4,,,,", "network,,,,,,2001:db8:100::/48,AS64500 v6,,,,",
            "reseller,R1,Northwind Hosting,,,,,,en,abuse@northwind.example,,", "customer,C1,Kask & Partners,R1,,,,,en,ops@kask.example,,",
        ]
        for host in [10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 30] {
            lines.append("service,S\(host),,,C1,,,vps-\(host),,,,")
            lines.append("assignment,,,,,S\(host),203.0.113.\(host)/32,,,,,2020-01-01")
        }
        lines.append("service,S610,,,C1,,,vps-v6,,,,")
        lines.append("assignment,,,,,S610,2001:db8:100::10/128,,,,,2020-01-01")
        return lines.joined(separator: "\n")
    }()

    @Test func aReplayedCaptureOpensTheRightCasesAndTheBlackholeIsProbed() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flows-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        do {
            try await run(store, directory)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    func run(_ store: Store, _ directory: URL) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await store.migrate()
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: now - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: now - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "e2e"))
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        let processor = ReportProcessor(store: store, table: { table }, logger: Logger(label: "e2e"))

        // softflowd's NetFlow v9 export of the test traffic, recorded once.
        let pcap = try FlowLab.pcap(in: directory)
        let recording = directory.appendingPathComponent("export.dgrams")
        try FlowLab.record(into: recording) { port in
            try PeerProcess(FlowLab.tool("softflowd")!, ["-a", "-6", "-r", pcap.path, "-v", "9", "-d", "-n", "127.0.0.1:\(port)"],
                            log: directory.appendingPathComponent("softflowd.log"))
        }

        // The server's pieces: provider space from the inventory, detections into the evidence store.
        let (space, opened) = try await FlowService.load(store)
        #expect(space.contains(IPAddress("203.0.113.99")!) && !space.contains(IPAddress("100.64.1.1")!))
        let pipeline = FlowPipeline(collector: FlowCollectorSettings(), detectors: FlowDetectorSettings(), space: space, port25Opened: opened)
        let channel = try await FlowListener(pipeline: pipeline, logger: Logger(label: "e2e")).bind("127.0.0.1:0")
        let service = FlowService(pipeline: pipeline, reporter: StoreSensorReporter(store: store), store: store, site: "test",
                                  blackholeProbeMinutes: 60, registry: nil, logger: Logger(label: "e2e"))
        try FlowLab.replay(recording, to: channel.localAddress!.port!)
        let collector = FlowLab.Settled(pipeline)
        try await collector.settle()
        #expect(await service.handle(pipeline.drain(now: now * 1_000) + pipeline.finish(), now: now).isEmpty)

        _ = try await processor.processPending()
        _ = try await cases.assignPending(now: now)
        _ = try await cases.runDue(now: now)
        let opened_ = try await CaseRepository(store).list(limit: 100)
        let found = Set(opened_.map { "\($0.serviceID) \($0.category)" })
        #expect(found == ["S10 scanning", "S11 spam", "S12 network-attack", "S13 attack-target", "S14 irc", "S610 scanning"])
        // The sensor's events carry the evidence and the sensor's trust.
        let scan = try #require(opened_.first { $0.serviceID == "S10" })
        let timeline = try await CaseRepository(store).timeline(caseID: scan.id).map(\.text).joined(separator: "\n")
        #expect(timeline.contains("scanning"))

        // The attack target's blackhole: announced through the outbox, confirmed by the speaker.
        let attack = try #require(opened_.first { $0.category == "attack-target" })
        let outbox = ActionOutbox(store: store, adapters: [BlackholeAdapter(store: store)], logger: Logger(label: "e2e"))
        _ = try await outbox.runOnce(now: now)
        let blackholes = BlackholeRepository(store)
        let route = try #require(try await blackholes.all().first { $0.prefix == "203.0.113.13/32" })
        #expect(route.desired == "announce" && route.caseID == attack.id)
        try await blackholes.confirm(route, accepted: true, answer: "done", now: now)

        // An hour later the blackhole is withdrawn to look at the attack...
        await service.housekeeping(now: now + 3_601)
        #expect(try await blackholes.all().first { $0.prefix == "203.0.113.13/32" }?.desired == "withdraw")
        // ...which is still there: the flows show it again, and it is announced again.
        let again = FlowPipeline(collector: FlowCollectorSettings(), detectors: FlowDetectorSettings(), space: space)
        let second = try await FlowListener(pipeline: again, logger: Logger(label: "e2e")).bind("127.0.0.1:0")
        try FlowLab.replay(recording, to: second.localAddress!.port!)
        try await FlowLab.Settled(again).settle()
        let detections = again.drain(now: now * 1_000) + again.finish()
        #expect(detections.contains { $0.address == "203.0.113.13" && $0.category == "attack-target" })
        _ = await service.handle(detections, now: now + 3_700)
        #expect(try await blackholes.all().first { $0.prefix == "203.0.113.13/32" }?.desired == "announce")
        let attackTimeline = try await CaseRepository(store).timeline(caseID: attack.id).map(\.text)
        #expect(attackTimeline.contains { $0.contains("withdrawing the blackhole of 203.0.113.13/32") })
        #expect(attackTimeline.contains { $0.contains("announcing the blackhole again") })
        try? await channel.close()
        try? await second.close()

        // The Tor directory: an exit at .30 and a non-exit relay at .23 (allowed by the AUP).
        let consensus = """
            network-status-version 3
            r exit AAoQ1DAR6kkoo19hBAX5K0QztNw aaaaaaaaaaaaaaaaaaaaaaaaaaa 2026-11-01 00:00:00 203.0.113.30 9001 0
            s Exit Fast Running Valid
            p accept 80,443
            r relay AAwffNL+oHO5EdyUoWAOwvEX3ws bbbbbbbbbbbbbbbbbbbbbbbbbbb 2026-11-01 00:00:00 203.0.113.23 9001 0
            s Fast Guard Running Valid
            p reject 1-65535
            directory-footer
            """
        let file = directory.appendingPathComponent("consensus")
        try consensus.write(to: file, atomically: true, encoding: .utf8)
        let tor = await TorWatch.read([file.path], logger: Logger(label: "e2e"))
        let report = try #require(TorWatch.report(tor.exits(), space: space, now: now))
        try await StoreSensorReporter(store: store).deliver(report)
        _ = try await processor.processPending()
        _ = try await cases.assignPending(now: now)
        let torCases = try await CaseRepository(store).list(category: "tor-exit", limit: 10)
        #expect(torCases.map(\.serviceID) == ["S30"])
    }

    /// A sensor report that arrives by any other channel than the sensors' is quarantined: its
    /// trust must not be borrowed by whoever can mail or post to Bailiff.
    @Test func aSensorReportFromElsewhereIsQuarantined() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sensor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        do {
            try await store.migrate()
            try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: 0, source: "test")
            let report = SensorReport(sensor: "flows", generatedAt: 1_764_000_000, events: [
                SensorReport.Event(ip: "203.0.113.10", category: "scanning", occurredAt: 1_764_000_000, detector: "horizontal-scan", summary: "forged"),
            ])
            let stored = try await EvidenceRepository(store).store(Array(report.json().utf8), envelope: Envelope(
                channel: .http, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: "192.0.2.9", receivedAt: 1_764_000_000))
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            let analysis = try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "test")).process(sha256: stored.sha256)
            #expect(analysis.status == .parsed)  // the document itself is fine...
            let status = try await ReportRepository(store).status(sha256: stored.sha256)
            #expect(status?.status == "quarantined" && status?.reason?.contains("did not come from a sensor") == true)  // ...its channel is not
            #expect(try await ReportRepository(store).events(sha256: stored.sha256).isEmpty)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
