import BailiffCore
import BailiffStore
import BailiffWeb
import Foundation
import Vapor

/// The rest of the JSON API: reported events, stored reports, who held an address, the policy
/// versions, and portal sign-in links for a panel. Described in `/api/openapi.yaml`.
struct RecordsAPIController: Sendable {
    let context: BailiffApplication.Context
    let auth: APIAuthenticator

    init(context: BailiffApplication.Context) {
        self.context = context
        auth = APIAuthenticator(store: context.store, configuration: context.configuration)
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.get("events", use: events)
        api.get("reports", ":sha256", use: report)
        api.get("inventory", "attribution", use: attribution)
        api.get("policy", use: policies)
        api.get("policy", ":version", use: policy)
        api.post("portal-links", use: portalLink)
        routes.get("api", "openapi.yaml") { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(string: OpenAPIDocument.text))
        }
    }

    struct EventJSON: Content {
        var sha256: String, position: Int, ip: String?, port: Int?, url: String?, category: String, occurredAt: String, timeSource: String
        var reporter: String?, attribution: String, service: String?, customer: String?, reseller: String?
        init(_ event: ReportRepository.StoredEvent) {
            sha256 = event.sha256; position = event.position; ip = event.ip; port = event.port; url = event.url; category = event.category
            occurredAt = Timestamp.format(event.occurredAt); timeSource = event.timeSource; reporter = event.reporter; attribution = event.attribution
            service = event.serviceID; customer = event.customerID; reseller = event.resellerID
        }
    }

    @Sendable func events(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .eventsRead) { _ in
            var problems: [String] = []
            var parameters: [(String, String)] = []
            var ip: String?
            if let text = request.query[String.self, at: "ip"], !text.isEmpty {
                if let address = try? IPAddress(parsing: text) { ip = address.description; parameters.append(("ip", text)) } else { problems.append("ip must be an IPv4 or IPv6 address") }
            }
            func time(_ name: String) -> Int64? {
                guard let text = request.query[String.self, at: name], !text.isEmpty else { return nil }
                guard let instant = Timestamp.parse(text) else { problems.append("\(name) must be a time (2026-11-29T14:00:00Z or 2026-11-29)"); return nil }
                parameters.append((name, text))
                return instant
            }
            let since = time("since"), until = time("until")
            let page = request.query[Int.self, at: "page"] ?? 1, perPage = request.query[Int.self, at: "per_page"] ?? 50
            if page < 1 || page > 1_000_000 { problems.append("page must be a positive number") }
            if !(1...CaseQueueQuery.maximumPageSize).contains(perPage) { problems.append("per_page must be 1–\(CaseQueueQuery.maximumPageSize)") }
            guard problems.isEmpty else { return APIReply.error(.badRequest, problems.joined(separator: "; ")) }
            if perPage != 50 { parameters.append(("per_page", String(perPage))) }
            let (events, total) = try await ReportRepository(context.store).events(ip: ip, since: since, until: until, limit: perPage, offset: (page - 1) * perPage)
            return try APIReply.json(APIPage(items: events.map(EventJSON.init), page: page, perPage: perPage, total: total, path: "/api/v1/events", parameters: parameters))
        }
    }

    struct ReportJSON: Content {
        var sha256: String, status: String, format: String?, reason: String?, receivedAt: String?, events: [EventJSON]
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .reportsRead) { _ in
            guard let sha256 = request.parameters.get("sha256")?.lowercased(), sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else {
                return APIReply.error(.badRequest, "give the report's SHA-256 as 64 hex digits")
            }
            let reports = ReportRepository(context.store)
            guard let status = try await reports.status(sha256: sha256) else { return APIReply.error(.notFound, "no stored report \(sha256)") }
            let received = try await EvidenceRepository(context.store).deliveries(sha256: sha256).map(\.receivedAt).min()
            return try APIReply.json(ReportJSON(sha256: sha256, status: status.status, format: status.format, reason: status.reason,
                                                receivedAt: received.map(Timestamp.format), events: try await reports.events(sha256: sha256).map(EventJSON.init)))
        }
    }

    @Sendable func attribution(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .inventoryRead) { _ in
            guard let text = request.query[String.self, at: "ip"], let address = try? IPAddress(parsing: text) else {
                return APIReply.error(.badRequest, "give ip=<IPv4 or IPv6 address>")
            }
            var instant = Int64(Date().timeIntervalSince1970)
            if let at = request.query[String.self, at: "at"], !at.isEmpty {
                guard let parsed = Timestamp.parse(at) else { return APIReply.error(.badRequest, "at must be a time (2026-11-29T14:00:00Z or 2026-11-29)") }
                instant = parsed
            }
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: context.attribution.attribute(address, at: instant).json(address: address, at: instant)))
        }
    }

    struct PolicyJSON: Content {
        var version: String, effectiveAt: String, publishedAt: String, publishedBy: String, sha256: String, source: String?
        init(_ published: PolicyRepository.Published, withSource: Bool) {
            version = published.version; effectiveAt = Timestamp.format(published.effectiveAt); publishedAt = Timestamp.format(published.publishedAt)
            publishedBy = published.publishedBy; sha256 = published.sha256; source = withSource ? published.source : nil
        }
    }

    @Sendable func policies(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .policyRead) { _ in
            let all = try await PolicyRepository(context.store).all().map { PolicyJSON($0, withSource: false) }
            return try APIReply.json(APIPage(items: all, page: 1, perPage: max(all.count, 1), total: all.count, path: "", parameters: []))
        }
    }

    @Sendable func policy(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .policyRead) { _ in
            let version = request.parameters.get("version") ?? ""
            guard let published = try await PolicyRepository(context.store).all().first(where: { $0.version == version }) else {
                return APIReply.error(.notFound, "no policy version '\(version)'")
            }
            return try APIReply.json(PolicyJSON(published, withSource: true))
        }
    }

    struct PortalLinkBody: Content {
        var customer: String?
        var reseller: String?
    }
    struct PortalLinkJSON: Content { var url: String, expiresAt: String }

    /// A panel asks for a one-time portal link for its customer (or reseller) and hands it over.
    @Sendable func portalLink(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .portalLinks) { client in
            guard let body = try? request.content.decode(PortalLinkBody.self), (body.customer == nil) != (body.reseller == nil) else {
                return APIReply.error(.badRequest, "send {\"customer\": \"ID\"} or {\"reseller\": \"ID\"}")
            }
            let now = Int64(Date().timeIntervalSince1970)
            let hours = context.configuration.webPortalLinkHours
            do {
                let url = try await WebAccounts.portalLink(context.store, kind: body.customer != nil ? .customer : .reseller, subject: body.customer ?? body.reseller!,
                                                           baseURL: context.configuration.webBaseURL, by: "api:\(client.name)", now: now, lifetimeHours: hours)
                return try APIReply.json(PortalLinkJSON(url: url, expiresAt: Timestamp.format(now + Int64(hours) * 3_600)), status: .created)
            } catch let error as StoreError {
                return APIReply.error(.notFound, error.description)
            }
        }
    }
}
