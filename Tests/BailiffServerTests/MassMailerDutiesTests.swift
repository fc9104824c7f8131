import BailiffCore
@testable import BailiffServer
import BailiffStore
import Foundation
import Logging
import Prometheus
import Testing
import VaporTesting

/// Issue 7's mass-mailer duties on a real feedback-loop report from the corpus: what the copy of
/// the mail shows (HTTPS unsubscription without one-click, a sender at another domain, a
/// recipient at a mailbox provider) is recorded on the case and quoted in the notice, which asks
/// for the opt-in records by the deadline. Records given in time hold the next step for staff,
/// who reject (the step goes ahead) or accept (resolved); none by the deadline and the complaint
/// counts as proof.
@Suite(.serialized, .enabled(if: SharedCorpus.root != nil, "shared/corpus not found"))
struct MassMailerDutiesTests {
    static let inventory = """
        record,id,name,reseller,customer,service,prefix,label,role,kind,status,language,created,flags,abuse,technical,billing,references,from,until
        network,,,,,,10.17.18.0/24,mailers,,,,,,,,,,,,
        customer,C1,Dune Mailing,,,,,,,,,en,2015-01-01,bulk-mailer,ops@dune.example,,,,,
        service,S5,,,C1,,,mta-5,,vps,active,,,,,,,,,
        service,S6,,,C1,,,mta-6,,vps,active,,,,,,,,,
        service,S7,,,C1,,,mta-7,,vps,active,,,,,,,,,
        assignment,,,,,S5,10.17.18.5/32,,,,,,,,,,,,2015-01-01,
        assignment,,,,,S6,10.17.18.6/32,,,,,,,,,,,,2015-01-01,
        assignment,,,,,S7,10.17.18.7/32,,,,,,,,,,,,2015-01-01,
        """

    @Test(arguments: CaseBackend.available)
    func findingsAreQuotedAndOptInRecordsDecideTheNextStep(backend: CaseBackend) async throws {
        try await backend.withDatabase { open in
            let store = try await open()
            do { try await run(store) } catch { await store.shutdown(); throw error }
            await store.shutdown()
        }
    }

    func run(_ store: Store) async throws {
        let root = try #require(SharedCorpus.root)
        let original = String(decoding: try Data(contentsOf: root.appendingPathComponent("AbuseIO/extra/notifier-samples/feedback-loop/Comcast_example_1.eml")), as: UTF8.self)
        // The same complaint about three of the customer's mail servers.
        let reports = ["10.17.18.5", "10.17.18.6", "10.17.18.7"].map { ip in
            Array(original.replacingOccurrences(of: "Source-IP: 10.17.18.5", with: "Source-IP: \(ip)").utf8)
        }
        let now = Timestamp.parse("2026-06-01T00:00:00Z")!
        let logger = Logger(label: "mailers")
        try await InventoryRepository(store).importInventory(ServerTests.document(Self.inventory), mode: .history, now: now - 86_400, source: "test")
        _ = try await PolicyCache.publishDefaultIfNone(store, now: now - 86_400)
        let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
        let cases = CaseService(store: store, policies: { try await policies.history() }, logger: logger)
        let evidence = EvidenceRepository(store)
        for report in reports {
            _ = try await evidence.store(report, envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: now))
        }
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
        _ = try await ReportProcessor(store: store, table: { table }, logger: logger).processPending()
        _ = try await cases.assignPending(now: now)
        let repository = CaseRepository(store)
        let spam = try await repository.list(category: "spam", limit: 10)
        #expect(spam.count == 3)
        func record(_ service: String) throws -> CaseRepository.CaseRecord { try #require(spam.first { $0.serviceID == service }) }
        let held = try record("S5"), silent = try record("S6"), consented = try record("S7")
        let deadline = try #require(held.deadline)

        // The findings are on the case...
        let excerpt = try await repository.events(caseID: held.id).first?.excerpt ?? ""
        #expect(excerpt.contains("The reported mail: an HTTPS unsubscribe address without List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)"))
        #expect(excerpt.contains("Sender is at domain3.tld, From at domain4.tld") && excerpt.contains("sent to an address at a mailbox provider"))
        // ...and in the notice, which asks for the opt-in records by the deadline.
        let notice = try await NoticePreview.compose(held, store: store, configuration: BailiffConfiguration(), history: try await policies.history(), now: now)
        #expect(notice.text.contains("What the reported mail shows:\n  - an HTTPS unsubscribe address without List-Unsubscribe-Post"))
        #expect(notice.text.contains("  - sent to an address at a mailbox provider: never a company's general address"))
        #expect(notice.text.contains("send us their opt-in records before the deadline") && notice.text.contains("Without them the complaint counts as proof."))

        // S5's customer sends opt-in records in time (the portal's upload); S7's through its
        // control panel and the API; S6 sends nothing.
        let records = Array("Subscriber b6cf…@comcast.net signed up on 2015-11-02 at dune.example/newsletter; confirmation mail headers attached.\n".utf8)
        _ = try await evidence.storeCaseDocument(records, caseID: held.id, actor: "customer:C1", summary: "opt-in records", clientAddress: nil, now: now + 3_600)
        var configuration = BailiffConfiguration()
        configuration.apiStaffToken = "api-token-0123456789abcdef"
        let registry = PrometheusCollectorRegistry()
        let app = try await BailiffApplication.make(.init(configuration: configuration, store: store, attribution: try await AttributionService(store: store, registry: registry, logger: logger),
                                                          registry: registry), environment: .testing)
        do {
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: configuration.apiStaffToken)
            headers.contentType = .json
            let upload = #"{"by": "panel", "content": "\#(Data(records).base64EncodedString())", "note": "opt-in records"}"#
            try await app.testing().test(.POST, "/api/v1/cases/\(consented.id)/documents", headers: headers, body: ByteBuffer(string: upload)) { response in
                #expect(response.status == .ok, "\(response.body.string)")
            }
            // Staff accept S7's before its deadline: resolved, the customer reads why.
            let verdict = #"{"by": "alice", "accept": true, "reason": "double opt-in with the confirmation mail's headers for the complaining address"}"#
            try await app.testing().test(.POST, "/api/v1/cases/\(consented.id)/opt-in", headers: headers, body: ByteBuffer(string: verdict)) { response in
                #expect(response.status == .ok && response.body.string.contains("\"status\":\"resolved\""), "\(response.body.string)")
            }
            try await app.testing().test(.POST, "/api/v1/cases/\(silent.id)/opt-in", headers: headers, body: ByteBuffer(string: verdict)) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("no documents"), "nothing to judge: \(response.body.string)")
            }
        } catch { try await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
        #expect(try await repository.find(id: consented.id)?.status == CaseStatus.resolved.rawValue)
        await #expect(throws: StoreError.self) {
            try await cases.judgeOptInEvidence(caseID: silent.id, accept: false, staff: "alice", reason: "nothing was sent at all", now: now + 7_200)
        }

        // The deadline passes: S5's next step waits for staff; S6's complaint counts as proof.
        _ = try await cases.runDue(now: deadline + 1)
        let waiting = try #require(try await repository.find(id: held.id))
        #expect(waiting.status == CaseStatus.awaitingConfirmation.rawValue && waiting.pendingRung == 1 && waiting.rung == 0)
        #expect(try await repository.timeline(caseID: held.id).contains { $0.text.contains("passed with opt-in records from the customer: staff judge them") })
        let proven = try #require(try await repository.find(id: silent.id))
        #expect(proven.rung == 1 || proven.pendingRung == 1, "\(proven)")
        #expect(try await repository.timeline(caseID: silent.id).contains { $0.text.contains("without opt-in records from the customer: the complaint counts as proof") })

        // Another complaint about S5 while staff judge does not move the case.
        _ = try await evidence.store(Array(original.replacingOccurrences(of: "Arrival-Date: Tue, 19 Jan 2016", with: "Arrival-Date: Wed, 20 Jan 2016").utf8),
                                     envelope: Envelope(channel: .lmtp, mailFrom: "", recipients: ["abuse@provider.example"], clientAddress: nil, receivedAt: deadline + 60))
        _ = try await ReportProcessor(store: store, table: { table }, logger: logger).processPending()
        _ = try await cases.assignPending(now: deadline + 120)
        #expect(try await repository.find(id: held.id)?.pendingRung == 1)

        // Staff reject S5's records: the held step (suspension) goes ahead, confirmed by them.
        try await cases.judgeOptInEvidence(caseID: held.id, accept: false, staff: "alice",
                                           reason: "a list bought in 2015, no record of the complaining address signing up", now: deadline + 600)
        let suspended = try #require(try await repository.find(id: held.id))
        #expect(suspended.status == CaseStatus.suspended.rawValue && suspended.rung == 1)
        #expect(try await repository.intents(caseID: held.id).map(\.action).contains("suspend"))
        let customerSees = try await repository.timeline(caseID: held.id).filter(PortalController.customerVisible).map(\.text)
        #expect(customerSees.contains { $0.hasPrefix("opt-in records rejected: a list bought in 2015") })
    }
}
