import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// The pages anyone may read: the home page, the Acceptable Use Policy with its versions, the
/// complaint form, and the stylesheet.
struct PublicController: Sendable {
    let web: WebContext

    func register(_ routes: any RoutesBuilder) {
        routes.get(use: home)
        routes.get("aup", use: policy)
        routes.get("aup", ":version", use: policy)
        routes.get("report", use: reportForm)
        routes.post("report", use: submitReport)
        routes.get("static", "bailiff.css") { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
        }
    }

    private func frame(_ request: Request) async -> Layout.Frame {
        guard let identity = try? await web.authenticator.identify(request) else { return .init() }
        return .init(principal: identity.principal, csrf: identity.session.csrf)
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        WebPage.html(Layout.page("Abuse desk", await frame(request), main: """
            <p>This is the abuse desk of our network. Read the <a href="/aup">Acceptable Use Policy</a>, or
            <a href="/report">report abuse</a> coming from our addresses.</p>
            <p>Customers and resellers: open the sign-in link in your notice. Staff: <a href="/login">sign in</a>.</p>
            """))
    }

    @Sendable func policy(_ request: Request) async throws -> Response {
        let published = try await PolicyRepository(web.store).all()
        let now = request.now
        let frame = await frame(request)
        let inForce = published.filter { $0.effectiveAt <= now }.max { $0.effectiveAt < $1.effectiveAt } ?? published.first
        let wanted = request.parameters.get("version")
        guard let shown = wanted.map({ version in published.first { $0.version == version } }) ?? inForce else { return WebPage.notFound(frame) }
        let history = published.sorted { $0.effectiveAt > $1.effectiveAt }.map { PublicPages.PolicyVersion(version: $0.version, effectiveAt: $0.effectiveAt, publishedAt: $0.publishedAt) }
        return WebPage.html(PublicPages.policy(markdown: shown.source, version: .init(version: shown.version, effectiveAt: shown.effectiveAt, publishedAt: shown.publishedAt),
                                               inForce: shown.version == inForce?.version, history: history, frame: frame))
    }

    @Sendable func reportForm(_ request: Request) async throws -> Response {
        var form = PublicReportForm()
        form.category = request.query[String.self, at: "category"] ?? ""
        return WebPage.html(PublicPages.reportForm(form, problems: [], frame: await frame(request)))
    }

    @Sendable func submitReport(_ request: Request) async throws -> Response {
        let frame = await frame(request)
        var fields: [String: String] = [:]
        for name in ["category", "email", "name", "target", "time", "description", "prior_contact", "material", "proof"] { fields[name] = request.formField(name) }
        let form = PublicReportForm(fields: fields)
        guard web.authenticator.sameOrigin(request) else { return WebPage.forbidden(frame, "Send the form from this site.") }
        let problems = form.problems()
        guard problems.isEmpty else { return WebPage.html(PublicPages.reportForm(form, problems: problems, frame: frame), status: .unprocessableEntity) }
        guard web.allow(web.reportLimiter, request) else {
            return WebPage.html(PublicPages.reportForm(form, problems: ["You sent several reports in a short time; wait a few minutes, or write to our abuse address."], frame: frame),
                                status: .tooManyRequests)
        }
        let now = request.now
        let reference = "F-" + String(SecretToken.generate().prefix(10)).uppercased().replacingOccurrences(of: "-", with: "X").replacingOccurrences(of: "_", with: "Y")
        let host = URL(string: web.configuration.webBaseURL)?.host ?? "bailiff.invalid"
        let envelope = Envelope(channel: .form, mailFrom: "", recipients: ["report-form@\(host)"], clientAddress: request.clientAddress, receivedAt: now)
        _ = try await EvidenceRepository(web.store).store(form.message(reference: reference, receivedAt: now, host: host), envelope: envelope)
        return WebPage.html(PublicPages.acknowledgement(reference: reference, frame: frame))
    }
}
