import BailiffCore
@testable import BailiffServer
import BailiffStore
import BailiffWeb
import Foundation
import Testing
import VaporTesting

/// Staff sign-in end to end: login CSRF, password, TOTP code used once, lock-out, audit.
@Suite struct WebSignInTests {
    struct Browser {
        var app: Application
        var cookies: [String: String] = [:]

        mutating func send(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil) async throws -> (HTTPStatus, String, String?) {
            var headers = HTTPHeaders()
            if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
            var result: (HTTPStatus, String, String?) = (.internalServerError, "", nil)
            var received: [String: String] = [:]
            try await app.testing().test(method, path, headers: headers, beforeRequest: { request in
                if let form { try request.content.encode(form, as: .urlEncodedForm) }
            }) { response in
                result = (response.status, response.body.string, response.headers.first(name: .location))
                for value in response.headers[.setCookie] {
                    let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                    received[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
                }
            }
            for (name, value) in received { cookies[name] = value.isEmpty ? nil : value }
            return result
        }

        static func field(_ name: String, in html: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        mutating func signIn(_ name: String, _ password: String) async throws -> (HTTPStatus, String, String?) {
            let (_, page, _) = try await send(.GET, "/login")
            return try await send(.POST, "/login", form: ["csrf": Self.field("csrf", in: page) ?? "", "username": name, "password": password])
        }
    }

    @Test func passwordThenCodeThenLockOut() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            let now = Int64(Date().timeIntervalSince1970)
            let enrolment = try await WebAccounts.enrol(world.store, name: "mari", role: .agent, password: "correct horse battery", by: "test", now: now, cost: 4)
            let totp = TOTP(secret: Base32.decode(enrolment.totpSecret)!)
            var browser = Browser(app: world.app)

            // A login form posted without its cookie (a cross-site forgery) is refused.
            var stranger = Browser(app: world.app)
            #expect(try await stranger.send(.POST, "/login", form: ["csrf": "x", "username": "mari", "password": "correct horse battery"]).0 == .forbidden)

            let (status, _, location) = try await browser.signIn("mari", "correct horse battery")
            #expect(status == .seeOther && location == "/login/totp")
            #expect(try await browser.send(.GET, "/desk").2 == "/login", "a password alone does not open the desk")
            let (_, codePage, _) = try await browser.send(.GET, "/login/totp")
            let csrf = Browser.field("csrf", in: codePage) ?? ""
            #expect(try await browser.send(.POST, "/login/totp", form: ["csrf": csrf, "code": "000000" == totp.code(at: now) ? "111111" : "000000"]).0 == .unauthorized)
            let code = totp.code(at: now)
            #expect(try await browser.send(.POST, "/login/totp", form: ["csrf": csrf, "code": code]).2 == "/desk")
            #expect(try await browser.send(.GET, "/desk").0 == .ok)

            // The same code does not sign in a second time.
            var second = Browser(app: world.app)
            _ = try await second.signIn("mari", "correct horse battery")
            let (_, secondPage, _) = try await second.send(.GET, "/login/totp")
            #expect(try await second.send(.POST, "/login/totp", form: ["csrf": Browser.field("csrf", in: secondPage) ?? "", "code": code]).0 == .unauthorized)

            // Five failures in a row (the replayed code was the first) lock the account; the right
            // password is then refused too.
            var attacker = Browser(app: world.app)
            for _ in 0..<3 { #expect(try await attacker.signIn("mari", "guess").0 == .unauthorized) }
            let (_, lockedPage, _) = try await attacker.signIn("mari", "guess")
            #expect(!lockedPage.contains("locked"), "the fifth failure itself still says only 'wrong'")
            let (refused, refusedPage, _) = try await attacker.signIn("mari", "correct horse battery")
            #expect(refused == .unauthorized && refusedPage.contains("locked"))
            #expect(try await StaffAccountRepository(world.store).find(name: "mari")?.lockedUntil ?? 0 > now)

            // Signing out ends the session on the server, not only in the browser.
            let session = browser.cookies[WebAuthenticator.cookieName]!
            let (_, desk, _) = try await browser.send(.GET, "/desk")
            #expect(try await browser.send(.POST, "/logout", form: ["csrf": Browser.field("csrf", in: desk) ?? ""]).2 == "/")
            var replay = Browser(app: world.app)
            replay.cookies[WebAuthenticator.cookieName] = session
            #expect(try await replay.send(.GET, "/desk").2 == "/login")

            let actions = try await AuditLog.entries(world.store, from: 1, limit: 1_000).filter { $0.subject == "staff:mari" }.map(\.action)
            #expect(actions.contains("login.success") && actions.contains("login.code-failure") && actions.contains("login.locked") && actions.contains("login.refused-locked"))
        }
    }
}
