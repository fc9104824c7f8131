import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// The outbox of action intents: claimed by one node at a time, carried out by an adapter,
/// retried with backoff, and recorded — on the case's timeline and in the audit log.
public struct IntentRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// An intent with everything an adapter needs to act on it.
    public struct Work: Sendable, Hashable, Codable {
        public var key: String
        public var action: String
        /// The rung of the ladder the action belongs to (`notice`, `suspend`).
        public var rungID: String
        public var caseID: Int64
        public var category: String
        public var serviceID: String
        public var customerID: String
        public var resellerID: String?
        public var clause: String
        public var policyVersion: String
        public var reason: String
        public var attempts: Int
        /// When the decision made the intent.
        public var createdAt: Int64
        /// The service's references in other systems (`whmcs.service_id`, `proxmox.vmid`, …).
        public var references: [String: String]
        /// For `bill`: what to charge.
        public var charge: Charge?
    }

    /// A charge to pass to billing: always non-refundable by the AUP.
    public struct Charge: Sendable, Hashable, Codable {
        public var kind: String
        public var amountMinor: Int64
        public var currency: String
        public var description: String
        public var nonRefundable: Bool

        /// `100.00`.
        public var amountText: String { FeeSchedule.amountText(minor: amountMinor) }
    }

    /// Takes up to `limit` intents that are due, marking them in flight so that no other node
    /// takes them; an in-flight claim older than `staleAfter` seconds is taken over (its node died).
    public func claimDue(now: Int64, limit: Int, staleAfter: Int64 = 600) async throws -> [Work] {
        let lock = store.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await store.write { sql in
            try await sql.raw("""
                UPDATE action_intents SET status = 'in-flight', claimed_at = \(bind: now)
                WHERE key IN (
                    SELECT key FROM action_intents
                    WHERE (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= \(bind: now)))
                       OR (status = 'in-flight' AND claimed_at < \(bind: now - staleAfter))
                    ORDER BY created_at, key LIMIT \(bind: limit)\(unsafeRaw: lock)
                )
                RETURNING key
                """).all().map { try $0.decode(column: "key", as: String.self) }
        }
        guard !rows.isEmpty else { return [] }
        var work: [Work] = []
        for chunk in rows.chunked(200) {
            let intents = try await store.sql.select().columns("key", "action", "rung", "case_id", "clause", "policy_version", "reason", "attempts", "created_at")
                .from("action_intents").where("key", .in, Array(chunk)).all()
            for row in intents {
                let caseID = try row.decode(column: "case_id", as: Int64.self)
                guard let record = try await CaseRepository(store).find(id: caseID) else { continue }
                var references: [String: String] = [:]
                for reference in try await store.sql.select().columns("name", "value").from("service_references").where("service_id", .equal, record.serviceID).all() {
                    references[try reference.decode(column: "name", as: String.self)] = try reference.decode(column: "value", as: String.self)
                }
                work.append(Work(
                    key: try row.decode(column: "key", as: String.self), action: try row.decode(column: "action", as: String.self),
                    rungID: try row.decode(column: "rung", as: String.self),
                    caseID: caseID, category: record.category, serviceID: record.serviceID, customerID: record.customerID,
                    resellerID: record.resellerID, clause: try row.decode(column: "clause", as: String.self),
                    policyVersion: try row.decode(column: "policy_version", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                    attempts: try row.decode(column: "attempts", as: Int.self), createdAt: try row.decode(column: "created_at", as: Int64.self), references: references,
                    charge: try await charge(caseID: caseID, action: try row.decode(column: "action", as: String.self))))
            }
        }
        return work.sorted { $0.key < $1.key }
    }

    private func charge(caseID: Int64, action: String) async throws -> Charge? {
        guard action == "bill" else { return nil }
        return try await store.sql.select().columns("kind", "amount_minor", "currency", "description", "non_refundable").from("charges")
            .where("case_id", .equal, caseID).orderBy("id").first().map { row in
                Charge(kind: try row.decode(column: "kind", as: String.self), amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
                       currency: try row.decode(column: "currency", as: String.self), description: try row.decode(column: "description", as: String.self),
                       nonRefundable: try row.decode(column: "non_refundable", as: Int.self) != 0)
            }
    }

    /// How an attempt ended.
    public enum Result: Sendable, Hashable {
        case done(adapter: String, detail: String)
        case retry(adapter: String, reason: String, at: Int64)
        case failed(adapter: String, reason: String)
        case dryRun(detail: String)
        /// Not yet, by design (a notice held for the customer's digest): due again at `until`,
        /// without counting as a failed attempt.
        case held(adapter: String, reason: String, until: Int64)
    }

    /// Records an attempt: the intent's new state, a timeline entry and its audit entry.
    public func record(_ work: Work, _ result: Result, now: Int64) async throws {
        try await store.writeTransaction { sql in
            let (status, adapter, text, next, error): (String, String, String, Int64?, String?)
            switch result {
            case .done(let name, let detail): (status, adapter, text, next, error) = ("done", name, "\(work.action) done by \(name): \(detail)", nil, nil)
            case .retry(let name, let reason, let at):
                (status, adapter, text, next, error) = ("pending", name, "\(work.action) not done yet by \(name) (attempt \(work.attempts + 1)): \(reason); next try \(Timestamp.format(at))", at, reason)
            case .failed(let name, let reason): (status, adapter, text, next, error) = ("failed", name, "\(work.action) failed at \(name): \(reason)", nil, reason)
            case .dryRun(let detail): (status, adapter, text, next, error) = ("dry-run", "dry-run", "dry run: \(detail)", nil, nil)
            case .held(let name, let reason, let until):
                (status, adapter, text, next, error) = ("pending", name, "\(work.action) held by \(name) until \(Timestamp.format(until)): \(reason)", until, nil)
            }
            let isHeld = if case .held = result { true } else { false }
            try await sql.update("action_intents").set("status", to: status).set("adapter", to: adapter)
                .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLBind(isHeld ? 0 : 1)))
                .set("next_attempt_at", to: SQLBind(next)).set("last_error", to: SQLBind(error.map { String($0.prefix(2_000)) }))
                .set("claimed_at", to: SQLLiteral.null).set("done_at", to: status == "done" ? SQLBind(now) : SQLBind(Int64?.none))
                .where("key", .equal, work.key).run()
            try await CaseRepository.addTimeline(caseID: work.caseID, at: now, kind: "action", actor: "adapter:\(adapter)", text: text, on: sql)
        }
    }
}
