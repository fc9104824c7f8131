import BailiffCore
import BailiffReports
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import SQLKit
import Testing

/// Notices from case to inbox: a real SMTP server (python3-aiosmtpd) receives them.
@Suite(.serialized) struct NoticeMailerTests {
    static let t0 = CaseServiceTests.t0

    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,language,abuse,technical,from
        network,,,,,,192.0.2.0/24,A,,,,
        reseller,R1,Northwind Hosting,,,,,,en,abuse@northwind.example,,
        customer,C1,Jürgen Müller,R1,,,,,de,juergen@kunde.example;reject-old@kunde.example,,
        customer,C2,Other Customer,,,,,,en,,ops@other.example,
        customer,C3,Gone Away,,,,,,en,reject-a@gone.example;reject-b@gone.example,,
        service,S1,,,C1,,,vps-1,,,,
        service,S2,,,C2,,,vps-2,,,,
        service,S3,,,C3,,,vps-3,,,,
        assignment,,,,,S1,192.0.2.0/26,,,,,2024-01-01
        assignment,,,,,S2,192.0.2.192/26,,,,,2024-01-01
        assignment,,,,,S3,192.0.2.64/26,,,,,2024-01-01
        """

    /// An ARF report from a trusted feed; the reported message's subject names a third party's
    /// address and another customer's IP, which the notice must not show.
    static func arf(ip: String, id: Int, category: String = "abuse") -> [UInt8] {
        Array("""
            From: feeds@abuse.ch\r
            Subject: complaint \(id)\r
            Message-ID: <arf-\(id)@abuse.ch>\r
            Content-Type: multipart/report; report-type=feedback-report; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            A complaint.\r
            --b\r
            Content-Type: message/feedback-report\r
            \r
            Feedback-Type: \(category)\r
            User-Agent: FBL/2.0\r
            Version: 1\r
            Source-IP: \(ip)\r
            Arrival-Date: Mon, 02 Mar 2026 09:00:00 +0000\r
            \r
            --b\r
            Content-Type: message/rfc822\r
            \r
            From: offers@\(ip).example\r
            To: victim@mail.example\r
            Subject: Cheap pills for victim@mail.example, also from 192.0.2.200\r
            \r
            Buy now.\r
            --b--\r

            """.utf8)
    }

    static func prepare(_ store: Store, _ reports: [[UInt8]]) async throws -> CaseService {
        try await InventoryRepository(store).importInventory(ServerTests.document(inventory), mode: .history, now: t0 - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let service = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "test"))
        try await CaseServiceTests.ingest(store, reports)
        try await service.assignPending(now: t0)
        return service
    }

    static let identity = MailIdentity(providerName: "Example Hosting", abuseMailbox: "abuse@provider.example",
                                       aupURL: "https://provider.example/aup", messageIDHost: "provider.example")

    /// The test's sink as the relay: STARTTLS with its certificate, AUTH.
    static func relay(_ sink: SMTPSink) -> SMTPRelay {
        SMTPRelay(host: "localhost", port: sink.currentPort, security: .starttls, caFile: sink.certificate,
                  username: SMTPSink.user, password: SMTPSink.password, heloName: "bailiff.test", timeoutSeconds: 60)
    }

    static func mailer(_ store: Store, _ sink: SMTPSink, now: Int64) throws -> NoticeMailer {
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        return NoticeMailer(store: store, policies: { try await policies.history() },
                            composer: NoticeComposer(templates: try NoticeTemplateSet(), identity: identity), client: SMTPClient(relay: relay(sink)), clock: { now })
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing: apt-get install python3-aiosmtpd openssl"), arguments: CaseBackend.available)
    func theCustomerIsToldInItsLanguageTheResellerIsCopiedAndNothingOfOthersIsShown(backend: CaseBackend) async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await backend.withDatabase { open in
            let store = try await open()
            _ = try await Self.prepare(store, [Self.arf(ip: "192.0.2.10", id: 1)])
            let record = try #require(try await CaseRepository(store).list().first { $0.serviceID == "S1" })
            // A non-urgent notice waits for the customer's hourly digest slot.
            let early = ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: Self.t0 + 60)], logger: Logger(label: "t"))
            #expect(try await early.runOnce(now: Self.t0 + 60) == 2)  // notify (held) and close-port-25 (dry run)
            #expect(try sink.messages().isEmpty)
            #expect(try await CaseRepository(store).timeline(caseID: record.id).contains { $0.text.contains("notify held by mail until 2026-03-02T11:00:00Z") })
            let now = Self.t0 + 3_600
            let outbox = ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: now)], logger: Logger(label: "t"))
            #expect(try await outbox.runOnce(now: now) == 1)

            let messages = try sink.messages()
            try #require(messages.count == 1)
            let mail = try MIMEParser.parse(messages[0]).get()
            let headers = mail.root.headers
            #expect(headers["x-sink-mail-from"] == "abuse+\(record.token)@provider.example", "bounces must come back to the case address")
            #expect(Set(headers["x-sink-rcpt-to"]?.split(separator: ",").map(String.init) ?? [])
                    == ["juergen@kunde.example", "abuse@northwind.example"], "reject-old@ is refused at RCPT; the rest get it")
            #expect(headers["to"]?.contains("juergen@kunde.example") == true)
            #expect(headers["cc"]?.contains("abuse@northwind.example") == true)
            #expect(headers["reply-to"]?.contains("abuse+\(record.token)@provider.example") == true)
            #expect(CaseAddress.token(inMessageID: mail.messageID ?? "") == record.token)
            #expect(headers["auto-submitted"] == "auto-generated")
            #expect(mail.subject?.contains(record.token) == true)
            #expect(mail.subject?.contains("Versand unerwünschter E-Mails") == true, "German customer, German notice: \(mail.subject ?? "")")
            let text = try #require(mail.parts(withMIMEType: "text/plain").first?.text)
            #expect(text.contains("Guten Tag Jürgen Müller"))
            #expect(text.contains("(spam), Fassung 2026.1"), "clause id and policy version are cited")
            #expect(text.contains("192.0.2.10"))
            #expect(text.contains("2026-03-02 09:00 UTC"))
            #expect(text.contains("ausgehender Port 25 (SMTP) ist für Ihren Dienst gesperrt"), "the decision is stated")
            #expect(text.contains("Northwind Hosting"), "the reseller is named as a party")
            #expect(!text.contains("victim@mail.example"), "third parties' addresses are redacted")
            #expect(!text.contains("192.0.2.200"), "another customer's address is never shown")
            #expect(text.contains(EvidenceRedactor.mailMark) && text.contains(EvidenceRedactor.addressMark))

            // The refused contact is on the timeline; the intent is done (the customer was reached).
            let timeline = try await CaseRepository(store).timeline(caseID: record.id)
            #expect(timeline.contains { $0.kind == "undeliverable" && $0.text.contains("reject-old@kunde.example") && $0.text.contains("550") })
            let notify = try #require(try await CaseRepository(store).intents(caseID: record.id).first { $0.action == "notify" })
            #expect(notify.status == "done")
            #expect(timeline.contains { $0.kind == "action" && $0.text.contains("notify done by mail") && $0.text.contains("reseller copy to abuse@northwind.example") })

            // A repeat (the node died after sending, before recording done) sends nothing twice.
            try await store.sql.update("action_intents").set("status", to: "pending").where("key", .equal, notify.key).run()
            #expect(try await outbox.runOnce(now: now + 1) == 1)
            #expect(try sink.messages().count == 1)

            // Later the customer's mailbox bounces it: the DSN comes back to the case address
            // (the envelope sender), the contact is marked undeliverable, and with no contact of
            // the customer left the case asks staff to reach the customer another way.
            let messageID = try #require(mail.messageID)
            let dsn = Array("""
                From: MAILER-DAEMON@mx.kunde.example\r
                To: abuse+\(record.token)@provider.example\r
                Subject: Undelivered Mail Returned to Sender\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="d"\r
                \r
                --d\r
                Content-Type: text/plain\r
                \r
                Your message could not be delivered.\r
                --d\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.kunde.example\r
                \r
                Final-Recipient: rfc822; juergen@kunde.example\r
                Action: failed\r
                Status: 5.2.2\r
                Diagnostic-Code: smtp; 552 mailbox full\r
                --d\r
                Content-Type: text/rfc822-headers\r
                \r
                Message-ID: <\(messageID)>\r
                --d--\r

                """.utf8)
            _ = try await EvidenceRepository(store).store(dsn, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse+\(record.token)@provider.example"],
                                                                                   clientAddress: nil, receivedAt: now + 600))
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            _ = try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "t")).processPending()
            let after = try await CaseRepository(store).timeline(caseID: record.id)
            #expect(after.contains { $0.kind == "undeliverable" && $0.text.contains("juergen@kunde.example bounced a notice") })
            #expect(after.contains { $0.kind == "unreachable" })
            #expect(try await CaseRepository(store).intents(caseID: record.id).contains { $0.action == "request-staff-review" && $0.status == "pending" })
            await store.shutdown()
        }
    }

    /// A feed reports the same finding again after its case was closed: within the policy's
    /// window the new case's notice is not sent again; after it, it is.
    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"), arguments: CaseBackend.available)
    func repeatsOfTheSameFindingAreSuppressedWithinTheWindow(backend: CaseBackend) async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await backend.withDatabase { open in
            let store = try await open()
            let service = try await Self.prepare(store, [Self.arf(ip: "192.0.2.10", id: 1)])
            var now = Self.t0 + 3_600
            _ = try await ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: now)], logger: Logger(label: "t")).runOnce(now: now)
            #expect(try sink.messages().count == 1)
            let first = try #require(try await CaseRepository(store).list().first)
            // Staff find nothing to act on; the feed reports it again two hours later.
            try await service.override(caseID: first.id, status: .ignored, staff: "ops", reason: "a forwarded newsletter the recipient subscribed to", now: now + 60)
            now = Self.t0 + 2 * 3_600
            try await CaseServiceTests.ingest(store, [Self.arf(ip: "192.0.2.10", id: 2)])
            try await service.assignPending(now: now)
            let second = try #require(try await CaseRepository(store).list().first { $0.id != first.id })
            now += 3_600
            _ = try await ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: now)], logger: Logger(label: "t")).runOnce(now: now)
            #expect(try sink.messages().count == 1, "the repeat within 24 h is not mailed")
            #expect(try await CaseRepository(store).timeline(caseID: second.id).contains { $0.text.contains("suppressed: the same finding (spam, step notice) was notified under case #\(first.id)") })
            // A day later the finding is news again.
            try await service.override(caseID: second.id, status: .ignored, staff: "ops", reason: "the same newsletter once more, no action", now: now + 60)
            now = Self.t0 + 30 * 3_600
            try await CaseServiceTests.ingest(store, [Self.arf(ip: "192.0.2.10", id: 3)])
            try await service.assignPending(now: now)
            now += 3_600
            _ = try await ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: now)], logger: Logger(label: "t")).runOnce(now: now)
            #expect(try sink.messages().count == 2)
            await store.shutdown()
        }
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func aCustomerNoContactAcceptsIsUnreachableAndChildAbuseNoticesCarryNoEvidence() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            _ = try await Self.prepare(store, [Self.arf(ip: "192.0.2.70", id: 2)])
            let now = Self.t0 + 3_600
            let outbox = ActionOutbox(store: store, adapters: [try Self.mailer(store, sink, now: now)], logger: Logger(label: "t"))
            _ = try await outbox.runOnce(now: now)
            let record = try #require(try await CaseRepository(store).list().first { $0.serviceID == "S3" })
            let notify = try #require(try await CaseRepository(store).intents(caseID: record.id).first { $0.action == "notify" })
            #expect(notify.status == "failed")
            let timeline = try await CaseRepository(store).timeline(caseID: record.id)
            #expect(timeline.contains { $0.text.contains("the customer cannot be reached") })
            #expect(timeline.filter { $0.kind == "undeliverable" }.count == 2)
            #expect(try sink.messages().isEmpty)
            await store.shutdown()
        }
        // A hidden category: the notice states the decision but quotes no evidence.
        let composer = NoticeComposer(templates: try NoticeTemplateSet(), identity: MailIdentity(providerName: "P", abuseMailbox: "abuse@p.example", aupURL: "https://p.example/aup", messageIDHost: "p.example"))
        let facts = NoticeFacts(caseID: 1, caseToken: "abcd2345", caseAddress: "abuse+abcd2345@p.example", category: .childAbuse, clause: "child-abuse",
                                clauseTitle: "Child abuse", policyVersion: "2026.1", rungID: "immediate-suspension",
                                actions: [.suspend, .sealEvidence, .notifyPolice, .notify, .requestStaffReview], deadline: nil, nextActions: nil,
                                serviceID: "S1", serviceLabel: "vps-1", customerName: "C", customerLanguage: "en", resellerName: nil,
                                events: [.init(occurredAt: Self.t0, ip: IPAddress("192.0.2.10"), url: "http://192.0.2.10/x", excerpt: "the material at http://192.0.2.10/x")])
        let mail = composer.notice(facts, to: ["c@c.example"], copy: [], stepKey: "case-1/rung-immediate-suspension/notify", now: Self.t0, showEvidence: false, redact: true)
        #expect(!mail.text.contains("the material"))
        #expect(!mail.text.contains("police"), "the customer is not told of the police report")
        #expect(mail.text.contains("your service is suspended"))
    }
}

/// Answers to reporters: only people, never automatic mail; what a complaint lacks, or what was done.
@Suite(.serialized) struct ReporterMailerTests {
    static func complaint(from: String, id: String, compliant: Bool, extra: String = "") -> [UInt8] {
        let body = compliant
            ? "We are the rights holder (copyright registration number VA 1-234-567). The infringing material is at http://192.0.2.20/film.mkv. We contacted the site owner on 1 March; there was no response."
            : "Notice of claimed infringement: our film is offered at http://192.0.2.20/film.mkv. Remove it."
        return Array("From: Rights Desk <\(from)>\r\nSubject: DMCA notice \(id)\r\nMessage-ID: <\(id)@rights.example>\r\nDate: Mon, 02 Mar 2026 08:00:00 +0000\r\n\(extra)\r\n\(body)\r\n".utf8)
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func aPersonLearnsWhatTheComplaintLacksAndAutomaticMailGetsNothing() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            try await InventoryRepository(store).importInventory(ServerTests.document(NoticeMailerTests.inventory), mode: .history, now: CaseServiceTests.t0 - 86_400, source: "test")
            _ = try await PolicyCache.publishDefaultIfNone(store, now: CaseServiceTests.t0 - 86_400)
            let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
            let evidence = EvidenceRepository(store)
            let mails: [(String, [UInt8])] = [
                ("legal@rights.example", Self.complaint(from: "legal@rights.example", id: "c1", compliant: false)),
                ("robot@rights.example", Self.complaint(from: "robot@rights.example", id: "c2", compliant: false, extra: "Auto-Submitted: auto-generated\r\n")),
            ]
            for (sender, mail) in mails {
                _ = try await evidence.store(mail, envelope: Envelope(channel: .lmtp, mailFrom: sender, recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: CaseServiceTests.t0))
            }
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            _ = try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "t")).processPending()
            try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t")).assignPending(now: CaseServiceTests.t0 + 60)
            let record = try #require(try await CaseRepository(store).list().first { $0.category == "ip-infringement" })
            #expect(record.status == "ignored", "a non-compliant complaint is not acted on")

            let identity = NoticeMailerTests.identity, relay = NoticeMailerTests.relay(sink)
            let outbox = ActionOutbox(store: store, adapters: [ReporterMailer(store: store, identity: identity, client: SMTPClient(relay: relay), clock: { CaseServiceTests.t0 + 120 })],
                                      logger: Logger(label: "t"))
            _ = try await outbox.runOnce(now: CaseServiceTests.t0 + 120)
            let stored = try sink.messages()
            try #require(stored.count == 1, "only the person is answered")
            let answer = try MIMEParser.parse(stored[0]).get()
            #expect(answer.root.headers["x-sink-rcpt-to"] == "legal@rights.example")
            #expect(answer.root.headers["auto-submitted"] == "auto-replied")
            #expect(answer.inReplyTo == ["c1@rights.example"])
            let text = try #require(answer.textBody)
            #expect(text.contains("an attempt to contact the infringing party first, and its result"))
            #expect(text.contains("proof that the complainant owns the right"))
            #expect(!text.contains("Jürgen") && !text.contains("vps-1"), "the reporter never learns who the customer is")
            let timeline = try await CaseRepository(store).timeline(caseID: record.id)
            #expect(timeline.contains { $0.text.contains("robot@rights.example: the message was sent automatically (Auto-Submitted: auto-generated)") })
            #expect(timeline.contains { $0.text.contains("answer-reporter done by mail: answered legal@rights.example") })
            await store.shutdown()
        }
    }

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"))
    func aCompliantComplainantLearnsThatTheCustomerWasToldAndByWhen() async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await CaseBackend.sqlite.withDatabase { open in
            let store = try await open()
            try await InventoryRepository(store).importInventory(ServerTests.document(NoticeMailerTests.inventory), mode: .history, now: CaseServiceTests.t0 - 86_400, source: "test")
            _ = try await PolicyCache.publishDefaultIfNone(store, now: CaseServiceTests.t0 - 86_400)
            let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
            _ = try await EvidenceRepository(store).store(Self.complaint(from: "legal@rights.example", id: "c3", compliant: true),
                                                          envelope: Envelope(channel: .lmtp, mailFrom: "legal@rights.example", recipients: ["abuse@provider.example"],
                                                                             clientAddress: nil, receivedAt: CaseServiceTests.t0))
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            _ = try await ReportProcessor(store: store, table: { table }, logger: Logger(label: "t")).processPending()
            try await CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "t")).assignPending(now: CaseServiceTests.t0 + 60)
            let record = try #require(try await CaseRepository(store).list().first { $0.category == "ip-infringement" })
            #expect(try await CaseRepository(store).intents(caseID: record.id).map(\.action).sorted() == ["answer-reporter", "notify"])
            let identity = NoticeMailerTests.identity, relay = NoticeMailerTests.relay(sink)
            _ = try await ActionOutbox(store: store, adapters: [ReporterMailer(store: store, identity: identity, client: SMTPClient(relay: relay), clock: { CaseServiceTests.t0 + 120 })],
                                       logger: Logger(label: "t")).runOnce(now: CaseServiceTests.t0 + 120)
            let answer = try MIMEParser.parse(try #require(try sink.messages().first)).get()
            let text = try #require(answer.textBody)
            #expect(text.contains("We have told the\ncustomer responsible") || text.contains("We have told the customer responsible"))
            #expect(text.contains("by 2026-03-05 10:01 UTC"), "the deadline of the forward rung (72 h)")
            #expect(!text.contains("Jürgen") && !text.contains("vps-1"))
            await store.shutdown()
        }
    }

    @Test func theGuardAnswersOnlyPeople() {
        let guardrail = AutoReplyGuard(ownDomains: ["provider.example"])
        func refusal(_ sender: String?, _ reply: String?, _ headers: [String: String] = [:]) -> String? {
            guardrail.refusal(.init(envelopeSender: sender, replyAddress: reply, headers: headers))
        }
        #expect(refusal("a@x.example", "a@x.example") == nil)
        #expect(refusal("a@x.example", "a@x.example", ["auto-submitted": "no"]) == nil)
        #expect(refusal("a@x.example", "a@x.example", ["auto-submitted": "auto-replied"]) != nil)
        #expect(refusal("a@x.example", "a@x.example", ["precedence": "bulk"]) != nil)
        #expect(refusal("a@x.example", "a@x.example", ["list-id": "<abuse.lists.example>"]) != nil)
        #expect(refusal("", "a@x.example") != nil, "null return path")
        #expect(refusal("a@x.example", "MAILER-DAEMON@x.example") != nil)
        #expect(refusal("a@x.example", "no-reply@x.example") != nil)
        #expect(refusal("a@x.example", "abuse@provider.example") != nil, "our own mail")
        #expect(refusal("a@x.example", "a@x.example", ["x-bailiff-case": "abcd2345"]) != nil)
        #expect(refusal(nil, nil) != nil)
    }
}
