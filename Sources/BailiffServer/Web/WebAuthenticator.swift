import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// Who a browser is: its session cookie, looked up by digest, and — for staff — the account as
/// it is now (a disabled account or a changed role takes effect at the next request).
struct WebAuthenticator: Sendable {
    let store: Store
    let configuration: BailiffConfiguration

    static let cookieName = "bailiff_session"
    static let loginCookieName = "bailiff_login"
    /// A staff session between password and TOTP code is good for five minutes and nothing else.
    static let pendingKind = "staff-pending"

    /// A signed-in person and their session.
    struct Identity: Sendable {
        var principal: Principal
        var session: WebSessionRepository.Session
    }

    /// The complete session behind the request's cookie, if any.
    func identify(_ request: Request) async throws -> Identity? {
        guard let session = try await session(request), session.kind != Self.pendingKind else { return nil }
        switch session.kind {
        case "staff":
            guard session.secondFactor, let account = try await StaffAccountRepository(store).find(name: session.subject), !account.disabled,
                  let role = StaffRole(rawValue: account.role) else { return nil }
            return Identity(principal: .staff(name: account.name, role: role), session: session)
        case "customer": return Identity(principal: .customer(id: session.subject), session: session)
        case "reseller": return Identity(principal: .reseller(id: session.subject), session: session)
        default: return nil
        }
    }

    /// Any live session behind the cookie, pending ones included.
    func session(_ request: Request) async throws -> WebSessionRepository.Session? {
        guard let token = request.cookies[Self.cookieName]?.string, SecretToken.isWellFormed(token) else { return nil }
        return try await WebSessionRepository(store).find(tokenHash: SecretToken.digest(token), now: request.now)
    }

    /// Starts a session and sets its cookie on `response`.
    func start(kind: String, subject: String, secondFactor: Bool, lifetime: Int64, on response: Response, now: Int64) async throws {
        let token = SecretToken.generate()
        try await WebSessionRepository(store).create(.init(tokenHash: SecretToken.digest(token), kind: kind, subject: subject, csrf: SecretToken.generate(),
                                                           secondFactor: secondFactor, createdAt: now, expiresAt: now + lifetime))
        response.cookies[Self.cookieName] = cookie(token, maxAge: Int(lifetime))
    }

    /// Ends the request's session and clears the cookie.
    func end(_ request: Request, on response: Response) async throws {
        if let token = request.cookies[Self.cookieName]?.string, SecretToken.isWellFormed(token) {
            try await WebSessionRepository(store).delete(tokenHash: SecretToken.digest(token))
        }
        response.cookies[Self.cookieName] = cookie("", maxAge: 0)
    }

    /// HttpOnly, SameSite=Lax (a link from a mail opens the page signed in; a cross-site POST
    /// carries no cookie), Secure behind TLS.
    func cookie(_ value: String, maxAge: Int, sameSite: HTTPCookies.SameSitePolicy = .lax) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: configuration.webIsHTTPS, isHTTPOnly: true, sameSite: sameSite)
    }

    /// A state-changing request must carry the session's CSRF token and, when the browser says
    /// where it comes from, come from this site.
    func verifyForm(_ request: Request, csrf expected: String) -> Bool {
        guard sameOrigin(request) else { return false }
        guard let presented = request.formField("csrf") ?? request.headers.first(name: "X-CSRF-Token") else { return false }
        return constantTimeEqual(presented, expected)
    }

    /// The browser says the request comes from this site (Fetch Metadata and Origin, when sent).
    func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" || site == "same-site" { return false }
        guard let origin = request.headers.first(name: "Origin") else { return true }
        if origin == configuration.webBaseURL { return true }
        guard let host = request.headers.first(name: .host) else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}
