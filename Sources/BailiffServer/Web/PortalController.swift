import BailiffCore
import BailiffNet
import BailiffStore
import BailiffWeb
import Vapor

/// The customer and reseller portal. A person arrives with a one-time link (from a notice, the
/// panel or `bailiff portal link`), sees only their own cases — a reseller those of its own
/// customers — never a hidden category, and answers. Any case they may not see is "not found".
struct PortalController: Sendable {
    let web: WebContext

    func register(_ routes: any RoutesBuilder) {
        let portal = routes.grouped("portal")
        portal.get("signin", use: signInPage)
        portal.post("signin", use: signIn)
        portal.get(use: home)
        portal.get("cases", ":id", use: casePage)
        portal.post("cases", ":id", "answer", use: answer)
        portal.on(.POST, "cases", ":id", "evidence", body: .collect(maxSize: ByteCount(value: PortalDocument.maximumBytes + 512 * 1024)), use: upload)
        portal.post("cases", ":id", "torrc", use: torrc)
        registerPort25(portal)
    }

    @Sendable func signInPage(_ request: Request) async throws -> Response {
        let token = request.query[String.self, at: "token"] ?? ""
        guard SecretToken.isWellFormed(token) else {
            return WebPage.html(Layout.page("Sign-in link not valid", .init(), main: "<p>This sign-in link is incomplete. Use the whole link from the mail, or ask for a new one.</p>"), status: .badRequest)
        }
        return WebPage.html(PortalPages.signIn(token: token, frame: .init()))
    }

    @Sendable func signIn(_ request: Request) async throws -> Response {
        guard web.authenticator.sameOrigin(request), web.allow(web.loginLimiter, request) else {
            return WebPage.forbidden(.init(), "Too many attempts, or a request from another site.")
        }
        let token = request.formField("token") ?? ""
        guard SecretToken.isWellFormed(token), let (kind, subject) = try await PortalLinkRepository(web.store).redeem(tokenHash: SecretToken.digest(token), now: request.now),
              kind == "customer" || kind == "reseller"
        else {
            return WebPage.html(Layout.page("Sign-in link not valid", .init(), main: "<p>This link was used already or has expired. Ask for a new one: reply to the notice, or use your control panel.</p>"),
                                status: .unauthorized)
        }
        let response = WebPage.redirect("/portal")
        try await web.authenticator.end(request, on: response)
        try await web.authenticator.start(kind: kind, subject: subject, secondFactor: false, lifetime: Int64(web.configuration.webSessionHours) * 3_600, on: response, now: request.now)
        return response
    }

    /// Runs `body` for a signed-in customer or reseller; staff use the desk, anyone else signs in.
    func party(_ request: Request, _ body: (WebAuthenticator.Identity, Layout.Frame) async throws -> Response) async throws -> Response {
        guard let identity = try await web.authenticator.identify(request) else {
            return WebPage.html(Layout.page("Sign in", .init(), main: "<p>Open the sign-in link from your abuse notice, or from your control panel.</p>"), status: .unauthorized)
        }
        let frame = Layout.Frame(principal: identity.principal, csrf: identity.session.csrf)
        guard identity.principal.kind != .staff else { return WebPage.redirect("/desk") }
        return try await body(identity, frame)
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            var query = CaseQueueQuery()
            query.state = .all
            query.pageSize = CaseQueueQuery.maximumPageSize
            switch identity.principal {
            case .customer(let id): query.customerID = id
            case .reseller(let id): query.resellerID = id
            case .staff: return WebPage.redirect("/desk")
            }
            let now = request.now
            let hidden = try await web.hiddenCategories(now: now)
            let cases = try await CaseRepository(web.store).queue(query, now: now, excludingCategories: hidden).cases
            let days = 365
            let violations = try await CaseRepository(web.store).standing(customerID: query.customerID, resellerID: query.resellerID, since: now - Int64(days) * 86_400)
                .filter { !hidden.contains($0.key) && $0.key != AbuseCategory.attackTarget.rawValue }
            var frame = frame
            frame.flash = request.query[String.self, at: "done"] == "answer" ? "Your answer was added to the case." : nil
            return WebPage.html(PortalPages.home(identity.principal, cases: cases.map(CaseSummary.init), standing: .init(days: days, violations: violations), now: now, frame: frame))
        }
    }

    /// The case, if this person may see it, with the access rules it was judged by.
    private func visibleCase(_ request: Request, _ identity: WebAuthenticator.Identity) async throws
        -> (record: CaseRepository.CaseRecord, summary: CaseSummary, access: CaseAccess)? {
        guard let id = request.parameters.get("id").flatMap(Int64.init), let record = try await CaseRepository(web.store).find(id: id) else { return nil }
        let summary = CaseSummary(record)
        let access = try await web.access(now: request.now)
        return access.maySee(summary.ownership, identity.principal) ? (record, summary, access) : nil
    }

    /// Timeline entries a customer may read: decisions, answers, the verdict on their opt-in
    /// records and what the adapters did — not
    /// staff notes, time or assignments, and not mail to reporters.
    static func customerVisible(_ entry: CaseRepository.TimelineEntry) -> Bool {
        entry.kind == "decision" || entry.kind == "answer" || entry.kind.hasPrefix("opt-in-") || (entry.kind == "action" && entry.actor.hasPrefix("adapter:"))
    }

    @Sendable func casePage(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            guard let (record, summary, access) = try await visibleCase(request, identity) else { return WebPage.notFound(frame) }
            let repository = CaseRepository(web.store)
            let stored = try await repository.events(caseID: summary.id)
            // Excerpts lose third parties' addresses (the reporter's, recipients'); the customer's own stay.
            let redactor = EvidenceRedactor(keep: Set(stored.compactMap { $0.ip.flatMap { try? IPAddress(parsing: $0) } }))
            let events = stored.map {
                EventLine(sha256: $0.sha256, position: $0.position, ip: $0.ip, url: $0.url, category: $0.category, occurredAt: $0.occurredAt, reporter: nil, trust: nil,
                          excerpt: $0.excerpt.map(redactor.redact))
            }
            // Decisions name the reporters behind their trust; the customer sees neither their addresses nor others' IPs.
            let timeline = try await repository.timeline(caseID: summary.id).filter(Self.customerVisible).map {
                TimelineLine(at: $0.at, kind: $0.kind, actor: "", text: redactor.redact($0.text))
            }
            // The notice for the case's current step, as the mailer writes it (the reporter's details redacted by the policy).
            var notice: (subject: String, text: String)?
            if let mail = try? await NoticePreview.compose(record, store: web.store, configuration: web.configuration, history: try await web.policies.history(now: request.now), now: request.now) {
                notice = (mail.subject, mail.text)
            }
            return WebPage.html(PortalPages.casePage(summary, events: events, timeline: timeline, notice: notice, now: request.now,
                                                     mayAnswer: access.mayAnswer(summary.ownership, identity.principal), frame: frame))
        }
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            guard let summary = try await visibleCase(request, identity)?.summary else { return WebPage.notFound(frame) }
            guard web.authenticator.verifyForm(request, csrf: identity.session.csrf) else { return WebPage.forbidden(frame, "The form had expired; reload the page.") }
            do {
                try await web.cases.answer(caseID: summary.id, actor: identity.principal.actor, text: request.formField("text") ?? "", now: request.now)
            } catch let error as StoreError {
                var frame = frame
                frame.error = "Not sent: \(error.description)."
                return WebPage.html(Layout.page("Case #\(summary.id)", frame, main: "<p><a href=\"/portal/cases/\(summary.id)\">Back to the case</a></p>"), status: .unprocessableEntity)
            }
            return WebPage.redirect("/portal/cases/\(summary.id)")
        }
    }

    struct Upload: Content {
        var note: String?
        var file: File
    }

    /// A document for the case (opt-in records for a mailing list, a cleaned configuration).
    @Sendable func upload(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            guard let summary = try await visibleCase(request, identity)?.summary else { return WebPage.notFound(frame) }
            guard web.authenticator.verifyForm(request, csrf: identity.session.csrf) else { return WebPage.forbidden(frame, "The form had expired; reload the page.") }
            guard let upload = try? request.content.decode(Upload.self) else { return failed(summary, frame, "choose a file to upload") }
            let document = PortalDocument(caseID: summary.id, actor: identity.principal.actor, note: (upload.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                          filename: upload.file.filename, contentType: upload.file.contentType?.serialize() ?? "",
                                          bytes: Array(upload.file.data.readableBytesView))
            if let problem = document.problem() { return failed(summary, frame, problem) }
            let host = URL(string: web.configuration.webBaseURL)?.host ?? "bailiff.invalid"
            _ = try await EvidenceRepository(web.store).storeCaseDocument(document.message(now: request.now, host: host), caseID: summary.id, actor: identity.principal.actor,
                                                                          summary: document.summary, clientAddress: request.clientAddress, now: request.now)
            return WebPage.redirect("/portal/cases/\(summary.id)")
        }
    }

    /// A torrc, to show that a Tor relay on the service is not an exit: judged at once by
    /// tor(1)'s rules, the verdict shown and put on the case for staff.
    @Sendable func torrc(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            guard let summary = try await visibleCase(request, identity)?.summary else { return WebPage.notFound(frame) }
            guard web.authenticator.verifyForm(request, csrf: identity.session.csrf) else { return WebPage.forbidden(frame, "The form had expired; reload the page.") }
            let text = String((request.formField("torrc") ?? "").prefix(100_000))
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return failed(summary, frame, "paste the relay's torrc") }
            let verdict = TorrcCheck.verdict(text)
            let words = (verdict.exits ? "the submitted torrc makes an EXIT relay: " : "the submitted torrc makes a relay that does not exit: ") + verdict.reasons.joined(separator: "; ")
            try await web.cases.answer(caseID: summary.id, actor: identity.principal.actor, text: words, now: request.now)
            return WebPage.redirect("/portal/cases/\(summary.id)")
        }
    }

    private func failed(_ summary: CaseSummary, _ frame: Layout.Frame, _ why: String) -> Response {
        var frame = frame
        frame.error = "Not sent: \(why)."
        return WebPage.html(Layout.page("Case #\(summary.id)", frame, main: "<p><a href=\"/portal/cases/\(summary.id)\">Back to the case</a></p>"), status: .unprocessableEntity)
    }
}
