import BailiffCore
@testable import BailiffServer
import BailiffStore
import BailiffWeb
import Foundation
import Logging
import SQLKit
import Testing
import VaporTesting

/// What customers give through the portal (documents, a torrc) and what admins publish.
@Suite struct WebPortalAndPolicyTests {
    struct UploadForm: Content {
        var csrf: String
        var note: String
        var file: File
    }

    @Test func aCustomerUploadsADocumentThatStaffSeeInertAndOthersCannotReach() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            let records = "From: list@shop.example\r\nTo: alice@example.org\r\nSubject: please confirm\r\n\r\n<script>alert(1)</script> confirmed 2026-01-02\r\n"
            func upload(_ role: WebTenancyTests.Role, caseID: Int64) async throws -> HTTPStatus {
                var status = HTTPStatus.internalServerError
                try await world.app.testing().test(.POST, "/portal/cases/\(caseID)/evidence", headers: world.headers(role), beforeRequest: { request in
                    try request.content.encode(UploadForm(csrf: world.tokens[role]?.csrf ?? "", note: "opt-in records of the recipient",
                                                          file: File(data: ByteBuffer(string: records), filename: "../../opt-in \"records\".eml")), as: .formData)
                }) { status = $0.status }
                return status
            }
            #expect(try await upload(.customerA, caseID: world.caseA) == .seeOther)
            #expect(try await upload(.customerB, caseID: world.caseA) == .notFound)
            #expect(try await upload(.resellerS, caseID: world.caseA) == .notFound)
            let answers = try await CaseRepository(world.store).timeline(caseID: world.caseA).filter { $0.kind == "answer" }
            #expect(answers.count == 1 && answers[0].actor == "customer:A" && answers[0].text.contains("uploaded opt-in records.eml"))
            let sha256 = try #require(try await world.store.sql.raw("SELECT sha256 FROM case_messages WHERE case_id = \(bind: world.caseA) AND kind = 'customer-document'")
                .first()?.decode(column: "sha256", as: String.self))
            #expect(try await ReportRepository(world.store).status(sha256: sha256)?.status == "correspondence", "a document is never parsed as a report")
            let (status, page, _) = try await world.status(.agent, .GET, "/desk/evidence/\(sha256)")
            #expect(status == .ok && page.contains("opt-in records.eml") && !page.contains("<script>alert(1)"), "\(status) \(page.suffix(1500))")
            #expect(try await world.status(.customerA, .GET, "/desk/evidence/\(sha256)").0 == .notFound)
        }
    }

    @Test func aTorrcIsJudgedAtOnceAndTheVerdictGoesOnTheCase() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            try await world.store.sql.raw("""
                INSERT INTO cases (token, open_key, service_id, customer_id, reseller_id, category, status, rung, staff_confirmed, first_event_at,
                                   policy_version, clause, opened_at, updated_at)
                VALUES ('tt', 'SA|tor-exit', 'SA', 'A', 'R', 'tor-exit', 'awaiting-customer', 0, 0, \(bind: WebTenancyTests.t0), '2026.1', 'proxies-tor',
                        \(bind: WebTenancyTests.t0), \(bind: WebTenancyTests.t0))
                """).run()
            let id = try await world.store.sql.raw("SELECT id FROM cases WHERE token = 'tt'").first()!.decode(column: "id", as: Int64.self)
            let (page, body, _) = try await world.status(.customerA, .GET, "/portal/cases/\(id)")
            #expect(page == .ok && body.contains("id=\"torrc\""))
            #expect(try await world.status(.customerA, .POST, "/portal/cases/\(id)/torrc", form: ["torrc": "ORPort 9001\nExitRelay 0\n"]).0 == .seeOther)
            #expect(try await world.status(.customerA, .POST, "/portal/cases/\(id)/torrc", form: ["torrc": "ORPort 9001\nExitPolicy accept *:80\n"]).0 == .seeOther)
            #expect(try await world.status(.customerB, .POST, "/portal/cases/\(id)/torrc", form: ["torrc": "ORPort 9001\n"]).0 == .notFound)
            let verdicts = try await CaseRepository(world.store).timeline(caseID: id).filter { $0.kind == "answer" }.map(\.text)
            #expect(verdicts.count == 2 && verdicts[0].contains("does not exit") && verdicts[1].contains("EXIT relay"))
        }
    }

    @Test func anAdminPublishesAPolicyAfterSeeingItsChanges() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            let amended = DefaultPolicy.text.replacingOccurrences(of: "\"version\": \"2026.1\"", with: "\"version\": \"2026.2\"")
                .replacingOccurrences(of: "\"effective\": \"2026-01-01T00:00:00Z\"", with: "\"effective\": \"2030-01-01T00:00:00Z\"")
                .replacingOccurrences(of: "\"delisting_base\": \"50.00\"", with: "\"delisting_base\": \"60.00\"")
            #expect(amended != DefaultPolicy.text)
            #expect(try await world.status(.agent, .POST, "/desk/policy/preview", form: ["source": amended]).0 == .forbidden)
            let (bad, badBody, _) = try await world.status(.admin, .POST, "/desk/policy/preview", form: ["source": "# nothing\n"])
            #expect(bad == .unprocessableEntity && badBody.contains("policy-problems"))
            let (preview, previewBody, _) = try await world.status(.admin, .POST, "/desk/policy/preview", form: ["source": amended])
            #expect(preview == .ok && previewBody.contains("2030-01-01") && previewBody.contains("policy-changes"))
            #expect(try await PolicyRepository(world.store).all().count == 1, "a preview publishes nothing")
            #expect(try await world.status(.admin, .POST, "/desk/policy/publish", form: ["source": amended]).0 == .forbidden, "no confirmation, no publication")
            let (published, _, location) = try await world.status(.admin, .POST, "/desk/policy/publish", form: ["source": amended, "confirm": "yes"])
            #expect(published == .seeOther && location == "/desk/policy?done=published")
            let versions = try await PolicyRepository(world.store).all()
            #expect(versions.map(\.version) == ["2026.1", "2026.2"] && versions[1].publishedBy == "staff:admin")
            let (aup, aupBody, _) = try await world.status(.anonymous, .GET, "/aup/2026.2")
            #expect(aup == .ok && aupBody.contains("2030-01-01"))
        }
    }

    @Test func agentsReparseAQuarantinedMessageFromTriage() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            let arf = CaseServiceTests.arf(from: "fbl@mailbox.example", ip: "not-an-address", id: 7)
            let stored = try await EvidenceRepository(world.store).store(arf, envelope: Envelope(channel: .http, mailFrom: "", recipients: ["abuse@p.example"],
                                                                                              clientAddress: nil, receivedAt: WebTenancyTests.t0))
            let table = AttributionTable(try await InventoryRepository(world.store).loadSnapshot())
            _ = try await ReportProcessor(store: world.store, table: { table }, logger: .init(label: "test")).processPending()
            #expect(try await ReportRepository(world.store).status(sha256: stored.sha256)?.status == "quarantined")
            let (page, body, _) = try await world.status(.readOnly, .GET, "/desk/triage")
            #expect(page == .ok && body.contains(stored.sha256.prefix(12)) && !body.contains("Re-parse</button>"), "read-only staff see no button")
            #expect(try await world.status(.agent, .GET, "/desk/triage").1.contains("Re-parse</button>"))
            #expect(try await world.status(.readOnly, .POST, "/desk/triage/reparse", form: ["sha256": stored.sha256]).0 == .forbidden)
            #expect(try await world.status(.customerA, .POST, "/desk/triage/reparse", form: ["sha256": stored.sha256]).0 == .notFound)
            let (status, _, location) = try await world.status(.agent, .POST, "/desk/triage/reparse", form: ["sha256": stored.sha256])
            #expect(status == .seeOther && location == "/desk/triage?reparsed=quarantined")
            #expect(try await world.status(.agent, .GET, "/desk/triage?reparsed=<script>").1.contains("<script>") == false)
            let audit = try await AuditLog.entries(world.store, from: 1, limit: 1_000).filter { $0.action == "report.reparse" }
            #expect(audit.map(\.actor) == ["staff:agent"] && audit.first?.subject == "message:\(stored.sha256)")
        }
    }
}
