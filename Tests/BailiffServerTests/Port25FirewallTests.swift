import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// The port-25 ruleset in a real kernel: network namespaces made by the test, nftables in the
/// router, TCP from a customer's address to a mail server beyond it.
@Suite(.serialized) struct Port25FirewallTests {
    static var enabled: Bool { NetworkLab.isAvailable || (ProcessInfo.processInfo.environment["CI"] == "true" && getuid() == 0) }

    static let inventory = """
        record,id,name,customer,service,prefix,label,language,abuse,from
        network,,,,,192.0.2.0/24,A,,,
        network,,,,,2001:db8:a::/48,A6,,,
        customer,C1,Mailer Ltd,,,,,en,postmaster@mailer.example,
        service,S1,,C1,,,vps-1,,,
        assignment,,,,S1,192.0.2.0/25,,,,2024-01-01
        assignment,,,,S1,2001:db8:a::/64,,,,2024-01-01
        """

    @Test(.enabled(if: enabled, "needs root, ip netns and nft"))
    func port25IsClosedOpensForAnApprovedAddressAndClosesAgainWithASpamCase() async throws {
        try #require(NetworkLab.isAvailable, "needs root, ip netns and nft")
        let lab = try NetworkLab()
        defer { lab.tearDown() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-p25-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        do {
            try await exercise(store, lab, directory)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    func exercise(_ store: Store, _ lab: NetworkLab, _ directory: URL) async throws {
        try await store.migrate()
        let t0 = CaseServiceTests.t0
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: t0 - 86_400, source: "test")
        let firewall = Port25Firewall(store: store, placement: .routed, table: "bailiff", rulesetPath: directory.appendingPathComponent("port25.nft").path,
                                      applyCommand: lab.nftInRouter, logger: Logger(label: "t"))

        // Closed by default, both families; other ports pass.
        #expect(try await firewall.synchronise(force: true) == .applied(allowed: 0))
        #expect(try lab.connects(to: "198.51.100.25", port: 80))
        #expect(try lab.connects(to: "2001:db8:b::25", port: 80))
        #expect(try !lab.connects(to: "198.51.100.25", port: 25))
        #expect(try !lab.connects(to: "2001:db8:b::25", port: 25), "a v4-only rule would let mail out over IPv6")

        // Approved on request: open for that address.
        let approvals = Port25Repository(store)
        #expect(try await approvals.approve(IPAddress("192.0.2.10")!, staff: "ops", reason: "customer runs a mail server with SPF and DKIM", now: t0) == "S1")
        _ = try await approvals.approve(IPAddress("2001:db8:a::10")!, staff: "ops", reason: "customer runs a mail server with SPF and DKIM", now: t0)
        await #expect(throws: Port25Repository.Refusal.self) {
            try await approvals.approve(IPAddress("192.0.2.200")!, staff: "ops", reason: "not a customer address", now: t0)
        }
        #expect(try await firewall.synchronise() == .applied(allowed: 2))
        #expect(try await firewall.synchronise() == .unchanged(allowed: 2))
        #expect(try lab.connects(to: "198.51.100.25", port: 25))
        #expect(try lab.connects(to: "2001:db8:b::25", port: 25))

        // A broken ruleset is refused and changes nothing.
        let refusal = try firewall.load("table inet bailiff {\n  chain smtp_egress { tcp dport 25 frobnicate }\n}\n")
        #expect(refusal?.contains("refused the ruleset") == true)
        #expect(try lab.connects(to: "198.51.100.25", port: 25))
        #expect(try String(contentsOf: directory.appendingPathComponent("port25.nft"), encoding: .utf8).contains("add element inet bailiff smtp_allowed_v4 { 192.0.2.10 }"))

        // A spam case closes port 25 for the service again.
        _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.10", id: 7)])
        try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t")).assignPending(now: t0 + 60)
        let outbox = ActionOutbox(store: store, adapters: [Port25Adapter(firewall: firewall, clock: { t0 + 120 })], logger: Logger(label: "t"))
        _ = try await outbox.runOnce(now: t0 + 120)
        #expect(try !lab.connects(to: "198.51.100.25", port: 25))
        #expect(try !lab.connects(to: "2001:db8:b::25", port: 25))
        let record = try #require(try await CaseRepository(store).list().first)
        let timeline = try await CaseRepository(store).timeline(caseID: record.id)
        #expect(timeline.contains { $0.text.contains("close-port-25 done by nftables: port 25 closed for 192.0.2.10, 2001:db8:a::10") }, "\(timeline.map(\.text))")
        #expect(try await approvals.approvals().isEmpty)
    }

    /// Bridged hosts (VMs on a bridge): the `bridge` family's forward hook sees their frames;
    /// the same sets decide, over IPv4 and IPv6, and a drop (not a reset) stops the SYN.
    @Test(.enabled(if: enabled, "needs root, ip netns and nft"))
    func onABridgePort25IsDroppedUntilTheAddressIsApproved() async throws {
        try #require(NetworkLab.isAvailable, "needs root, ip netns and nft")
        let lab = try NetworkLab(bridged: true)
        defer { lab.tearDown() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-p25b-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        do {
            try await store.migrate()
            let t0 = CaseServiceTests.t0
            try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: t0 - 86_400, source: "test")
            let firewall = Port25Firewall(store: store, placement: .bridged, table: "bailiff", rulesetPath: directory.appendingPathComponent("port25.nft").path,
                                          applyCommand: lab.nftInRouter, logger: Logger(label: "t"))
            #expect(try lab.connects(to: lab.serverV4, port: 25), "before the firewall, the bridge passes everything")
            #expect(try await firewall.synchronise(force: true) == .applied(allowed: 0))
            #expect(try lab.connects(to: lab.serverV4, port: 80))
            #expect(try lab.connects(to: lab.serverV6, port: 80))
            #expect(try !lab.connects(to: lab.serverV4, port: 25))
            #expect(try !lab.connects(to: lab.serverV6, port: 25))
            try await Port25Repository(store).approve(IPAddress("192.0.2.10")!, staff: "ops", reason: "customer runs a mail server on the bridge", now: t0)
            try await Port25Repository(store).approve(IPAddress("2001:db8:a::10")!, staff: "ops", reason: "customer runs a mail server on the bridge", now: t0)
            #expect(try await firewall.synchronise() == .applied(allowed: 2))
            #expect(try lab.connects(to: lab.serverV4, port: 25))
            #expect(try lab.connects(to: lab.serverV6, port: 25))
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
