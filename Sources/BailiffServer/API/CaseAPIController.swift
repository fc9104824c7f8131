import BailiffCore
import BailiffStore
import BailiffWeb
import Foundation
import Logging
import Vapor

/// The staff JSON API for cases: a filtered, paginated list in the queue's urgency order, one
/// case with its timeline and intents, its events, what staff do (note, time, confirm,
/// escalate, link, resolve, override, assign), and standing. Every change goes through
/// ``CaseService`` and so onto the timeline and into the audit log, naming the person (`by`)
/// and the token. Described in `/api/openapi.yaml`.
struct CaseAPIController: Sendable {
    let context: BailiffApplication.Context
    let service: CaseService
    let auth: APIAuthenticator

    init(context: BailiffApplication.Context) {
        self.context = context
        let policies = PolicyCache(store: context.store)
        service = CaseService(store: context.store, policies: { try await policies.history() }, logger: Logger(label: "bailiff.api"))
        auth = APIAuthenticator(store: context.store, configuration: context.configuration)
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.get("cases", use: list)
        api.get("cases", ":id", use: show)
        api.get("cases", ":id", "events", use: events)
        api.post("cases", ":id", "notes", use: note)
        api.post("cases", ":id", "time", use: time)
        api.post("cases", ":id", "confirm", use: confirm)
        api.post("cases", ":id", "escalate", use: escalate)
        api.post("cases", ":id", "link", use: link)
        api.post("cases", ":id", "resolve", use: resolve)
        api.post("cases", ":id", "override", use: override)
        api.post("cases", ":id", "assign", use: assign)
        api.on(.POST, "cases", ":id", "documents", body: .collect(maxSize: ByteCount(value: PortalDocument.maximumBytes * 4 / 3 + 64 * 1024)), use: document)
        api.post("cases", ":id", "opt-in", use: optIn)
        api.get("standing", use: standing)
    }

    struct CaseJSON: Content {
        var id: Int64, token: String, status: String, category: String, service: String, customer: String, reseller: String?
        var rung: Int?, deadline: String?, clause: String, policyVersion: String, openedAt: String, closedAt: String?, linkedTo: Int64?, assignee: String?
        init(_ record: CaseRepository.CaseRecord) {
            id = record.id; token = record.token; status = record.status; category = record.category; service = record.serviceID
            customer = record.customerID; reseller = record.resellerID; rung = record.rung; deadline = record.deadline.map(Timestamp.format)
            clause = record.clause; policyVersion = record.policyVersion; openedAt = Timestamp.format(record.openedAt)
            closedAt = record.closedAt.map(Timestamp.format); linkedTo = record.linkedTo; assignee = record.assignee
        }
    }

    struct CaseDetail: Content {
        struct Entry: Content { var at: String, kind: String, actor: String, text: String }
        struct Intent: Content { var key: String, action: String, rung: String, clause: String, policyVersion: String, status: String, reason: String }
        var `case`: CaseJSON
        var timeline: [Entry]
        var intents: [Intent]
    }

    struct EventJSON: Content {
        var sha256: String, position: Int, ip: String?, url: String?, category: String, occurredAt: String, reporter: String?, excerpt: String?
        init(_ event: CaseRepository.CaseEvent) {
            sha256 = event.sha256; position = event.position; ip = event.ip; url = event.url; category = event.category
            occurredAt = Timestamp.format(event.occurredAt); reporter = event.reporter; excerpt = event.excerpt
        }
    }

    // MARK: handlers

    @Sendable func list(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .casesRead) { _ in
            let parameters = (try? request.query.decode([String: String].self)) ?? [:]
            let (query, problems) = CaseQueueQuery.parse(parameters)
            guard problems.isEmpty else { return APIReply.error(.badRequest, problems.joined(separator: "; ")) }
            let (records, total) = try await CaseRepository(context.store).queue(query, now: Int64(Date().timeIntervalSince1970))
            return try APIReply.json(APIPage(items: records.map(CaseJSON.init), page: query.page, perPage: query.pageSize, total: total,
                                             path: "/api/v1/cases", parameters: query.parameters()))
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .casesRead) { _ in
            guard let id = caseID(request) else { return APIReply.error(.badRequest, "the case id must be a positive number") }
            let repository = CaseRepository(context.store)
            guard let record = try await repository.find(id: id) else { return APIReply.error(.notFound, "no case \(id)") }
            let detail = CaseDetail(
                case: CaseJSON(record),
                timeline: try await repository.timeline(caseID: id).map { .init(at: Timestamp.format($0.at), kind: $0.kind, actor: $0.actor, text: $0.text) },
                intents: try await repository.intents(caseID: id).map {
                    .init(key: $0.key, action: $0.action, rung: $0.rung, clause: $0.clause, policyVersion: $0.policyVersion, status: $0.status, reason: $0.reason)
                })
            return try APIReply.json(detail)
        }
    }

    @Sendable func events(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .casesRead) { _ in
            guard let id = caseID(request) else { return APIReply.error(.badRequest, "the case id must be a positive number") }
            guard try await CaseRepository(context.store).find(id: id) != nil else { return APIReply.error(.notFound, "no case \(id)") }
            let events = try await CaseRepository(context.store).events(caseID: id).map(EventJSON.init)
            return try APIReply.json(APIPage(items: events, page: 1, perPage: max(events.count, 1), total: events.count, path: "", parameters: []))
        }
    }

    /// A change made by a named person.
    protocol StaffChange: Content { var by: String { get } }
    struct NoteBody: StaffChange { var by: String, text: String }
    struct TimeBody: StaffChange {
        var by: String
        var minutes: Int
        var note: String?
    }
    struct ReasonBody: StaffChange { var by: String, reason: String }
    struct LinkBody: StaffChange { var by: String, other: Int64 }
    struct ResolveBody: StaffChange { var by: String, statement: String }
    struct OverrideBody: StaffChange { var by: String, status: String, reason: String }
    struct AssignBody: StaffChange {
        var by: String
        var assignee: String?
    }

    @Sendable func note(_ request: Request) async throws -> Response {
        try await change(request, NoteBody.self) { id, body, staff, now in try await service.addNote(caseID: id, staff: staff, text: body.text, now: now) }
    }

    @Sendable func time(_ request: Request) async throws -> Response {
        try await change(request, TimeBody.self) { id, body, staff, now in try await service.logTime(caseID: id, staff: staff, minutes: body.minutes, note: body.note ?? "", now: now) }
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        try await change(request, ReasonBody.self) { id, body, staff, now in try await service.confirm(caseID: id, staff: staff, reason: body.reason, now: now) }
    }

    @Sendable func escalate(_ request: Request) async throws -> Response {
        try await change(request, ReasonBody.self) { id, body, staff, now in try await service.escalate(caseID: id, staff: staff, reason: body.reason, now: now) }
    }

    @Sendable func link(_ request: Request) async throws -> Response {
        try await change(request, LinkBody.self) { id, body, staff, now in try await service.link(id, to: body.other, staff: staff, now: now) }
    }

    @Sendable func resolve(_ request: Request) async throws -> Response {
        try await change(request, ResolveBody.self) { id, body, staff, now in try await service.resolve(caseID: id, staff: staff, statement: body.statement, now: now) }
    }

    @Sendable func override(_ request: Request) async throws -> Response {
        try await change(request, OverrideBody.self) { id, body, staff, now in
            guard let status = CaseStatus(rawValue: body.status) else {
                throw StoreError("status must be one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await service.override(caseID: id, status: status, staff: staff, reason: body.reason, now: now)
        }
    }

    @Sendable func assign(_ request: Request) async throws -> Response {
        try await change(request, AssignBody.self) { id, body, staff, now in
            let assignee = body.assignee?.trimmingCharacters(in: .whitespaces)
            try await service.assign(caseID: id, to: assignee?.isEmpty == false ? String(assignee!.prefix(100)) : nil, staff: staff, now: now)
        }
    }

    /// A document the customer gave, sent by the panel that received it (opt-in records, a
    /// cleaned configuration): evidence on the case, never parsed as a report.
    struct DocumentBody: StaffChange {
        var by: String
        /// The document, base64 (at most 10 MiB decoded).
        var content: String
        var note: String?
    }
    struct OptInBody: StaffChange { var by: String, accept: Bool, reason: String }

    @Sendable func document(_ request: Request) async throws -> Response {
        try await change(request, DocumentBody.self) { id, body, actor, now in
            guard let bytes = Data(base64Encoded: body.content, options: .ignoreUnknownCharacters), !bytes.isEmpty else {
                throw StoreError("content must be the document in base64")
            }
            guard bytes.count <= PortalDocument.maximumBytes else { throw StoreError("the document is larger than 10 MiB") }
            let note = (body.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await EvidenceRepository(context.store).storeCaseDocument(
                [UInt8](bytes), caseID: id, actor: actor, summary: "a document (\(bytes.count) bytes)" + (note.isEmpty ? "" : ": \(note.prefix(500))"),
                clientAddress: request.clientAddress, now: now)
        }
    }

    @Sendable func optIn(_ request: Request) async throws -> Response {
        try await change(request, OptInBody.self) { id, body, staff, now in
            try await service.judgeOptInEvidence(caseID: id, accept: body.accept, staff: staff, reason: body.reason, now: now)
        }
    }

    struct StandingQuery: Content {
        var customer: String?
        var reseller: String?
        var days: Int?
    }
    struct StandingJSON: Content {
        var customer: String?
        var reseller: String?
        var days: Int
        var violations: [String: Int]
    }

    @Sendable func standing(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .casesRead) { _ in
            guard let query = try? request.query.decode(StandingQuery.self) else { return APIReply.error(.badRequest, "days must be a number") }
            guard (query.customer == nil) != (query.reseller == nil) else { return APIReply.error(.badRequest, "give customer or reseller") }
            let days = min(max(query.days ?? 365, 1), 3_650)
            let since = Int64(Date().timeIntervalSince1970) - Int64(days) * 86_400
            let counts = try await CaseRepository(context.store).standing(customerID: query.customer, resellerID: query.reseller, since: since)
                .filter { $0.key != AbuseCategory.attackTarget.rawValue }
            return try APIReply.json(StandingJSON(customer: query.customer, reseller: query.reseller, days: days, violations: counts))
        }
    }

    // MARK: plumbing

    /// Runs a change with its decoded body; answers the case as it is afterwards.
    private func change<Body: StaffChange>(_ request: Request, _ type: Body.Type, _ apply: @escaping @Sendable (Int64, Body, String, Int64) async throws -> Void) async throws -> Response {
        try await auth.guarded(request, .casesWrite) { client in
            guard let id = caseID(request) else { return APIReply.error(.badRequest, "the case id must be a positive number") }
            let body: Body
            do { body = try request.content.decode(Body.self) } catch {
                return APIReply.error(.badRequest, "the body is not the JSON this endpoint takes: \(error)")
            }
            if body.by.trimmingCharacters(in: .whitespaces).isEmpty {
                return APIReply.error(.badRequest, "say who acts: \"by\" must name a person")
            }
            do {
                try await apply(id, body, client.actor(String(body.by.prefix(100))), Int64(Date().timeIntervalSince1970))
            } catch let error as StoreError {
                return APIReply.error(error.description.hasPrefix("no case") ? .notFound : .unprocessableEntity, error.description)
            }
            guard let record = try await CaseRepository(context.store).find(id: id) else { return APIReply.error(.notFound, "no case \(id)") }
            return try APIReply.json(CaseJSON(record))
        }
    }

    private func caseID(_ request: Request) -> Int64? {
        guard let text = request.parameters.get("id"), let id = Int64(text), id > 0 else { return nil }
        return id
    }
}
