import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// Staff sign-in: user name and password (bcrypt), then a TOTP code; five failures of either
/// lock the account for fifteen minutes. Every outcome goes into the audit log.
struct LoginController: Sendable {
    let web: WebContext

    /// A bcrypt hash of a random password: checked when the user name is unknown, so that the
    /// answer takes as long as for a real account.
    static let decoyHash = (try? Bcrypt.hash(SecretToken.generate(), cost: 12)) ?? ""

    func register(_ routes: any RoutesBuilder) {
        routes.get("login", use: form)
        routes.post("login", use: password)
        routes.get("login", "totp", use: codeForm)
        routes.post("login", "totp", use: code)
        routes.post("logout", use: logout)
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        if let identity = try await web.authenticator.identify(request), identity.principal.kind == .staff { return WebPage.redirect("/desk") }
        return loginPage(request, error: nil, username: "")
    }

    private func loginPage(_ request: Request, error: String?, username: String, status: HTTPResponseStatus = .ok) -> Response {
        // Login CSRF: the form's token must match a cookie only this site could have set.
        let token = SecretToken.generate()
        let response = WebPage.html(LoginPages.password(csrf: token, frame: .init(error: error), username: username), status: status)
        response.cookies[WebAuthenticator.loginCookieName] = web.authenticator.cookie(token, maxAge: 900, sameSite: .strict)
        return response
    }

    @Sendable func password(_ request: Request) async throws -> Response {
        guard let cookie = request.cookies[WebAuthenticator.loginCookieName]?.string, let presented = request.formField("csrf"),
              web.authenticator.sameOrigin(request), constantTimeEqual(cookie, presented)
        else { return loginPage(request, error: "The sign-in form had expired. Please try again.", username: "", status: .forbidden) }
        guard web.allow(web.loginLimiter, request) else {
            return loginPage(request, error: "Too many sign-in attempts from your address; wait a minute.", username: "", status: .tooManyRequests)
        }
        let name = String((request.formField("username") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let password = String((request.formField("password") ?? "").prefix(200))
        let now = request.now
        let accounts = StaffAccountRepository(web.store)
        guard let account = try await accounts.find(name: name), !account.disabled else {
            _ = try? await request.password.async.verify(password, created: Self.decoyHash)
            return loginPage(request, error: "Wrong user name or password.", username: name, status: .unauthorized)
        }
        let state = LoginLockout.State(failures: account.failures, lockedUntil: account.lockedUntil)
        if web.lockout.isLocked(state, now: now) {
            try await accounts.recordAttempt(name: name, failures: account.failures, lockedUntil: account.lockedUntil, outcome: "refused-locked",
                                             clientAddress: request.clientAddress, now: now)
            return loginPage(request, error: "This account is locked after repeated failures; try again in \(((account.lockedUntil ?? now) - now + 59) / 60) min or ask an admin.",
                             username: name, status: .unauthorized)
        }
        guard try await request.password.async.verify(password, created: account.passwordHash) else {
            let next = web.lockout.failed(state, now: now)
            try await accounts.recordAttempt(name: name, failures: next.failures, lockedUntil: next.lockedUntil, outcome: next.lockedUntil == nil ? "failure" : "locked",
                                             clientAddress: request.clientAddress, now: now)
            return loginPage(request, error: "Wrong user name or password.", username: name, status: .unauthorized)
        }
        let response = WebPage.redirect("/login/totp")
        try await web.authenticator.start(kind: WebAuthenticator.pendingKind, subject: account.name, secondFactor: false, lifetime: 300, on: response, now: now)
        response.cookies[WebAuthenticator.loginCookieName] = web.authenticator.cookie("", maxAge: 0, sameSite: .strict)
        return response
    }

    @Sendable func codeForm(_ request: Request) async throws -> Response {
        guard let session = try await web.authenticator.session(request), session.kind == WebAuthenticator.pendingKind else { return WebPage.redirect("/login") }
        return WebPage.html(LoginPages.secondFactor(frame: .init(csrf: session.csrf)))
    }

    @Sendable func code(_ request: Request) async throws -> Response {
        guard let session = try await web.authenticator.session(request), session.kind == WebAuthenticator.pendingKind else { return WebPage.redirect("/login") }
        guard web.authenticator.verifyForm(request, csrf: session.csrf) else {
            return WebPage.html(LoginPages.secondFactor(frame: .init(csrf: session.csrf, error: "The form had expired; enter the code again.")), status: .forbidden)
        }
        let now = request.now
        let accounts = StaffAccountRepository(web.store)
        guard let account = try await accounts.find(name: session.subject), !account.disabled, let secret = Base32.decode(account.totpSecret) else {
            return WebPage.redirect("/login")
        }
        let state = LoginLockout.State(failures: account.failures, lockedUntil: account.lockedUntil)
        guard !web.lockout.isLocked(state, now: now) else {
            let response = WebPage.redirect("/login")
            try await web.authenticator.end(request, on: response)
            return response
        }
        guard let step = TOTP(secret: secret).verify(request.formField("code") ?? "", at: now, lastUsedStep: account.totpLastStep) else {
            let next = web.lockout.failed(state, now: now)
            try await accounts.recordAttempt(name: account.name, failures: next.failures, lockedUntil: next.lockedUntil,
                                             outcome: next.lockedUntil == nil ? "code-failure" : "locked", clientAddress: request.clientAddress, now: now)
            if next.lockedUntil != nil {
                let response = WebPage.redirect("/login")
                try await web.authenticator.end(request, on: response)
                return response
            }
            return WebPage.html(LoginPages.secondFactor(frame: .init(csrf: session.csrf, error: "That code is not right (or was used already). Enter the current one.")), status: .unauthorized)
        }
        try await accounts.recordAttempt(name: account.name, failures: 0, lockedUntil: nil, totpStep: step, outcome: "success", clientAddress: request.clientAddress, now: now)
        let response = WebPage.redirect("/desk")
        try await web.authenticator.end(request, on: response)
        try await web.authenticator.start(kind: "staff", subject: account.name, secondFactor: true, lifetime: Int64(web.configuration.webSessionHours) * 3_600,
                                          on: response, now: now)
        return response
    }

    @Sendable func logout(_ request: Request) async throws -> Response {
        guard let session = try await web.authenticator.session(request) else { return WebPage.redirect("/") }
        guard web.authenticator.verifyForm(request, csrf: session.csrf) else { return WebPage.forbidden(.init(), "The sign-out form had expired; reload the page.") }
        let response = WebPage.redirect("/")
        try await web.authenticator.end(request, on: response)
        return response
    }
}
