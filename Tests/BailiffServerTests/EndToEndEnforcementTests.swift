import BailiffAudit
import BailiffCore
import BailiffReports
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import SQLKit
import Testing
import Vapor

/// Issue 5's "done when", with every peer real or standing in exactly: reports from the shared
/// corpus about one customer's VPS become cases; the notice reaches an SMTP server (customer and
/// reseller); the customer's reply joins the case; the suspension reaches the panel (WHMCS); a
/// blackhole is announced to and withdrawn from a BGP receiver; port 25 is blocked and allowed in
/// a network namespace; the delisting charge is exported — and all of it is on the timelines and
/// in an intact audit log.
@Suite(.serialized) struct EndToEndEnforcementTests {
    static var enabled: Bool { SMTPSink.enabled && BGPLab.enabled && (NetworkLab.isAvailable || ProcessInfo.processInfo.environment["CI"] == "true") }

    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,language,abuse,references,from
        network,,,,,,10.0.0.0/8,AS64500 customers,,,,
        network,,,,,,2001:db8:a::/48,AS64500 v6,,,,
        reseller,R1,Northwind Hosting,,,,,,en,abuse@northwind.example,,
        customer,C1,Kask & Partners,R1,,,,,en,ops@kask.example,,
        service,S1,,,C1,,,vps-7,,,whmcs.service_id=4711,
        assignment,,,,,S1,10.0.2.0/24,,,,,2010-01-01
        assignment,,,,,S1,2001:db8:a::/64,,,,,2010-01-01
        """

    static func corpusMail(_ path: String) throws -> [UInt8] {
        let root = try #require(SharedCorpus.root, "shared/corpus not found; set BAILIFF_TEST_CORPUS")
        return Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func handWritten(_ subject: String, _ body: String) -> [UInt8] {
        Array("From: NOC <noc@upstream.example>\r\nSubject: \(subject)\r\nDate: Mon, 02 Mar 2026 09:30:00 +0000\r\n\r\n\(body)\r\n".utf8)
    }

    @Test(.enabled(if: enabled, "needs python3-aiosmtpd, openssl, exabgp, gobgpd, root and ip netns"))
    func aCustomersCasesRunEndToEnd() async throws {
        try #require(SMTPSink.isAvailable && BGPLab.isAvailable && NetworkLab.isAvailable, "needs python3-aiosmtpd, openssl, exabgp, gobgpd, root and ip netns")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try await Store(.sqlite(path: directory.appendingPathComponent("bailiff.sqlite").path))
        let whmcsState = PanelAdapterTests.WHMCSState()
        let (whmcs, whmcsPort) = try await PanelAdapterTests.peer(PanelAdapterTests.whmcs(whmcsState))
        do {
            try await run(store, directory, whmcsState, whmcsPort)
        } catch {
            await whmcs.server.shutdown(); try await whmcs.asyncShutdown(); await store.shutdown()
            Issue.record("the peers' logs are in \(directory.path)")
            throw error
        }
        await whmcs.server.shutdown()
        try await whmcs.asyncShutdown()
        await store.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ store: Store, _ directory: URL, _ whmcsState: PanelAdapterTests.WHMCSState, _ whmcsPort: Int) async throws {
        let t0 = CaseServiceTests.t0
        try await store.migrate()
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "e2e"))

        // The peers.
        let sink = try SMTPSink()
        defer { sink.stop() }
        let network = try NetworkLab(customerV4: "10.0.2.2", gatewayV4: "10.0.2.1")
        defer { network.tearDown() }
        let bgp = try BGPLab(directory: directory)
        defer { bgp.stop() }
        let firewall = Port25Firewall(store: store, placement: .routed, table: "bailiff", rulesetPath: directory.appendingPathComponent("port25.nft").path,
                                      applyCommand: network.nftInRouter, logger: Logger(label: "e2e"))
        let relay = SMTPRelay(host: "localhost", port: sink.currentPort, caFile: sink.certificate, username: SMTPSink.user, password: SMTPSink.password,
                              heloName: "bailiff.test", timeoutSeconds: 60)
        let identity = MailIdentity(providerName: "Example Hosting", abuseMailbox: "abuse@provider.example", aupURL: "https://provider.example/aup", messageIDHost: "provider.example")
        let clock = Clock(t0)
        let outbox = ActionOutbox(store: store, adapters: [
            NoticeMailer(store: store, policies: { try await policies.history() }, composer: NoticeComposer(templates: try NoticeTemplateSet(), identity: identity),
                         client: SMTPClient(relay: relay), clock: { clock.now }),
            WHMCSAdapter(url: "http://127.0.0.1:\(whmcsPort)/includes/api.php", identifier: "bailiff-api-id", secret: "bailiff-api-secret", actions: ["suspend", "unsuspend", "bill"]),
            BlackholeAdapter(store: store, clock: { clock.now }),
            Port25Adapter(firewall: firewall, clock: { clock.now }),
        ], logger: Logger(label: "e2e"))

        // Port 25: closed by default; the customer asked, staff approved, it opens.
        #expect(try await firewall.synchronise(force: true) == .applied(allowed: 0))
        #expect(try !network.connects(to: "198.51.100.25", port: 25))
        try await Port25Repository(store).approve(IPAddress("10.0.2.2")!, staff: "ops", reason: "customer runs its own mail server", now: t0 - 3_600)
        #expect(try await firewall.synchronise() == .applied(allowed: 1))
        #expect(try network.connects(to: "198.51.100.25", port: 25))

        // Reports from the corpus, and two from an upstream's NOC, arrive by LMTP.
        let evidence = EvidenceRepository(store)
        let reports = [
            try Self.corpusMail("AbuseIO/extra/notifier-samples/projecthoneypot/Projecthoneypot_Example_free_1.eml"),
            try Self.corpusMail("AbuseIO/extra/notifier-samples/netcraft/Netcraft_Example_1.eml"),
            Self.handWritten("DDoS against your customer", "Your customer 10.0.2.2 is under attack: 40 Gbit/s of UDP floods since 09:20 UTC."),
            Self.handWritten("Listing of your address", "Your address 10.0.2.2 is listed on our DNS blocklist since 2026-03-01 08:00 UTC."),
        ]
        for report in reports {
            _ = try await evidence.store(report, envelope: Envelope(channel: .lmtp, mailFrom: "reports@example.org", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: t0))
        }
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        let processor = ReportProcessor(store: store, table: { table }, logger: Logger(label: "e2e"))
        _ = try await processor.processPending()
        try await cases.assignPending(now: t0)
        let all = try await CaseRepository(store).list()
        func find(_ category: String) throws -> CaseRepository.CaseRecord { try #require(all.first { $0.category == category }, "no \(category) case in \(all.map(\.category))") }
        let spam = try find("spam"), malware = try find("malware"), attack = try find("attack-target"), listed = try find("blocklisted")

        // The first round: the attack's notice at once (urgent), port 25 closed, the attacked
        // address null-routed; the other notices wait for the customer's hourly digest.
        clock.now = t0 + 60
        _ = try await outbox.runOnce(now: clock.now)
        let urgent = try sink.messages().map { try MIMEParser.parse($0).get() }
        #expect(urgent.count == 1 && urgent.first?.subject?.contains(attack.token) == true, "\(urgent.map(\.subject))")
        clock.now = t0 + 3_600
        _ = try await outbox.runOnce(now: clock.now)
        let notices = try sink.messages().map { try MIMEParser.parse($0).get() }
        #expect(notices.count == 2, "one digest for the three non-urgent notices")
        let spamNotice = try #require(notices.first { $0.root.headers["x-bailiff-case"]?.contains(spam.token) == true && $0.root.headers["x-bailiff-case"]?.contains(malware.token) == true })
        #expect(spamNotice.subject == "[Example Hosting abuse] 3 notices about your services")
        #expect(Set(spamNotice.root.headers["x-sink-rcpt-to"]?.split(separator: ",").map(String.init) ?? []) == ["ops@kask.example", "abuse@northwind.example"])
        #expect(spamNotice.textBody?.contains("clause \"") == true && spamNotice.textBody?.contains("version 2026.1") == true)
        #expect(spamNotice.textBody?.contains("abuse+\(malware.token)@provider.example") == true && spamNotice.textBody?.contains("abuse+\(listed.token)@provider.example") == true)
        if ProcessInfo.processInfo.environment["BAILIFF_PRINT_NOTICE"] != nil, let first = try sink.messages().first {
            print(String(decoding: first, as: UTF8.self))
        }
        #expect(try !network.connects(to: "198.51.100.25", port: 25), "the spam case closed port 25 again")
        try await waitFor("the blackhole at the receiver") { try bgp.route("10.0.2.2/32") != nil }
        #expect(Set(try #require(try bgp.route("10.0.2.2/32")).communities) == [0xFFFF_029A, 0xFFFF_FF01])

        // The customer replies to the spam notice; the reply joins the case.
        let reply = Array("""
            From: Kask Ops <ops@kask.example>\r
            To: abuse+\(spam.token)@provider.example\r
            Subject: Re: [Example Hosting abuse \(spam.token)] the spam notice\r
            In-Reply-To: <\(spamNotice.messageID ?? "")>\r
            \r
            We found a compromised WordPress plugin sending mail and removed it.\r

            """.utf8)
        _ = try await evidence.store(reply, envelope: Envelope(channel: .lmtp, mailFrom: "ops@kask.example", recipients: ["abuse+\(spam.token)@provider.example"],
                                                               clientAddress: nil, receivedAt: t0 + 4_000))
        _ = try await processor.processPending()
        #expect(try await CaseRepository(store).timeline(caseID: spam.id).contains { $0.kind == "reply" && $0.text.contains("ops@kask.example") })
        // A reply to the digest itself (to the plain abuse address) joins the oldest of its cases.
        let digestReply = Array("From: Kask Finance <finance@kask.example>\r\nTo: abuse@provider.example\r\nSubject: Re: \(spamNotice.subject ?? "")\r\nIn-Reply-To: <\(spamNotice.messageID ?? "")>\r\n\r\nWe are looking into all three.\r\n".utf8)
        _ = try await evidence.store(digestReply, envelope: Envelope(channel: .lmtp, mailFrom: "finance@kask.example", recipients: ["abuse@provider.example"],
                                                                     clientAddress: nil, receivedAt: t0 + 4_100))
        _ = try await processor.processPending()
        let oldest = [spam, malware, listed].min { $0.id < $1.id }!
        #expect(try await CaseRepository(store).timeline(caseID: oldest.id).contains { $0.kind == "reply" && $0.text.contains("finance@kask.example") })
        #expect(try await CaseRepository(store).list().count == all.count, "the reply opened no case")

        // The malware case's deadline passes: the suspension reaches the panel.
        clock.now = t0 + 26 * 3_600
        try await cases.runDue(now: clock.now)
        _ = try await outbox.runOnce(now: clock.now)
        #expect(await whmcsState.status == "Suspended")
        // The suspension's notice (urgent: at once) threads below the digest that warned of it.
        let suspensionNotice = try #require(try sink.messages().map { try MIMEParser.parse($0).get() }
            .first { $0.root.headers["x-bailiff-case"] == malware.token && $0.textBody?.contains("your service is suspended") == true })
        #expect(suspensionNotice.inReplyTo == [try #require(spamNotice.messageID)])
        #expect(try await CaseRepository(store).intents(caseID: malware.id).contains { $0.action == "suspend" && $0.status == "done" })

        // The attack is over: staff resolve, the route is withdrawn.
        try await cases.resolve(caseID: attack.id, staff: "noc", statement: "the flood stopped at 10:15 UTC; upstream filters removed", now: clock.now)
        _ = try await outbox.runOnce(now: clock.now)
        try await waitFor("the withdrawal at the receiver") { try bgp.route("10.0.2.2/32") == nil }

        // The listing is removed after an hour of staff work: 50 € + 50 €/hour, non-refundable, exported and billed.
        try await cases.logTime(caseID: listed.id, staff: "ops", minutes: 60, note: "delisting requests to the blocklist", now: clock.now)
        try await cases.resolve(caseID: listed.id, staff: "ops", statement: "delisted after the customer's mailer was fixed", now: clock.now)
        _ = try await outbox.runOnce(now: clock.now)
        let exported = try await ChargeRepository(store).export(since: t0)
        #expect(exported.contains { $0.caseID == listed.id && $0.kind == "delisting" && $0.amountMinor == 10_000 && $0.nonRefundable })
        #expect(await whmcsState.calls.contains { $0["action"] == "AddBillableItem" && $0["amount"] == "100.00" })

        // Everything is on the timelines, and the audit log is intact and holds it.
        let spamTimeline = try await CaseRepository(store).timeline(caseID: spam.id).map(\.text)
        #expect(spamTimeline.contains { $0.contains("notify done by mail") && $0.contains("reseller copy to abuse@northwind.example") })
        #expect(spamTimeline.contains { $0.contains("close-port-25 done by nftables: port 25 closed for 10.0.2.2") })
        #expect(try await CaseRepository(store).timeline(caseID: malware.id).contains { $0.text.contains("suspend done by whmcs") })
        let attackTimeline = try await CaseRepository(store).timeline(caseID: attack.id).map(\.text)
        try await waitFor("the BGP confirmations on the timeline", seconds: 10) {
            let texts = try await CaseRepository(store).timeline(caseID: attack.id).map(\.text)
            return texts.contains { $0.hasPrefix("announced 10.0.2.2/32") } && texts.contains { $0.hasPrefix("withdrew 10.0.2.2/32") }
        }
        #expect(attackTimeline.contains { $0.contains("blackhole done by bgp") })
        #expect(try await CaseRepository(store).timeline(caseID: listed.id).contains { $0.text.contains("bill done by whmcs") })
        #expect(try await AuditLog.verify(store, anchors: []).isIntact)
        let audited = try await AuditLog.entries(store, limit: 100_000).map(\.action)
        for action in ["case.action", "case.reply", "case.bgp", "port25.approve", "port25.revoke"] {
            #expect(audited.contains(action), "no \(action) in the audit log")
        }
    }

    /// The time the test's adapters see.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int64
        init(_ value: Int64) { self.value = value }
        var now: Int64 {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }
}
