import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// What the billing system must know: charges (the delisting fee), and every suspension or
/// termination under the AUP, which earns no refund or credit (the AUP says so) and is
/// exported as a zero-amount, non-refundable line so billing can withhold credits.
public struct ChargeRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// One line for billing.
    public struct BillingLine: Sendable, Hashable {
        public var key: String
        public var caseID: Int64
        public var customerID: String
        public var serviceID: String
        public var kind: String
        public var amountMinor: Int64
        public var currency: String
        public var nonRefundable: Bool
        public var description: String
        public var createdAt: Int64
    }

    /// Billing lines created at or after `since`, oldest first.
    public func export(since: Int64) async throws -> [BillingLine] {
        let charges = try await store.sql.raw("""
            SELECT ch.id, ch.case_id, ch.customer_id, c.service_id, ch.kind, ch.amount_minor, ch.currency, ch.non_refundable, ch.description, ch.created_at
            FROM charges ch JOIN cases c ON c.id = ch.case_id WHERE ch.created_at >= \(bind: since)
            """).all().map { row in
                BillingLine(
                    key: "charge-\(try row.decode(column: "id", as: Int64.self))", caseID: try row.decode(column: "case_id", as: Int64.self),
                    customerID: try row.decode(column: "customer_id", as: String.self), serviceID: try row.decode(column: "service_id", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self), amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
                    currency: try row.decode(column: "currency", as: String.self), nonRefundable: try row.decode(column: "non_refundable", as: Int.self) != 0,
                    description: try row.decode(column: "description", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
        let enforcement = try await store.sql.raw("""
            SELECT i.key, i.case_id, c.customer_id, c.service_id, i.action, i.clause, i.policy_version, i.created_at
            FROM action_intents i JOIN cases c ON c.id = i.case_id
            WHERE i.action IN ('suspend', 'terminate') AND i.created_at >= \(bind: since)
            """).all().map { row in
                let action = try row.decode(column: "action", as: String.self)
                return BillingLine(
                    key: try row.decode(column: "key", as: String.self), caseID: try row.decode(column: "case_id", as: Int64.self),
                    customerID: try row.decode(column: "customer_id", as: String.self), serviceID: try row.decode(column: "service_id", as: String.self),
                    kind: action == "suspend" ? "suspension" : "termination", amountMinor: 0, currency: "",
                    nonRefundable: true,
                    description: "\(action == "suspend" ? "suspended" : "terminated") under clause \(try row.decode(column: "clause", as: String.self)) of policy \(try row.decode(column: "policy_version", as: String.self)): no refund or credit",
                    createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
        return (charges + enforcement).sorted { ($0.createdAt, $0.key) < ($1.createdAt, $1.key) }
    }
}
