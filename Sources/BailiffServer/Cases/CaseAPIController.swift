import BailiffCore
import BailiffStore
import Foundation
import Logging
import Vapor

/// The staff JSON API for cases: list and filter, one case with its timeline and intents, and
/// what staff do (note, time, confirm, link, resolve, override), plus standing. Every change
/// goes through ``CaseService`` and so onto the timeline and into the audit log.
///
/// Until staff log in through the web UI, the API takes one bearer token (`api.staff_token`)
/// and the acting person's name in each change (`by`); with no token configured it answers 503.
struct CaseAPIController: Sendable {
    let context: BailiffApplication.Context
    let service: CaseService

    init(context: BailiffApplication.Context) {
        self.context = context
        let policies = PolicyCache(store: context.store)
        service = CaseService(store: context.store, policies: { try await policies.history() }, logger: Logger(label: "bailiff.api"))
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.get("cases", use: list)
        api.get("cases", ":id", use: show)
        api.post("cases", ":id", "notes", use: note)
        api.post("cases", ":id", "time", use: time)
        api.post("cases", ":id", "confirm", use: confirm)
        api.post("cases", ":id", "link", use: link)
        api.post("cases", ":id", "resolve", use: resolve)
        api.post("cases", ":id", "override", use: override)
        api.get("standing", use: standing)
    }

    struct CaseJSON: Content {
        var id: Int64, token: String, status: String, category: String, service: String, customer: String, reseller: String?
        var rung: Int?, deadline: String?, clause: String, policyVersion: String, openedAt: String, closedAt: String?, linkedTo: Int64?
        init(_ record: CaseRepository.CaseRecord) {
            id = record.id; token = record.token; status = record.status; category = record.category; service = record.serviceID
            customer = record.customerID; reseller = record.resellerID; rung = record.rung; deadline = record.deadline.map(Timestamp.format)
            clause = record.clause; policyVersion = record.policyVersion; openedAt = Timestamp.format(record.openedAt)
            closedAt = record.closedAt.map(Timestamp.format); linkedTo = record.linkedTo
        }
    }

    struct CaseDetail: Content {
        struct Entry: Content { var at: String, kind: String, actor: String, text: String }
        struct Intent: Content { var key: String, action: String, rung: String, clause: String, policyVersion: String, status: String, reason: String }
        var `case`: CaseJSON
        var timeline: [Entry]
        var intents: [Intent]
    }

    struct Failure: Content { var error: String }

    // MARK: handlers

    @Sendable func list(_ request: Request) async throws -> Response {
        try await guarded(request) {
            let query = try request.query.decode(ListQuery.self)
            let records = try await CaseRepository(context.store).list(
                status: query.status, category: query.category, customerID: query.customer, resellerID: query.reseller, limit: min(max(query.limit ?? 100, 1), 1_000))
            return try await records.map(CaseJSON.init).encodeResponse(for: request)
        }
    }

    struct ListQuery: Content {
        var status: String?
        var category: String?
        var customer: String?
        var reseller: String?
        var limit: Int?
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await guarded(request) {
            let id = try caseID(request)
            let repository = CaseRepository(context.store)
            guard let record = try await repository.find(id: id) else { return try await failure(.notFound, "no case \(id)", request) }
            let detail = CaseDetail(
                case: CaseJSON(record),
                timeline: try await repository.timeline(caseID: id).map { .init(at: Timestamp.format($0.at), kind: $0.kind, actor: $0.actor, text: $0.text) },
                intents: try await repository.intents(caseID: id).map {
                    .init(key: $0.key, action: $0.action, rung: $0.rung, clause: $0.clause, policyVersion: $0.policyVersion, status: $0.status, reason: $0.reason)
                })
            return try await detail.encodeResponse(for: request)
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

    @Sendable func note(_ request: Request) async throws -> Response {
        try await change(request, NoteBody.self) { id, body, now in try await service.addNote(caseID: id, staff: body.by, text: body.text, now: now) }
    }

    @Sendable func time(_ request: Request) async throws -> Response {
        try await change(request, TimeBody.self) { id, body, now in try await service.logTime(caseID: id, staff: body.by, minutes: body.minutes, note: body.note ?? "", now: now) }
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        try await change(request, ReasonBody.self) { id, body, now in try await service.confirm(caseID: id, staff: body.by, reason: body.reason, now: now) }
    }

    @Sendable func link(_ request: Request) async throws -> Response {
        try await change(request, LinkBody.self) { id, body, now in try await service.link(id, to: body.other, staff: body.by, now: now) }
    }

    @Sendable func resolve(_ request: Request) async throws -> Response {
        try await change(request, ResolveBody.self) { id, body, now in try await service.resolve(caseID: id, staff: body.by, statement: body.statement, now: now) }
    }

    @Sendable func override(_ request: Request) async throws -> Response {
        try await change(request, OverrideBody.self) { id, body, now in
            guard let status = CaseStatus(rawValue: body.status) else {
                throw StoreError("status must be one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await service.override(caseID: id, status: status, staff: body.by, reason: body.reason, now: now)
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
        try await guarded(request) {
            let query = try request.query.decode(StandingQuery.self)
            guard (query.customer == nil) != (query.reseller == nil) else { return try await failure(.badRequest, "give customer or reseller", request) }
            let days = min(max(query.days ?? 365, 1), 3_650)
            let since = Int64(Date().timeIntervalSince1970) - Int64(days) * 86_400
            let counts = try await CaseRepository(context.store).standing(customerID: query.customer, resellerID: query.reseller, since: since)
                .filter { $0.key != AbuseCategory.attackTarget.rawValue }
            return try await StandingJSON(customer: query.customer, reseller: query.reseller, days: days, violations: counts).encodeResponse(for: request)
        }
    }

    // MARK: plumbing

    /// Runs a change with its decoded body; answers the case as it is afterwards.
    private func change<Body: StaffChange>(_ request: Request, _ type: Body.Type, _ apply: @escaping @Sendable (Int64, Body, Int64) async throws -> Void) async throws -> Response {
        try await guarded(request) {
            let id = try caseID(request)
            let body: Body
            do { body = try request.content.decode(Body.self) } catch {
                return try await failure(.badRequest, "the body is not the JSON this endpoint takes: \(error)", request)
            }
            if body.by.trimmingCharacters(in: .whitespaces).isEmpty {
                return try await failure(.badRequest, "say who acts: \"by\" must name a person", request)
            }
            do {
                try await apply(id, body, Int64(Date().timeIntervalSince1970))
            } catch let error as StoreError {
                return try await failure(error.description.hasPrefix("no case") ? .notFound : .unprocessableEntity, error.description, request)
            }
            guard let record = try await CaseRepository(context.store).find(id: id) else { return try await failure(.notFound, "no case \(id)", request) }
            return try await CaseJSON(record).encodeResponse(for: request)
        }
    }

    private func caseID(_ request: Request) throws -> Int64 {
        guard let text = request.parameters.get("id"), let id = Int64(text), id > 0 else { throw Abort(.badRequest, reason: "the case id must be a positive number") }
        return id
    }

    private func guarded(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        let token = context.configuration.apiStaffToken
        guard !token.isEmpty else { return try await failure(.serviceUnavailable, "the staff API is disabled; set api.staff_token (BAILIFF_API_STAFF_TOKEN)", request) }
        guard let presented = request.headers.bearerAuthorization?.token, ReportIntakeController.constantTimeEqual(presented, token) else {
            let response = try await failure(.unauthorized, "send the staff token as 'Authorization: Bearer <token>'", request)
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"bailiff\"")
            return response
        }
        return try await body()
    }

    private func failure(_ status: HTTPResponseStatus, _ message: String, _ request: Request) async throws -> Response {
        let response = try await Failure(error: message).encodeResponse(for: request)
        response.status = status
        return response
    }
}
