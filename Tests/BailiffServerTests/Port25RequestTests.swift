import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// Issue 7's port-25 workflow end to end, with reverse DNS from dnsmasq: requests the rules
/// approve at once (the address joins the nftables allow-list, checked by `nft -c`), requests that
/// wait for staff (a generic or missing reverse name, a young account, a confirmed spam case) and
/// one refused (a suspended service); someone else's address is refused without saying whose;
/// staff approve from the queue; a spam case closes the port again; each address keeps its history.
@Suite(.serialized, .enabled(if: ReverseDNSLab.available, "needs dnsmasq (apt-get install dnsmasq-base)"))
struct Port25RequestTests {
    static let t0 = CaseServiceTests.t0

    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,role,kind,status,language,created,flags,abuse,technical,billing,references,from,until
        network,,,,,,192.0.2.0/24,AS64500 v4,,,,,,,,,,,,
        customer,C1,Kask & Partners,,,,,,,,,en,2020-01-01,,ops@kask.example,,,,,
        customer,C2,New Start OÜ,,,,,,,,,en,2026-02-25,,ops@new.example,,,,,
        customer,C3,Bulk Sender Ltd,,,,,,,,,en,2020-01-01,,ops@bulk.example,,,,,
        service,S10,,,C1,,,mail,,vps,active,,,,,,,,,
        service,S11,,,C1,,,web-1,,vps,active,,,,,,,,,
        service,S12,,,C1,,,web-2,,vps,active,,,,,,,,,
        service,S20,,,C2,,,vps,,vps,active,,,,,,,,,
        service,S30,,,C3,,,mta,,vps,active,,,,,,,,,
        service,S40,,,C1,,,old,,vps,suspended,,,,,,,,,
        assignment,,,,,S10,192.0.2.10/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S11,192.0.2.11/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S12,192.0.2.12/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S20,192.0.2.20/32,,,,,,,,,,,,2026-02-25,
        assignment,,,,,S30,192.0.2.30/32,,,,,,,,,,,,2020-01-01,
        assignment,,,,,S40,192.0.2.40/32,,,,,,,,,,,,2020-01-01,
        """

    @Test(arguments: CaseBackend.available)
    func requestsAreDecidedExplainedReviewedAndClosedAgain(backend: CaseBackend) async throws {
        let dns = try ReverseDNSLab([
            "192.0.2.10": "mail.kask.example", "192.0.2.11": "192-0-2-11.pool.provider.example", "192.0.2.20": "mx.new.example",
            "192.0.2.30": "mta.bulk.example", "192.0.2.40": "old.kask.example",
        ])
        try await backend.withDatabase { open in
            let store = try await open()
            do { try await run(store, dns) } catch { await store.shutdown(); throw error }
            await store.shutdown()
        }
    }

    func run(_ store: Store, _ dns: ReverseDNSLab) async throws {
        let t0 = Self.t0
        let logger = Logger(label: "port25")
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: logger)
        // C3 was reported for spam by a trusted feed last week: a confirmed case.
        try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.30", id: 1)])
        _ = try await cases.assignPending(now: t0 - 7 * 86_400)
        let c3 = try await CaseRepository(store).list(customerID: "C3").first
        #expect(c3?.status == CaseStatus.awaitingCustomer.rawValue, "\(String(describing: c3))")

        let service = Port25RequestService(store: store, rules: Port25RequestRules(), resolver: .init(host: "127.0.0.1", port: dns.port))
        let purpose = "Postfix for our own domain, HELO mail.kask.example, SPF and DKIM set"
        func submit(_ address: String, _ requester: Port25RequestService.Requester, at: Int64 = t0) async throws -> Port25Repository.Request {
            try await service.submit(address: IPAddress(address)!, purpose: purpose, by: requester, now: at)
        }

        // Every condition holds: approved at once, explained, and open.
        let approved = try await submit("192.0.2.10", .customer("C1"))
        #expect(approved.status == .approved && approved.reverseDNS == "mail.kask.example" && approved.decidedBy == "policy")
        #expect(approved.explanation.hasPrefix("Port 25 is opened") && approved.explanation.contains("✓ reverse DNS: the address resolves to mail.kask.example"))
        #expect(try await Port25Repository(store).isOpen(IPAddress("192.0.2.10")!))

        // Each failed condition sends the request to staff, saying which.
        let generic = try await submit("192.0.2.11", .customer("C1"))
        #expect(generic.status == .pendingReview && generic.explanation.contains("✗ reverse DNS: 192-0-2-11.pool.provider.example is a generic name"))
        let nameless = try await submit("192.0.2.12", .customer("C1"))
        #expect(nameless.status == .pendingReview && nameless.reverseDNS == "(none)" && nameless.explanation.contains("✗ reverse DNS: the address has no reverse DNS name"))
        let young = try await submit("192.0.2.20", .customer("C2"))
        #expect(young.status == .pendingReview && young.explanation.contains("✗ account age: the account is 5 days old; automatic approval needs 30"))
        let reported = try await submit("192.0.2.30", .customer("C3"))
        #expect(reported.status == .pendingReview && reported.explanation.contains("✗ standing: confirmed spam or blocklisting cases in the last 180 days: #1 spam (awaiting-customer)"))
        // A suspended service is refused outright.
        let suspended = try await submit("192.0.2.40", .customer("C1"))
        #expect(suspended.status == .refused && suspended.explanation.contains("✗ service: the service is suspended"))

        // Someone else's address, a repeated request, an open address, no purpose: nothing is filed.
        let before = try await Port25Repository(store).requests().count
        await #expect(throws: Port25RequestService.Rejection.self) { try await submit("192.0.2.10", .customer("C2")) }
        do { _ = try await submit("192.0.2.10", .customer("C2")) } catch let rejection as Port25RequestService.Rejection {
            #expect(rejection.notTheirs && !rejection.description.contains("C1"))
        }
        await #expect(throws: Port25RequestService.Rejection.self) { try await submit("192.0.2.11", .customer("C1")) }
        await #expect(throws: Port25RequestService.Rejection.self) { try await submit("192.0.2.10", .customer("C1")) }
        await #expect(throws: Port25RequestService.Rejection.self) {
            try await service.submit(address: IPAddress("192.0.2.12")!, purpose: "mail", by: .staff(actor: "staff:alice"), now: t0)
        }
        #expect(try await Port25Repository(store).requests().count == before)

        // Automatic approval off: even a clean request waits.
        var strict = Port25RequestRules()
        strict.automaticApproval = false
        let staffOnly = Port25RequestService(store: store, rules: strict, resolver: nil)
        try await Port25Repository(store).revoke(IPAddress("192.0.2.10")!, actor: "staff:alice", because: "test of strict rules", now: t0 + 1)
        #expect(try await staffOnly.submit(address: IPAddress("192.0.2.10")!, purpose: purpose, by: .customer("C1"), now: t0 + 2).status == .pendingReview)

        // Staff decide from the queue: the reason goes to the customer; a decided request stays decided.
        let repository = Port25Repository(store)
        #expect(try await repository.requests(status: .pendingReview).count == 5)
        await #expect(throws: Port25Repository.Refusal.self) { try await repository.decide(requestID: generic.id, approve: true, staff: "alice", reason: "ok", now: t0 + 60) }
        let decided = try await repository.decide(requestID: generic.id, approve: true, staff: "alice", reason: "the customer set a proper name; checked by hand", now: t0 + 60)
        #expect(decided.status == .approved && decided.decidedBy == "staff:alice" && decided.explanation.hasSuffix("Approved by the abuse team: the customer set a proper name; checked by hand"))
        await #expect(throws: Port25Repository.Refusal.self) {
            try await repository.decide(requestID: generic.id, approve: false, staff: "bob", reason: "changed my mind about it", now: t0 + 61)
        }
        _ = try await repository.decide(requestID: young.id, approve: false, staff: "alice", reason: "new accounts wait one month first", now: t0 + 62)
        #expect(try await !repository.isOpen(IPAddress("192.0.2.20")!))

        // The allow-list the nftables adapter renders holds exactly the open addresses.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("port25-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nft = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") ? ["/usr/sbin/nft", "-c", "-f"] : ["/bin/true"]
        let firewall = Port25Firewall(store: store, placement: .routed, table: "bailiff", rulesetPath: directory.appendingPathComponent("port25.nft").path,
                                      applyCommand: nft, logger: logger)
        #expect(try await firewall.synchronise(force: true) == .applied(allowed: 1))
        #expect(try String(contentsOf: directory.appendingPathComponent("port25.nft"), encoding: .utf8).contains("add element inet bailiff smtp_allowed_v4 { 192.0.2.11 }"))

        // A spam complaint about .11 closes the port again, through the adapter, with the case's notice.
        try await CaseServiceTests.ingest(store, [CaseServiceTests.arf(from: "feeds@abuse.ch", ip: "192.0.2.11", id: 2)])
        _ = try await cases.assignPending(now: t0 + 120)
        let spam = try #require(try await CaseRepository(store).list(category: "spam", customerID: "C1").first)
        #expect(try await CaseRepository(store).intents(caseID: spam.id).map(\.action).contains("notify"))
        _ = try await ActionOutbox(store: store, adapters: [Port25Adapter(firewall: firewall, clock: { t0 + 180 })], logger: logger).runOnce(now: t0 + 180)
        #expect(try await !repository.isOpen(IPAddress("192.0.2.11")!))
        #expect(try !String(contentsOf: directory.appendingPathComponent("port25.nft"), encoding: .utf8).contains("192.0.2.11"))

        // The address's history: asked, waited, approved, opened, closed by the case.
        let history = try await repository.history(IPAddress("192.0.2.11")!)
        #expect(history.map(\.kind) == ["requested", "approved", "opened", "closed"], "\(history)")
        #expect(history.last?.text == "case \(spam.id) closed port 25")
        #expect(history[1].actor == "staff:alice" && history[0].actor == "customer:C1")

        // Two requests for one address at the same moment: one waits, the other is told so.
        async let first = try? submit("192.0.2.20", .customer("C2"), at: t0 + 300)
        async let second = try? submit("192.0.2.20", .customer("C2"), at: t0 + 300)
        let filed = await [first, second].compactMap { $0 }
        #expect(filed.count == 1, "\(filed)")
        #expect(try await repository.requests(status: .pendingReview).filter { $0.address == IPAddress("192.0.2.20")! }.count == 1)
    }
}
