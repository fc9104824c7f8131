import BailiffCore
import BailiffNet
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// Issue 7's blocklist "done when", with rbldnsd serving the planted listings: a sweep of the
/// provider's space opens delisting cases for the right customers (IPv4 and IPv6), a provider case
/// for the listed mail relay and one for a listed range, nothing for a policy listing; the
/// customer's port 25 closes; staff attribute the relay's listing to a customer from evidence;
/// a later sweep sees the delisting; after logged time the resolution exports the fee
/// (50 € + 50 € per started hour), and a provider case charges nobody.
@Suite(.serialized, .enabled(if: BlocklistLab.available, "needs rbldnsd (apt-get install rbldnsd)"))
struct DNSBLSweepTests {
    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,role,kind,status,language,created,flags,abuse,technical,billing,references,from,until
        network,,,,,,192.0.2.0/24,AS64500 v4,,,,,,,,,,,,
        network,,,,,,2001:db8:100::/48,AS64500 v6,,,,,,,,,,,,
        infrastructure,,,,,,192.0.2.25,mx1,mail-relay,,,,,,,,,,,
        reseller,R1,Northwind Hosting,,,,,,,,,en,2020-01-01,,abuse@northwind.example,,,,,
        customer,C1,Kask & Partners,R1,,,,,,,,en,2020-01-01,,ops@kask.example,,,,,
        customer,C2,Tamm OÜ,,,,,,,,,en,2020-01-01,,admin@tamm.example,,,,,
        service,S10,,,C1,,,vps-10,,vps,active,,,,,,,,,
        service,S11,,,C2,,,vps-11,,vps,active,,,,,,,,,
        service,S20,,,C2,,,vps-v6,,vps,active,,,,,,,,,
        assignment,,,,,S10,192.0.2.10/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S11,192.0.2.11/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S20,2001:db8:100::20/128,,,,,,,,,,,,2020-01-01,
        """

    /// One list with the three classes of code: abuse, policy (like Spamhaus PBL) and
    /// neighbourhood (like UCEPROTECT level 2).
    static let list = DNSBLList(name: "sweep", zone: "sweep.bl", ipv4: true, ipv6: true, codes: [
        .init(0x7F00_0002, .abuse, "spam source"), .init(0x7F00_000A, .policy, "dynamic range, should not send directly"),
        .init(0x7F00_0014, .neighbourhood, "the range is listed"),
    ], delistURL: "https://sweep.bl.test/remove", enabled: true)

    static let listedV4 = """
        :127.0.0.2:Spam source, see https://sweep.bl.test/lookup?ip=$
        127.0.0.2
        192.0.2.10
        192.0.2.25
        192.0.2.11 :127.0.0.10:Dynamic range
        192.0.2.40 :127.0.0.20:Range listed for spam
        192.0.2.41 :127.0.0.20:Range listed for spam
        """
    static let listedV6 = """
        :127.0.0.2:IPv6 spam source $
        ::ffff:7f00:2/128
        2001:db8:100::20/128
        """

    @Test(arguments: CaseBackend.available)
    func aSweepOpensTheRightCasesAndTheDelistingIsBilled(backend: CaseBackend) async throws {
        let lab = try BlocklistLab(files: ["sweep.ip4": Self.listedV4, "sweep.ip6": Self.listedV6],
                                   zones: ["sweep.bl:ip4set:sweep.ip4", "sweep.bl:ip6trie:sweep.ip6"])
        try await backend.withDatabase { open in
            let store = try await open()
            do { try await run(store, lab) } catch { await store.shutdown(); throw error }
            await store.shutdown()
        }
    }

    func run(_ store: Store, _ lab: BlocklistLab) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let logger = Logger(label: "sweep")
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: now - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: now - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: logger)
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        let processor = ReportProcessor(store: store, table: { table }, logger: logger)
        // S10 had port 25 opened on request.
        try await Port25Repository(store).approve(IPAddress("192.0.2.10")!, staff: "alice", reason: "customer runs its own mail server", now: now - 3_600)

        var options = DNSClient.Options()
        options.timeout = .seconds(2)
        let sweeper = DNSBLSweeper(store: store, lists: [Self.list], server: .init(host: "127.0.0.1", port: lab.port), options: options, window: 32,
                                   maximumAddresses: 1_000, table: { table }, policies: { try await policies.history() },
                                   reporter: StoreSensorReporter(store: store), registry: nil, logger: logger)

        // The space: 256 IPv4 addresses and the assigned IPv6 one.
        let targets = try await DNSBLSweeper.targets(store, maximum: 1_000, now: now, logger: logger)
        #expect(targets.count == 257 && targets.contains(IPAddress("2001:db8:100::20")!))

        let first = try await sweeper.sweep(trigger: "test", now: now)
        #expect(first.addresses == 257 && first.queries == 257 && first.unknown == 0 && first.unusable.isEmpty)
        #expect(Set(first.appeared.map(\.address.description)) == ["192.0.2.10", "192.0.2.25", "192.0.2.11", "192.0.2.40", "192.0.2.41", "2001:db8:100::20"])
        #expect(first.customerListings == 2)
        #expect(first.providerCases.count == 2, "the relay, and the range 192.0.2.0/24 once for both of its addresses")

        // A list's daily budget counts today's sweeps, whichever process ran them: 257 queries,
        // 4 test points and 6 TXT reasons are spent, so a budget of 500 has no room for another.
        var budgeted = Self.list
        budgeted.dailyBudget = 500
        let frugal = DNSBLSweeper(store: store, lists: [budgeted], server: .init(host: "127.0.0.1", port: lab.port), options: options, window: 32,
                                  maximumAddresses: 1_000, table: { table }, policies: { try await policies.history() },
                                  reporter: StoreSensorReporter(store: store), registry: nil, logger: logger)
        let skipped = try await frugal.sweep(trigger: "test", now: now + 60)
        #expect(skipped.queries == 0 && skipped.unusable["sweep"]?.contains("233 of the list's 500 a day are left") == true, "\(skipped.unusable)")
        #expect(try await frugal.sweep(only: [IPAddress("192.0.2.99")!], trigger: "test", now: now + 61).queries == 1, "a check of one address still fits")

        _ = try await processor.processPending()
        _ = try await cases.assignPending(now: now)
        let repository = CaseRepository(store)
        let opened = try await repository.list(category: "blocklisted", limit: 20)
        #expect(Set(opened.map(\.serviceID)) == ["S10", "S20", ProviderCase.holder], "no case for the policy listing of S11")
        let s10 = try #require(opened.first { $0.serviceID == "S10" })
        #expect(s10.customerID == "C1" && s10.clause == "blocklisting")
        let intents = try await repository.intents(caseID: s10.id).map(\.action)
        #expect(intents.contains("notify") && intents.contains("close-port-25"))
        let s10Events = try await repository.timeline(caseID: s10.id).map(\.text).joined(separator: "\n")
        #expect(s10Events.contains("sensor:dnsbl"))

        // The provider cases: the relay's and the range's, with the listing on their timelines.
        let providerCases = opened.filter { $0.serviceID == ProviderCase.holder }
        #expect(providerCases.count == 2 && providerCases.allSatisfy { $0.status == CaseStatus.open.rawValue && $0.deadline == nil })
        var relayCase: Int64?
        for record in providerCases {
            let text = try await repository.timeline(caseID: record.id).map(\.text).joined(separator: "\n")
            if text.contains("192.0.2.25 listed on sweep") {
                relayCase = record.id
                #expect(text.contains("mail-relay mx1") && text.contains("delisting: https://sweep.bl.test/remove"))
            } else {
                #expect(text.contains("192.0.2.40 listed") && text.contains("192.0.2.41 listed") && text.contains("192.0.2.0/24"))
            }
        }
        let relay = try #require(relayCase)

        // S10's port 25 closes through the nftables adapter (the ruleset checked by nft -c when present).
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nft = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") ? ["/usr/sbin/nft", "-c", "-f"] : ["/bin/true"]
        let firewall = Port25Firewall(store: store, placement: .routed, table: "bailiff", rulesetPath: directory.appendingPathComponent("port25.nft").path,
                                      applyCommand: nft, logger: logger)
        _ = try await ActionOutbox(store: store, adapters: [Port25Adapter(firewall: firewall)], logger: logger).runOnce(now: now)
        #expect(try await Port25Repository(store).approvals().isEmpty)
        let ruleset = try String(contentsOf: directory.appendingPathComponent("port25.nft"), encoding: .utf8)
        #expect(!ruleset.contains("192.0.2.10") && ruleset.contains("tcp dport 25 counter reject"))

        // Staff attribute the relay's listing to S11 (its mail went out through the relay).
        await #expect(throws: BlocklistRepository.AttributionRefusal.self) {
            try await BlocklistRepository(store).attribute(providerCaseID: s10.id, to: "S11", staff: "alice", evidence: "relay log lines show S11 sending", now: now + 60)
        }
        await #expect(throws: BlocklistRepository.AttributionRefusal.self) {
            try await BlocklistRepository(store).attribute(providerCaseID: relay, to: "S11", staff: "alice", evidence: "trust me", now: now + 60)
        }
        try await BlocklistRepository(store).attribute(providerCaseID: relay, to: "S11", staff: "alice",
                                                       evidence: "mx1 relay log: 40,000 messages from S11 (192.0.2.11) in the hour before the listing", now: now + 60)
        _ = try await cases.assignPending(now: now + 60)
        let s11 = try #require(try await repository.list(category: "blocklisted", customerID: "C2", limit: 10).first { $0.serviceID == "S11" })
        #expect(try await repository.intents(caseID: s11.id).map(\.action).contains("notify"))
        #expect(try await repository.find(id: relay)?.status == CaseStatus.resolved.rawValue)

        // The same listings again: nothing new. Then S10 is delisted, and the next sweep sees it.
        let second = try await sweeper.sweep(trigger: "test", now: now + 3_600)
        #expect(second.appeared.isEmpty && second.delisted == 0 && second.listed == 6)
        try lab.replace("sweep.ip4", with: Self.listedV4.replacingOccurrences(of: "192.0.2.10\n", with: ""))
        let third = try await sweeper.sweep(trigger: "test", now: now + 7_200)
        #expect(third.appeared.isEmpty && third.delisted == 1)
        let history = try await BlocklistRepository(store).listings(address: IPAddress("192.0.2.10")!)
        #expect(history.count == 1 && history[0].delistedAt == now + 7_200 && history[0].listedSince == now && history[0].serviceID == "S10")
        #expect(try await repository.timeline(caseID: s10.id).contains { $0.kind == "delisted" && $0.text.contains("192.0.2.10 is no longer listed on sweep") })

        // 61 minutes of staff time: 50 € + 2 started hours × 50 € = 150 €, non-refundable, and billed.
        try await cases.logTime(caseID: s10.id, staff: "alice", minutes: 45, note: "delisting request filed", now: now + 7_300)
        try await cases.logTime(caseID: s10.id, staff: "alice", minutes: 16, note: "follow-up with the list", now: now + 7_400)
        try await cases.resolve(caseID: s10.id, staff: "alice", statement: "customer removed the compromised mailer and the list delisted the address", now: now + 7_500)
        let lines = try await ChargeRepository(store).export(since: now).filter { $0.kind == "delisting" }
        #expect(lines.count == 1 && lines[0].caseID == s10.id && lines[0].customerID == "C1" && lines[0].amountMinor == 15_000
            && lines[0].currency == "EUR" && lines[0].nonRefundable)
        #expect(try await repository.intents(caseID: s10.id).map(\.action).contains("bill"))

        // The range's provider case resolves without a charge.
        let range = try #require(providerCases.first { $0.id != relay })
        try await cases.logTime(caseID: range.id, staff: "alice", minutes: 30, note: "asked the list about the range", now: now + 7_600)
        try await cases.resolve(caseID: range.id, staff: "alice", statement: "the list removed the range after our request", now: now + 7_700)
        #expect(try await ChargeRepository(store).export(since: now).filter { $0.kind == "delisting" }.count == 1)
    }
}
