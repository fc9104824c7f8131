import BailiffCore
import BailiffReports
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Testing

/// A policy version that takes effect on notice is mailed to every customer and reseller, in
/// rate-limited batches, each once, saying what changes and when.
@Suite(.serialized) struct AmendmentMailerTests {
    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,language,abuse,billing,from
        reseller,R1,Northwind Hosting,,,,,,en,abuse@northwind.example,billing@northwind.example,
        customer,C1,Jürgen Müller,R1,,,,,de,juergen@kunde.example,,
        customer,C2,Alice,,,,,,en,alice@example.org,,
        customer,C3,Bob,,,,,,en,,bob-billing@example.org,
        customer,C4,Carol,,,,,,en,carol@example.org,,
        customer,C5,No Contact Ltd,,,,,,en,,,
        """

    @Test(.enabled(if: SMTPSink.enabled, "python3-aiosmtpd or openssl is missing"), arguments: CaseBackend.available)
    func everyPartyIsToldOnceInBatchesBeforeTheAmendmentTakesEffect(backend: CaseBackend) async throws {
        try #require(SMTPSink.isAvailable)
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await backend.withDatabase { open in
            let store = try await open()
            let t0 = CaseServiceTests.t0
            try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: t0 - 86_400, source: "test")
            _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
            let amended = DefaultPolicy.text
                .replacingOccurrences(of: "\"version\": \"2026.1\"", with: "\"version\": \"2026.2\"")
                .replacingOccurrences(of: "\"effective\": \"2026-01-01T00:00:00Z\"", with: "\"effective\": \"2026-03-16T00:00:00Z\", \"effective_on_notice\": true")
                .replacingOccurrences(of: "\"delisting_base\": \"50.00\"", with: "\"delisting_base\": \"60.00\"")
            guard case .success(let document) = PolicyFile.read(amended) else { Issue.record("the amended policy does not read"); return }
            try await PolicyRepository(store).publish(document, source: amended, by: "legal", now: t0)

            let mailer = AmendmentMailer(store: store, identity: NoticeMailerTests.identity, client: SMTPClient(relay: NoticeMailerTests.relay(sink)), ratePerMinute: 4, logger: Logger(label: "t"))
            #expect(try await mailer.runOnce(now: t0 + 60, limit: 4) == 4)
            #expect(try sink.messages().count == 4, "a batch is at most the rate")
            #expect(try await mailer.runOnce(now: t0 + 120, limit: 4) == 2)
            #expect(try await mailer.runOnce(now: t0 + 180, limit: 4) == 0, "everyone was told")
            let mails = try sink.messages().map { try MIMEParser.parse($0).get() }
            #expect(mails.count == 5, "five parties have an address; the sixth has none")
            let recipients = mails.compactMap { $0.root.headers["x-sink-rcpt-to"] }.sorted()
            #expect(recipients == ["alice@example.org", "billing@northwind.example", "bob-billing@example.org", "carol@example.org", "juergen@kunde.example"])
            let german = try #require(mails.first { $0.root.headers["x-sink-rcpt-to"] == "juergen@kunde.example" })
            #expect(german.subject == "Example Hosting: Änderung der Nutzungsbedingungen ab 2026-03-16 00:00 UTC")
            #expect(german.textBody?.contains("50.00 + 50.00/h EUR → 60.00 + 50.00/h EUR") == true)
            let english = try #require(mails.first { $0.root.headers["x-sink-rcpt-to"] == "alice@example.org" })
            #expect(english.textBody?.contains("The new version 2026.2 takes effect on 2026-03-16 00:00 UTC") == true)
            #expect(try await AmendmentRepository(store).progress(version: "2026.2") == (6, 6))
            let actions = try await AuditLog.entries(store, limit: 10_000).map(\.action)
            #expect(actions.contains("policy.amendment-mailed"))
            #expect(!actions.contains("policy.amendment-late"), "two weeks are enough at 4 a minute")
            await store.shutdown()
        }
    }
}
