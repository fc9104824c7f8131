import BailiffCore
import FluentKit
import Foundation
import SQLKit

extension Port25Repository {
    /// A request to open port 25 for one address.
    public struct Request: Sendable, Hashable {
        public var id: Int64
        public var address: IPAddress
        public var serviceID: String
        public var customerID: String
        public var resellerID: String?
        public var requestedBy: String
        public var purpose: String
        public var requestedAt: Int64
        public var status: Port25RequestDecision.Outcome
        public var explanation: String
        public var reverseDNS: String?
        public var decidedBy: String?
        public var decidedAt: Int64?
    }

    /// One line of an address's port-25 history.
    public struct HistoryEntry: Sendable, Hashable {
        public var at: Int64
        /// `requested`, `opened`, `closed`, `approved`, `refused`
        public var kind: String
        public var actor: String
        public var text: String
    }

    /// Files a request with the rules' decision; an approval opens the port in the same
    /// transaction. Audited. Returns the request's id.
    public func file(address: IPAddress, serviceID: String, customerID: String, resellerID: String?, requestedBy: String, purpose: String,
                     decision: Port25RequestDecision, reverseDNS: String?, now: Int64) async throws -> Int64 {
        do { return try await insert(address: address, serviceID: serviceID, customerID: customerID, resellerID: resellerID, requestedBy: requestedBy,
                                     purpose: purpose, decision: decision, reverseDNS: reverseDNS, now: now) } catch let error as Refusal { throw error } catch {
            // A request for the address already waits (filed meanwhile, perhaps at the same moment):
            // the partial unique index refused this one.
            if decision.outcome == .pendingReview, try await requests(status: .pendingReview, customerID: customerID).contains(where: { $0.address == address }) {
                throw Refusal(description: "a request for \(address) is waiting for the abuse team already")
            }
            throw error
        }
    }

    private func insert(address: IPAddress, serviceID: String, customerID: String, resellerID: String?, requestedBy: String, purpose: String,
                        decision: Port25RequestDecision, reverseDNS: String?, now: Int64) async throws -> Int64 {
        try await store.writeTransaction { sql in
            let approved = decision.outcome == .approved
            let id = try await sql.insert(into: "port25_requests")
                .columns("address", "service_id", "customer_id", "reseller_id", "requested_by", "purpose", "requested_at", "status", "explanation",
                         "reverse_dns", "decided_by", "decided_at")
                .values(SQLBind(address.description), SQLBind(serviceID), SQLBind(customerID), SQLBind(resellerID), SQLBind(requestedBy),
                        SQLBind(String(purpose.prefix(2_000))), SQLBind(now), SQLBind(decision.outcome.rawValue), SQLBind(decision.explanation),
                        SQLBind(reverseDNS), SQLBind(decision.outcome == .pendingReview ? nil : "policy"), SQLBind(decision.outcome == .pendingReview ? nil : now))
                .returning("id").all()[0].decode(column: "id", as: Int64.self)
            try await AuditLog.append(actor: requestedBy, action: "port25.request", subject: "address:\(address)",
                                      details: AuditLog.details(["request": "\(id)", "service": serviceID, "outcome": decision.outcome.rawValue, "purpose": purpose]),
                                      now: now, on: sql)
            if approved {
                try await Self.open(address, serviceID: serviceID, actor: "policy", approvedBy: "policy (request \(id))",
                                    reason: "request \(id) by \(requestedBy): \(purpose)", now: now, on: sql)
            }
            return id
        }
    }

    /// Staff decide a request waiting for review: approving opens the port. The reason is
    /// added to what the customer reads.
    public func decide(requestID: Int64, approve: Bool, staff: String, reason: String, now: Int64) async throws -> Request {
        guard reason.split(separator: " ").count >= 3 else { throw Refusal(description: "say in a few words why (the customer reads it)") }
        if approve, let waiting = try await request(id: requestID), waiting.status == .pendingReview {
            // What held when the request was filed may not hold now: the address may have moved,
            // the service been suspended, or a spam case have closed the port since.
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot(covering: waiting.address))
            guard case .service(let held) = table.attribute(waiting.address, at: now), held.service.id == waiting.serviceID else {
                throw Refusal(description: "\(waiting.address) is no longer held by service \(waiting.serviceID); refuse this request")
            }
            guard held.service.status == .active else { throw Refusal(description: "service \(waiting.serviceID) is \(held.service.status.rawValue) now; refuse this request") }
            let since = try await confirmedMailCases(customerID: waiting.customerID, since: waiting.requestedAt)
            guard since.isEmpty else {
                throw Refusal(description: "since the request, the customer has confirmed mail cases (\(since.joined(separator: ", "))); refuse it or wait until they are resolved")
            }
        }
        return try await store.writeTransaction { sql in
            guard let request = try await Self.request(id: requestID, on: sql) else { throw Refusal(description: "no port-25 request \(requestID)") }
            guard request.status == .pendingReview else { throw Refusal(description: "request \(requestID) was \(request.status.rawValue) already") }
            let outcome: Port25RequestDecision.Outcome = approve ? .approved : .refused
            let explanation = request.explanation + "\n" + (approve ? "Approved by the abuse team: " : "Refused by the abuse team: ") + reason
            try await sql.update("port25_requests").set("status", to: outcome.rawValue).set("explanation", to: explanation)
                .set("decided_by", to: "staff:\(staff)").set("decided_at", to: now).where("id", .equal, requestID).run()
            try await AuditLog.append(actor: "staff:\(staff)", action: approve ? "port25.request-approved" : "port25.request-refused",
                                      subject: "address:\(request.address)", details: AuditLog.details(["request": "\(requestID)", "reason": reason]), now: now, on: sql)
            if approve {
                try await Self.open(request.address, serviceID: request.serviceID, actor: "staff:\(staff)", approvedBy: staff,
                                    reason: "request \(requestID) by \(request.requestedBy): \(request.purpose); \(reason)", now: now, on: sql)
            }
            return try await Self.request(id: requestID, on: sql)!
        }
    }

    /// Requests, newest first: those with `status`, of one customer or reseller, or all.
    public func requests(status: Port25RequestDecision.Outcome? = nil, customerID: String? = nil, resellerID: String? = nil, limit: Int = 200) async throws -> [Request] {
        var query = store.sql.select().column("*").from("port25_requests")
        if let status { query = query.where("status", .equal, status.rawValue) }
        if let customerID { query = query.where("customer_id", .equal, customerID) }
        if let resellerID { query = query.where("reseller_id", .equal, resellerID) }
        return try await query.orderBy("id", .descending).limit(limit).all().compactMap(Self.decodeRequest)
    }

    public func request(id: Int64) async throws -> Request? { try await Self.request(id: id, on: store.sql) }

    static func request(id: Int64, on sql: any SQLDatabase) async throws -> Request? {
        try await sql.select().column("*").from("port25_requests").where("id", .equal, id).first().flatMap(decodeRequest)
    }

    static func decodeRequest(_ row: any SQLRow) throws -> Request? {
        guard let address = IPAddress(try row.decode(column: "address", as: String.self)),
              let status = Port25RequestDecision.Outcome(rawValue: try row.decode(column: "status", as: String.self))
        else { return nil }
        return Request(id: try row.decode(column: "id", as: Int64.self), address: address, serviceID: try row.decode(column: "service_id", as: String.self),
                       customerID: try row.decode(column: "customer_id", as: String.self), resellerID: try row.decode(column: "reseller_id", as: String?.self),
                       requestedBy: try row.decode(column: "requested_by", as: String.self), purpose: try row.decode(column: "purpose", as: String.self),
                       requestedAt: try row.decode(column: "requested_at", as: Int64.self), status: status,
                       explanation: try row.decode(column: "explanation", as: String.self), reverseDNS: try row.decode(column: "reverse_dns", as: String?.self),
                       decidedBy: try row.decode(column: "decided_by", as: String?.self), decidedAt: try row.decode(column: "decided_at", as: Int64?.self))
    }

    /// Whether port 25 is open for `address` now.
    public func isOpen(_ address: IPAddress) async throws -> Bool {
        try await store.sql.select().column("id").from("port25_approvals").where("address", .equal, address.description)
            .where("revoked_at", .is, SQLLiteral.null).first() != nil
    }

    /// Every request, opening and closing of `address`, oldest first.
    public func history(_ address: IPAddress) async throws -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        for row in try await store.sql.select().column("*").from("port25_approvals").where("address", .equal, address.description).all() {
            entries.append(HistoryEntry(at: try row.decode(column: "approved_at", as: Int64.self), kind: "opened",
                                        actor: try row.decode(column: "approved_by", as: String.self), text: try row.decode(column: "reason", as: String.self)))
            if let revoked = try row.decode(column: "revoked_at", as: Int64?.self) {
                entries.append(HistoryEntry(at: revoked, kind: "closed", actor: "", text: try row.decode(column: "revoked_because", as: String?.self) ?? ""))
            }
        }
        for request in try await store.sql.select().column("*").from("port25_requests").where("address", .equal, address.description).all().compactMap(Self.decodeRequest) {
            entries.append(HistoryEntry(at: request.requestedAt, kind: "requested", actor: request.requestedBy, text: request.purpose))
            if let decided = request.decidedAt {
                entries.append(HistoryEntry(at: decided, kind: request.status.rawValue, actor: request.decidedBy ?? "", text: request.explanation))
            }
        }
        let order = ["requested": 0, "approved": 1, "refused": 1, "opened": 2, "closed": 3]
        return entries.sorted { ($0.at, order[$0.kind] ?? 9) < ($1.at, order[$1.kind] ?? 9) }
    }

    /// The customer's confirmed `spam` and `blocklisted` cases opened since `since`: cases that
    /// went past staff confirmation (not dismissed, not still awaiting it). "#12 spam (notified)".
    public func confirmedMailCases(customerID: String, since: Int64) async throws -> [String] {
        try await store.sql.raw("""
            SELECT id, category, status FROM cases WHERE customer_id = \(bind: customerID) AND category IN ('spam', 'blocklisted')
            AND opened_at >= \(bind: since) AND status NOT IN ('ignored', 'open', 'awaiting-confirmation') ORDER BY id
            """).all().map { row in
                "#\(try row.decode(column: "id", as: Int64.self)) \(try row.decode(column: "category", as: String.self)) (\(try row.decode(column: "status", as: String.self)))"
            }
    }
}
