import BailiffCore
@testable import BailiffServer
import BailiffStore
import BailiffWeb
import Foundation
import Logging
import Prometheus
import SQLKit
import Testing
import VaporTesting

/// Who may see and change what on the web: every role × every page and API route × every kind
/// of object, on SQLite and PostgreSQL. Nobody reads or changes what is not theirs, and a case
/// that is not someone's does not exist for them (404, never 403).
@Suite struct WebTenancyTests {
    static let t0 = Int64(Date().timeIntervalSince1970) - 3_600

    static let inventory = """
        record,id,name,customer,reseller,service,prefix,label,from
        network,,,,,,192.0.2.0/24,A,
        reseller,R,Reseller R,,,,,,
        reseller,S,Reseller S,,,,,,
        customer,A,Customer A,,R,,,,
        customer,B,Customer B,,S,,,,
        customer,C1,Customer without cases,,R,,,,
        service,SA,,A,,,,vps-a,
        service,SB,,B,,,,vps-b,
        assignment,,,,,SA,192.0.2.0/25,,2024-01-01
        assignment,,,,,SB,192.0.2.128/25,,2024-01-01
        """

    enum Role: String, CaseIterable, CustomTestStringConvertible {
        case admin, agent, readOnly = "read-only", customerA, customerB, resellerR, resellerS, anonymous
        var testDescription: String { rawValue }
        var isStaff: Bool { self == .admin || self == .agent || self == .readOnly }
    }

    struct World {
        var app: Application
        var store: Store
        var caseA: Int64
        var caseB: Int64
        var hiddenA: Int64
        var evidenceA: String
        var tokens: [Role: (cookie: String, csrf: String)]

        func headers(_ role: Role) -> HTTPHeaders {
            var headers = HTTPHeaders()
            if let token = tokens[role] { headers.add(name: .cookie, value: "\(WebAuthenticator.cookieName)=\(token.cookie)") }
            return headers
        }

        func status(_ role: Role, _ method: HTTPMethod, _ path: String, form: [String: String]? = nil, csrf: Bool = true) async throws -> (HTTPStatus, String, String?) {
            var result: (HTTPStatus, String, String?) = (.internalServerError, "", nil)
            var fields = form ?? [:]
            if form != nil, csrf, let token = tokens[role] { fields["csrf"] = token.csrf }
            try await app.testing().test(method, path, headers: headers(role), beforeRequest: { request in
                if form != nil { try request.content.encode(fields, as: .urlEncodedForm) }
            }) { response in
                result = (response.status, response.body.string, response.headers.first(name: .location))
            }
            return result
        }
    }

    static func withWorld(_ backend: CaseBackend, _ body: (World) async throws -> Void) async throws {
        try await backend.withDatabase { open in
            let store = try await open()
            try await InventoryRepository(store).importInventory(ServerTests.document(inventory), mode: .history, now: t0 - 86_400, source: "test")
            _ = try await PolicyCache.publishDefaultIfNone(store, now: t0 - 86_400)
            func insertCase(_ token: String, service: String, customer: String, reseller: String, category: String) async throws -> Int64 {
                try await store.sql.raw("""
                    INSERT INTO cases (token, open_key, service_id, customer_id, reseller_id, category, status, rung, deadline, staff_confirmed,
                                       first_event_at, policy_version, clause, opened_at, updated_at)
                    VALUES (\(bind: token), \(bind: "\(service)|\(category)"), \(bind: service), \(bind: customer), \(bind: reseller), \(bind: category),
                            'awaiting-customer', 0, \(bind: t0 + 86_400), 0, \(bind: t0), '2026.1', \(bind: category), \(bind: t0), \(bind: t0))
                    """).run()
                return try await store.sql.raw("SELECT id FROM cases WHERE token = \(bind: token)").first()!.decode(column: "id", as: Int64.self)
            }
            let caseA = try await insertCase("ta", service: "SA", customer: "A", reseller: "R", category: "scanning")
            let caseB = try await insertCase("tb", service: "SB", customer: "B", reseller: "S", category: "scanning")
            let hiddenA = try await insertCase("th", service: "SA", customer: "A", reseller: "R", category: "child-abuse")
            let stored = try await EvidenceRepository(store).store(Array("From: x@example.org\r\nSubject: scan\r\n\r\nscan from 192.0.2.5\r\n".utf8),
                                                                    envelope: Envelope(channel: .http, mailFrom: "", recipients: ["abuse@p.example"], clientAddress: nil, receivedAt: t0))
            try await store.sql.raw("INSERT INTO case_messages (sha256, case_id, kind, at) VALUES (\(bind: stored.sha256), \(bind: hiddenA), 'reply', \(bind: t0))").run()

            var tokens: [Role: (String, String)] = [:]
            let sessions = WebSessionRepository(store)
            for role in Role.allCases where role != .anonymous {
                let (kind, subject): (String, String)
                switch role {
                case .admin, .agent, .readOnly:
                    _ = try await WebAccounts.enrol(store, name: role.rawValue, role: StaffRole(rawValue: role.rawValue == "read-only" ? "read-only" : role.rawValue)!,
                                                    password: "a long enough password", by: "test", now: t0, cost: 4)
                    (kind, subject) = ("staff", role.rawValue)
                case .customerA: (kind, subject) = ("customer", "A")
                case .customerB: (kind, subject) = ("customer", "B")
                case .resellerR: (kind, subject) = ("reseller", "R")
                case .resellerS: (kind, subject) = ("reseller", "S")
                case .anonymous: continue
                }
                let token = SecretToken.generate(), csrf = SecretToken.generate()
                try await sessions.create(.init(tokenHash: SecretToken.digest(token), kind: kind, subject: subject, csrf: csrf, secondFactor: kind == "staff",
                                                createdAt: t0, expiresAt: t0 + 86_400 * 2))
                tokens[role] = (token, csrf)
            }
            var configuration = BailiffConfiguration()
            configuration.apiStaffToken = "api-token-0123456789abcdef"
            configuration.port25.reverseDNSServer = "off"
            let registry = PrometheusCollectorRegistry()
            let attribution = try await AttributionService(store: store, registry: registry, logger: Logger(label: "test"))
            let app = try await BailiffApplication.make(.init(configuration: configuration, store: store, attribution: attribution, registry: registry), environment: .testing)
            let world = World(app: app, store: store, caseA: caseA, caseB: caseB, hiddenA: hiddenA, evidenceA: stored.sha256, tokens: tokens.mapValues { ($0.0, $0.1) })
            do { try await body(world) } catch {
                try await app.asyncShutdown(); await store.shutdown()
                throw error
            }
            try await app.asyncShutdown()
            await store.shutdown()
        }
    }

    /// Every role against every page: staff pages, portal pages, public pages, the API.
    @Test(arguments: CaseBackend.available)
    func everyRoleSeesOnlyWhatIsTheirs(backend: CaseBackend) async throws {
        try await Self.withWorld(backend) { world in
            let staffPages = ["/desk", "/desk/dashboard", "/desk/triage", "/desk/lookup?ip=192.0.2.5", "/desk/policy", "/desk/audit", "/desk/port25", "/desk/blocklists", "/desk/blocklists?address=192.0.2.5",
                              "/desk/cases/\(world.caseA)", "/desk/cases/\(world.caseB)", "/desk/cases/\(world.hiddenA)", "/desk/evidence/\(world.evidenceA)"]
            for role in Role.allCases {
                for page in staffPages {
                    let (status, body, location) = try await world.status(role, .GET, page)
                    switch role {
                    case .admin, .agent, .readOnly: #expect(status == .ok, "\(role) GET \(page): \(status)")
                    case .anonymous: #expect(status == .seeOther && location == "/login", "\(role) GET \(page): \(status) \(location ?? "")")
                    default: #expect(status == .notFound && !body.contains("Queue"), "\(role) GET \(page): \(status)")
                    }
                }
                for page in ["/", "/aup", "/aup/2026.1", "/report", "/static/bailiff.css"] {
                    #expect(try await world.status(role, .GET, page).0 == .ok, "\(role) GET \(page)")
                }
                // The portal: own cases only, never the hidden one, never someone else's.
                let own: Set<Int64> = switch role {
                case .customerA, .resellerR: [world.caseA]
                case .customerB, .resellerS: [world.caseB]
                default: []
                }
                let (home, homeBody, homeLocation) = try await world.status(role, .GET, "/portal")
                switch role {
                case .admin, .agent, .readOnly: #expect(home == .seeOther && homeLocation == "/desk")
                case .anonymous: #expect(home == .unauthorized)
                default:
                    #expect(home == .ok)
                    for id in [world.caseA, world.caseB, world.hiddenA] {
                        #expect(homeBody.contains("/portal/cases/\(id)\"") == own.contains(id), "\(role) lists case \(id)?")
                    }
                }
                for id in [world.caseA, world.caseB, world.hiddenA, 999_999] {
                    let (status, _, _) = try await world.status(role, .GET, "/portal/cases/\(id)")
                    let expected: HTTPStatus = role.isStaff ? .seeOther : role == .anonymous ? .unauthorized : own.contains(id) ? .ok : .notFound
                    #expect(status == expected, "\(role) GET /portal/cases/\(id): \(status), expected \(expected)")
                }
                // The JSON API takes its bearer token, never a browser session.
                #expect(try await world.status(role, .GET, "/api/v1/cases").0 == .unauthorized, "\(role) GET /api/v1/cases with a cookie")
            }
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = BearerAuthorization(token: "api-token-0123456789abcdef")
            try await world.app.testing().test(.GET, "/api/v1/cases", headers: bearer) { #expect($0.status == .ok) }
        }
    }

    /// Every role against every change: staff actions need a working role and the CSRF token;
    /// answers come only from the case's customer or its reseller.
    @Test(arguments: CaseBackend.available)
    func everyRoleChangesOnlyWhatIsTheirs(backend: CaseBackend) async throws {
        try await Self.withWorld(backend) { world in
            for role in Role.allCases {
                let note = "note by \(role.rawValue) with enough words"
                let (status, _, _) = try await world.status(role, .POST, "/desk/cases/\(world.caseA)/note", form: ["reason": note])
                let expected: HTTPStatus = role == .admin || role == .agent ? .seeOther : role == .readOnly || role == .anonymous ? .forbidden : .notFound
                #expect(status == expected, "\(role) POST note: \(status), expected \(expected)")
                let (bulk, _, _) = try await world.status(role, .POST, "/desk/bulk", form: ["ids": String(world.caseB), "action": "assign-me"])
                #expect(bulk == (role == .admin || role == .agent ? .seeOther : role == .readOnly || role == .anonymous ? .forbidden : .notFound), "\(role) POST bulk: \(bulk)")
                for id in [world.caseA, world.caseB, world.hiddenA] {
                    let text = "answer from \(role.rawValue) on \(id): we removed it"
                    let (answer, _, location) = try await world.status(role, .POST, "/portal/cases/\(id)/answer", form: ["text": text])
                    let mine = (id == world.caseA && (role == .customerA || role == .resellerR)) || (id == world.caseB && (role == .customerB || role == .resellerS))
                    let expected: HTTPStatus = role.isStaff ? .seeOther : role == .anonymous ? .unauthorized : mine ? .seeOther : .notFound
                    #expect(answer == expected, "\(role) answers \(id): \(answer), expected \(expected)")
                    if role.isStaff { #expect(location == "/desk") }
                }
            }
            // Without the CSRF token nothing changes, whoever asks.
            #expect(try await world.status(.admin, .POST, "/desk/cases/\(world.caseA)/note", form: ["reason": "forged note"], csrf: false).0 == .forbidden)
            #expect(try await world.status(.customerA, .POST, "/portal/cases/\(world.caseA)/answer", form: ["text": "forged answer text"], csrf: false).0 == .forbidden)

            let timeline = try await CaseRepository(world.store).timeline(caseID: world.caseA)
            let notes = Set(timeline.filter { $0.kind == "note" }.map(\.actor))
            let answers = Set(timeline.filter { $0.kind == "answer" }.map(\.actor))
            #expect(notes == ["staff:admin", "staff:agent"])
            #expect(answers == ["customer:A", "reseller:R"])
            #expect(try await CaseRepository(world.store).timeline(caseID: world.hiddenA).filter { $0.kind == "answer" }.isEmpty)
            #expect(try await CaseRepository(world.store).timeline(caseID: world.caseB).filter { $0.kind == "answer" }.map(\.actor).sorted() == ["customer:B", "reseller:S"])
            #expect(try await CaseRepository(world.store).find(id: world.caseB)?.assignee == "agent", "the last working staff to bulk-assign holds case B")
        }
    }

    /// Port 25 in the portal and on the desk: a customer asks only for its own addresses and sees
    /// only its own requests; working staff decide, read-only staff and customers cannot.
    @Test(arguments: CaseBackend.available)
    func port25RequestsAreTheirsAndStaffDecide(backend: CaseBackend) async throws {
        try await Self.withWorld(backend) { world in
            let purpose = "Postfix for our own domain with SPF and DKIM"
            let (theirs, body, _) = try await world.status(.customerA, .POST, "/portal/port25", form: ["address": "192.0.2.130", "purpose": purpose])
            #expect(theirs == .unprocessableEntity && body.contains("192.0.2.130 is not one of your addresses") && !body.contains("Customer B"))
            let (filed, _, location) = try await world.status(.customerA, .POST, "/portal/port25", form: ["address": "192.0.2.5", "purpose": purpose])
            #expect(filed == .seeOther && location == "/portal/port25?done=pending-review", "\(filed) \(location ?? "")")
            let (_, pageA, _) = try await world.status(.customerA, .GET, "/portal/port25")
            #expect(pageA.contains("192.0.2.5") && pageA.contains("age is not known"))
            for role in [Role.customerB, .resellerS] {
                let (status, page, _) = try await world.status(role, .GET, "/portal/port25")
                #expect(status == .ok && !page.contains("192.0.2.5<"), "\(role) sees A's request")
            }
            #expect(try await world.status(.resellerR, .GET, "/portal/port25").1.contains("192.0.2.5"))
            let request = try #require(try await Port25Repository(world.store).requests(status: .pendingReview).first)
            for role in Role.allCases where !role.isStaff {
                #expect(try await world.status(role, .GET, "/desk/port25").0 != .ok, "\(role) reads the desk's port-25 page")
            }
            let decision = ["decision": "approve", "reason": "checked the mail setup by phone"]
            #expect(try await world.status(.readOnly, .POST, "/desk/port25/\(request.id)/decision", form: decision).0 == .forbidden)
            #expect(try await world.status(.customerA, .POST, "/desk/port25/\(request.id)/decision", form: decision).0 == .notFound)
            #expect(try await world.status(.agent, .POST, "/desk/port25/\(request.id)/decision", form: decision, csrf: false).0 == .forbidden)
            let (_, desk, _) = try await world.status(.agent, .GET, "/desk/port25")
            #expect(desk.contains("id=\"pending-\(request.id)\""))
            let (decided, _, back) = try await world.status(.agent, .POST, "/desk/port25/\(request.id)/decision", form: decision)
            #expect(decided == .seeOther && back == "/desk/port25?done=approved")
            #expect(try await Port25Repository(world.store).isOpen(IPAddress("192.0.2.5")!))
            let (_, history, _) = try await world.status(.agent, .GET, "/desk/port25?address=192.0.2.5")
            #expect(history.contains("History of 192.0.2.5") && history.contains("customer:A") && history.contains("staff:agent"))
        }
    }

    /// Security headers on every kind of response, cookies HttpOnly and SameSite.
    @Test func securityHeadersAndCookies() async throws {
        try await Self.withWorld(.sqlite) { world in
            for path in ["/", "/login", "/desk", "/nonexistent", "/api/v1/cases"] {
                try await world.app.testing().test(.GET, path) { response in
                    let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline") && csp.contains("default-src 'none'"), "\(path): \(csp)")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP")
                }
            }
            try await world.app.testing().test(.GET, "/login") { response in
                let cookie = response.headers.first(name: .setCookie) ?? ""
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
            }
        }
    }
}
