import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// What notices need from the store — the case, the people to tell and the events to cite —
/// and what became of each recipient.
public struct NoticeRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A party to a notice: the customer, or the reseller liable for it.
    public struct Party: Sendable, Hashable {
        public var id: String
        public var name: String
        public var language: String
        /// Where notices go: the abuse contacts, else the technical ones, else billing.
        public var addresses: [String]
    }

    /// Everything about a case that a notice states.
    public struct Subject: Sendable {
        public var record: CaseRepository.CaseRecord
        public var serviceLabel: String
        public var customer: Party
        public var reseller: Party?
        public var events: [NoticeFacts.Event]
        /// Recipients that already accepted this notice (a retry skips them), and those that refused it.
        public var accepted: Set<String>
        public var rejected: Set<String>
        /// Message-IDs of the case's earlier notices that reached someone, oldest first: a new
        /// notice threads below them.
        public var earlierMessageIDs: [String]
    }

    /// The subject of the notice of intent `intentKey` on case `caseID`, or nil when the case is gone.
    public func subject(caseID: Int64, intentKey: String) async throws -> Subject? {
        let sql = store.sql
        guard let record = try await CaseRepository.find(id: caseID, on: sql) else { return nil }
        let label = try await sql.select().column("label").from("services").where("id", .equal, record.serviceID).first()
            .map { try $0.decode(column: "label", as: String.self) } ?? record.serviceID
        guard let customer = try await party(kind: "customer", id: record.customerID) else { return nil }
        let reseller = try await record.resellerID.asyncFlatMap { try await party(kind: "reseller", id: $0) }
        let rows = try await sql.raw("""
            SELECT e.occurred_at, e.ip, e.port, e.url, e.excerpt, e.findings FROM case_events c
            JOIN report_events e ON e.sha256 = c.sha256 AND e.position = c.position
            WHERE c.case_id = \(bind: caseID) ORDER BY e.occurred_at, e.sha256, e.position LIMIT 500
            """).all()
        let events = try rows.map { row in
            NoticeFacts.Event(occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                              ip: try row.decode(column: "ip", as: String?.self).flatMap { IPAddress($0) },
                              port: try row.decode(column: "port", as: Int?.self), url: try row.decode(column: "url", as: String?.self),
                              excerpt: try row.decode(column: "excerpt", as: String?.self),
                              findings: (try row.decode(column: "findings", as: String?.self))?.split(separator: "\n").map(String.init) ?? [])
        }
        var accepted = Set<String>(), rejected = Set<String>()
        for row in try await sql.select().columns("recipient", "status").from("notice_deliveries").where("intent_key", .equal, intentKey).all() {
            let recipient = try row.decode(column: "recipient", as: String.self)
            switch try row.decode(column: "status", as: String.self) {
            case "accepted": accepted.insert(recipient)
            case "rejected": rejected.insert(recipient)
            default: break
            }
        }
        var earlier: [String] = []
        for row in try await sql.select().columns("message_id", "at").from("notice_deliveries").where("case_id", .equal, caseID)
            .where("intent_key", .notEqual, intentKey).where("status", .equal, "accepted").where("role", .notEqual, "reporter").orderBy("at").all() {
            let id = try row.decode(column: "message_id", as: String.self)
            if !earlier.contains(id) { earlier.append(id) }
        }
        return Subject(record: record, serviceLabel: label, customer: customer, reseller: reseller, events: events, accepted: accepted, rejected: rejected,
                       earlierMessageIDs: earlier)
    }

    private func party(kind: String, id: String) async throws -> Party? {
        let table = kind == "customer" ? "customers" : "resellers"
        guard let row = try await store.sql.select().columns("name", "language").from(table).where("id", .equal, id).first() else { return nil }
        let addresses = try await InventoryRepository.contacts(ownerKind: kind, ownerID: id, on: store.sql).preferred([.abuse, .technical, .billing])
        return Party(id: id, name: try row.decode(column: "name", as: String.self), language: try row.decode(column: "language", as: String.self), addresses: addresses)
    }

    /// One recipient's result.
    public struct Delivery: Sendable, Hashable {
        public var recipient: String
        /// `customer` or `reseller`.
        public var role: String
        /// `accepted`, `deferred` or `rejected`.
        public var status: String
        public var reply: String
        public init(recipient: String, role: String, status: String, reply: String) {
            self.recipient = recipient; self.role = role; self.status = status; self.reply = reply
        }
    }

    /// Records the results of sending one notice; a refused address is noted on the case's
    /// timeline as undeliverable, so that staff see that the customer may not have been told.
    public func record(intentKey: String, caseID: Int64, messageID: String, deliveries: [Delivery], now: Int64) async throws {
        guard !deliveries.isEmpty else { return }
        try await store.writeTransaction { sql in
            for delivery in deliveries {
                try await sql.delete(from: "notice_deliveries").where("intent_key", .equal, intentKey).where("recipient", .equal, delivery.recipient).run()
                try await sql.insert(into: "notice_deliveries")
                    .columns("intent_key", "recipient", "case_id", "role", "status", "reply", "message_id", "at")
                    .values(SQLBind(intentKey), SQLBind(delivery.recipient), SQLBind(caseID), SQLBind(delivery.role), SQLBind(delivery.status),
                            SQLBind(String(delivery.reply.prefix(1_000))), SQLBind(messageID), SQLBind(now))
                    .run()
                if delivery.status == "rejected" {
                    try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "undeliverable", actor: "mailer",
                                                         text: "the \(delivery.role) contact \(delivery.recipient) refused the notice <\(messageID)>: \(delivery.reply)", on: sql)
                }
            }
        }
    }

    /// Marks contacts undeliverable after a bounce of the case's notices came back through
    /// intake. When no contact of the customer is left that took a notice, the case asks staff
    /// to reach the customer another way (the policy's escalation of an unreachable customer).
    /// Returns the addresses marked.
    @discardableResult
    public static func markBounced(caseID: Int64, recipients: [String], reason: String, now: Int64, on sql: any SQLDatabase) async throws -> [String] {
        var marked: [String] = []
        for recipient in recipients {
            let rows = try await sql.update("notice_deliveries").set("status", to: "rejected").set("reply", to: String(reason.prefix(1_000))).set("at", to: now)
                .where("case_id", .equal, caseID).where(SQLFunction("lower", args: SQLColumn("recipient")), .equal, SQLBind(recipient.lowercased()))
                .returning("role").all()
            guard let role = try rows.first?.decode(column: "role", as: String.self) else { continue }
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "undeliverable", actor: "mailer",
                                                 text: "the \(role) contact \(recipient) bounced a notice: \(reason)", on: sql)
            marked.append(recipient)
        }
        let reached = try await sql.select().column("recipient").from("notice_deliveries").where("case_id", .equal, caseID)
            .where("role", .equal, "customer").where("status", .equal, "accepted").first()
        if !marked.isEmpty, reached == nil, let record = try await CaseRepository.find(id: caseID, on: sql) {
            try await CaseRepository.addIntent(key: "case-\(caseID)/unreachable/request-staff-review", caseID: caseID, action: .requestStaffReview,
                                               rungID: "unreachable", clause: record.clause, policyVersion: record.policyVersion,
                                               reason: "no contact of the customer accepts notices; reach the customer another way", now: now, on: sql)
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "unreachable", actor: "mailer",
                                                 text: "no contact of customer \(record.customerID) accepts notices: staff must reach the customer another way", on: sql)
        }
        return marked
    }

    /// The deliveries of a case's notices, newest first, for the case page.
    public func deliveries(caseID: Int64) async throws -> [(intentKey: String, messageID: String, delivery: Delivery, at: Int64)] {
        try await store.sql.select().columns("intent_key", "message_id", "recipient", "role", "status", "reply", "at").from("notice_deliveries")
            .where("case_id", .equal, caseID).orderBy("at", .descending).all().map { row in
                (try row.decode(column: "intent_key", as: String.self), try row.decode(column: "message_id", as: String.self),
                 Delivery(recipient: try row.decode(column: "recipient", as: String.self), role: try row.decode(column: "role", as: String.self),
                          status: try row.decode(column: "status", as: String.self), reply: try row.decode(column: "reply", as: String.self)),
                 try row.decode(column: "at", as: Int64.self))
            }
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension NoticeRepository {
    /// A complaint on a case, as its reporter's answer needs it.
    public struct Complaint: Sendable, Hashable {
        public var sha256: String
        /// Whether the complaint met the policy's requirements (intellectual property), and what it lacked.
        public var compliant: Bool?
        public var missing: [String]
        /// The envelope sender it came with (empty: null return path; nil: not by mail).
        public var envelopeSender: String?
    }

    /// The complaints whose events are on `caseID`.
    public func complaints(caseID: Int64) async throws -> [Complaint] {
        try await store.sql.raw("""
            SELECT DISTINCT m.sha256, m.notice_compliant, m.notice_missing,
                   (SELECT d.mail_from FROM deliveries d WHERE d.sha256 = m.sha256 AND d.channel IN ('lmtp', 'pipe') ORDER BY d.received_at LIMIT 1) AS mail_from
            FROM case_events c JOIN raw_messages m ON m.sha256 = c.sha256 WHERE c.case_id = \(bind: caseID) ORDER BY m.sha256
            """).all().map { row in
                Complaint(sha256: try row.decode(column: "sha256", as: String.self),
                          compliant: try row.decode(column: "notice_compliant", as: Int?.self).map { $0 != 0 },
                          missing: (try row.decode(column: "notice_missing", as: String?.self) ?? "").split(separator: ",").map(String.init),
                          envelopeSender: try row.decode(column: "mail_from", as: String?.self))
            }
    }
}

extension NoticeRepository {
    /// The latest notice of the same finding — same service, category and rung, another intent —
    /// that a customer contact accepted at or after `since`: its case and when.
    public func sameFinding(serviceID: String, category: String, rungID: String, since: Int64, excluding intentKey: String) async throws -> (caseID: Int64, at: Int64)? {
        try await store.sql.raw("""
            SELECT d.case_id, d.at FROM notice_deliveries d
            JOIN action_intents i ON i.key = d.intent_key
            JOIN cases c ON c.id = d.case_id
            WHERE c.service_id = \(bind: serviceID) AND c.category = \(bind: category) AND i.rung = \(bind: rungID)
              AND d.role = 'customer' AND d.status = 'accepted' AND d.at >= \(bind: since) AND d.intent_key <> \(bind: intentKey)
            ORDER BY d.at DESC LIMIT 1
            """).first().map { (try $0.decode(column: "case_id", as: Int64.self), try $0.decode(column: "at", as: Int64.self)) }
    }
}

extension NoticeRepository {
    /// The tokens of the cases a sent message (a notice or a digest) was about, oldest case first.
    public func caseTokens(ofMessageID messageID: String) async throws -> [String] {
        try await store.sql.raw("""
            SELECT DISTINCT c.id, c.token FROM notice_deliveries d JOIN cases c ON c.id = d.case_id
            WHERE d.message_id = \(bind: messageID) ORDER BY c.id
            """).all().map { try $0.decode(column: "token", as: String.self) }
    }
}
