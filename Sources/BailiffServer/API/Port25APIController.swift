import BailiffCore
import BailiffStore
import BailiffWeb
import Foundation
import Vapor

/// Outbound port 25 over the API: a control panel files a customer's request (the rules decide
/// at once, or it waits for staff), reads requests and an address's history; staff tools decide
/// requests waiting for review. Described in `/api/openapi.yaml`.
struct Port25APIController: Sendable {
    let context: BailiffApplication.Context
    let auth: APIAuthenticator
    let service: Port25RequestService

    init(context: BailiffApplication.Context) {
        self.context = context
        auth = APIAuthenticator(store: context.store, configuration: context.configuration)
        service = Port25RequestService.configured(context.configuration, store: context.store)
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1", "port25")
        api.get("requests", use: list)
        api.post("requests", use: submit)
        api.get("requests", ":id", use: show)
        api.post("requests", ":id", "decision", use: decide)
        api.get("history", use: history)
    }

    struct RequestJSON: Content {
        var id: Int64, address: String, service: String, customer: String, reseller: String?, requestedBy: String, purpose: String
        var requestedAt: String, status: String, explanation: String, reverseDns: String?, decidedBy: String?, decidedAt: String?
        init(_ request: Port25Repository.Request) {
            id = request.id; address = request.address.description; service = request.serviceID; customer = request.customerID
            reseller = request.resellerID; requestedBy = request.requestedBy; purpose = request.purpose; requestedAt = Timestamp.format(request.requestedAt)
            status = request.status.rawValue; explanation = request.explanation; reverseDns = request.reverseDNS; decidedBy = request.decidedBy
            decidedAt = request.decidedAt.map(Timestamp.format)
        }
    }

    struct HistoryJSON: Content {
        var at: String, kind: String, actor: String, text: String
    }

    struct SubmitBody: Content {
        var address: String
        var purpose: String
        /// The customer the panel acts for: the address must be theirs. Without it the request is the caller's own (staff).
        var customer: String?
        var by: String
    }

    struct DecisionBody: Content {
        var approve: Bool
        var reason: String
        var by: String
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .port25Read) { _ in
            var status: Port25RequestDecision.Outcome?
            if let text = request.query[String.self, at: "status"] {
                guard let parsed = Port25RequestDecision.Outcome(rawValue: text) else {
                    return APIReply.error(.badRequest, "status must be one of \(Port25RequestDecision.Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = parsed
            }
            let customer = request.query[String.self, at: "customer"]
            let items = try await Port25Repository(context.store).requests(status: status, customerID: customer, limit: 200).map(RequestJSON.init)
            var parameters: [(String, String)] = []
            if let status { parameters.append(("status", status.rawValue)) }
            if let customer { parameters.append(("customer", customer)) }
            return try APIReply.json(APIPage(items: items, page: 1, perPage: 200, total: items.count, path: "/api/v1/port25/requests", parameters: parameters))
        }
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .port25Request) { client in
            guard let body = try? request.content.decode(SubmitBody.self) else {
                return APIReply.error(.badRequest, "send {\"address\": \"192.0.2.10\", \"purpose\": \"…\", \"customer\": \"ID\", \"by\": \"who\"}")
            }
            guard let address = IPAddress(body.address.trimmingCharacters(in: .whitespaces)) else {
                return APIReply.error(.badRequest, "'\(body.address)' is not an IP address")
            }
            guard !body.by.trimmingCharacters(in: .whitespaces).isEmpty else { return APIReply.error(.badRequest, "say who acts: \"by\" must name a person") }
            let requester: Port25RequestService.Requester = body.customer.map { .customer($0) } ?? .staff(actor: client.actor(String(body.by.prefix(100))))
            do {
                let filed = try await service.submit(address: address, purpose: body.purpose, by: requester, now: Int64(Date().timeIntervalSince1970))
                return try APIReply.json(RequestJSON(filed), status: .created)
            } catch let rejection as Port25RequestService.Rejection {
                return APIReply.error(rejection.notTheirs ? .notFound : .unprocessableEntity,
                                      rejection.notTheirs ? "\(address) is not an address of customer \(body.customer ?? "?")" : rejection.description)
            }
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .port25Read) { _ in
            guard let id = request.parameters.get("id").flatMap(Int64.init), let found = try await Port25Repository(context.store).request(id: id) else {
                return APIReply.error(.notFound, "no such port-25 request")
            }
            return try APIReply.json(RequestJSON(found))
        }
    }

    @Sendable func decide(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .port25Decide) { client in
            guard let id = request.parameters.get("id").flatMap(Int64.init), try await Port25Repository(context.store).request(id: id) != nil else {
                return APIReply.error(.notFound, "no such port-25 request")
            }
            guard let body = try? request.content.decode(DecisionBody.self), !body.by.trimmingCharacters(in: .whitespaces).isEmpty else {
                return APIReply.error(.badRequest, "send {\"approve\": true, \"reason\": \"…\", \"by\": \"who\"}")
            }
            do {
                let decided = try await Port25Repository(context.store).decide(requestID: id, approve: body.approve, staff: client.actor(String(body.by.prefix(100))),
                                                                              reason: body.reason, now: Int64(Date().timeIntervalSince1970))
                return try APIReply.json(RequestJSON(decided))
            } catch let refusal as Port25Repository.Refusal {
                return APIReply.error(.unprocessableEntity, refusal.description)
            }
        }
    }

    @Sendable func history(_ request: Request) async throws -> Response {
        try await auth.guarded(request, .port25Read) { _ in
            guard let text = request.query[String.self, at: "address"], let address = IPAddress(text) else {
                return APIReply.error(.badRequest, "give ?address= an IP address")
            }
            let lines = try await Port25Repository(context.store).history(address).map {
                HistoryJSON(at: Timestamp.format($0.at), kind: $0.kind, actor: $0.actor, text: $0.text)
            }
            return try APIReply.json(APIPage(items: lines, page: 1, perPage: max(lines.count, 1), total: lines.count, path: "/api/v1/port25/history",
                                             parameters: [("address", address.description)]))
        }
    }
}
