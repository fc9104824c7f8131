import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// Cases, their events, timeline, intents, time log and charges. Functions that take an
/// `SQLDatabase` run inside the caller's transaction, so that a decision and everything it
/// writes commit together.
public struct CaseRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A case as stored.
    public struct CaseRecord: Sendable, Hashable {
        public var id: Int64
        public var token: String
        public var serviceID: String
        public var customerID: String
        public var resellerID: String?
        public var category: String
        public var status: String
        public var rung: Int?
        public var pendingRung: Int?
        public var deadline: Int64?
        public var staffConfirmed: Bool
        public var firstEventAt: Int64
        public var policyVersion: String
        public var clause: String
        public var assignee: String?
        public var linkedTo: Int64?
        public var openedAt: Int64
        public var updatedAt: Int64
        public var closedAt: Int64?
    }

    /// An event waiting for its case: attributed to a service, not yet on a case.
    public struct UnassignedEvent: Sendable, Hashable {
        public var sha256: String
        public var position: Int
        public var serviceID: String
        public var customerID: String
        public var resellerID: String?
        public var category: String
        public var occurredAt: Int64
        public var reporter: String?
    }

    // MARK: reading

    public func unassignedEvents(limit: Int) async throws -> [UnassignedEvent] {
        try await store.sql.raw("""
            SELECT e.sha256, e.position, e.service_id, e.customer_id, e.reseller_id, e.category, e.occurred_at, e.reporter
            FROM report_events e LEFT JOIN case_events c ON c.sha256 = e.sha256 AND c.position = e.position
            WHERE c.case_id IS NULL AND e.attribution = 'service' AND e.service_id IS NOT NULL AND e.customer_id IS NOT NULL
            ORDER BY e.occurred_at LIMIT \(bind: limit)
            """).all().map { row in
                UnassignedEvent(
                    sha256: try row.decode(column: "sha256", as: String.self), position: try row.decode(column: "position", as: Int.self),
                    serviceID: try row.decode(column: "service_id", as: String.self), customerID: try row.decode(column: "customer_id", as: String.self),
                    resellerID: try row.decode(column: "reseller_id", as: String?.self), category: try row.decode(column: "category", as: String.self),
                    occurredAt: try row.decode(column: "occurred_at", as: Int64.self), reporter: try row.decode(column: "reporter", as: String?.self))
            }
    }

    public func find(id: Int64) async throws -> CaseRecord? { try await Self.find(id: id, on: store.sql) }

    /// The ids of the cases with these tokens (unknown tokens are left out).
    public func ids(forTokens tokens: Set<String>) async throws -> [String: Int64] {
        guard !tokens.isEmpty else { return [:] }
        var ids: [String: Int64] = [:]
        for row in try await store.sql.select().columns("token", "id").from("cases").where("token", .in, Array(tokens)).all() {
            ids[try row.decode(column: "token", as: String.self)] = try row.decode(column: "id", as: Int64.self)
        }
        return ids
    }

    public func find(token: String) async throws -> CaseRecord? {
        try await store.sql.select().column("*").from("cases").where("token", .equal, token.lowercased()).first().map(Self.decode)
    }

    public static func find(id: Int64, on sql: any SQLDatabase) async throws -> CaseRecord? {
        try await sql.select().column("*").from("cases").where("id", .equal, id).first().map(Self.decode)
    }

    /// Cases filtered by the optional criteria, newest first.
    public func list(status: String? = nil, category: String? = nil, customerID: String? = nil, resellerID: String? = nil, limit: Int = 100) async throws -> [CaseRecord] {
        var query = store.sql.select().column("*").from("cases")
        if let status { query = query.where("status", .equal, status) }
        if let category { query = query.where("category", .equal, category) }
        if let customerID { query = query.where("customer_id", .equal, customerID) }
        if let resellerID { query = query.where("reseller_id", .equal, resellerID) }
        return try await query.orderBy("id", .descending).limit(limit).all().map(Self.decode)
    }

    /// One entry of a case's timeline.
    public struct TimelineEntry: Sendable, Hashable {
        public var at: Int64
        public var kind: String
        public var actor: String
        public var text: String
    }

    public func timeline(caseID: Int64) async throws -> [TimelineEntry] {
        try await store.sql.select().columns("at", "kind", "actor", "text").from("case_timeline").where("case_id", .equal, caseID).orderBy("id").all().map {
            TimelineEntry(at: try $0.decode(column: "at", as: Int64.self), kind: try $0.decode(column: "kind", as: String.self),
                          actor: try $0.decode(column: "actor", as: String.self), text: try $0.decode(column: "text", as: String.self))
        }
    }

    /// An action the engine asked for.
    public struct Intent: Sendable, Hashable {
        public var key: String
        public var caseID: Int64
        public var action: String
        public var rung: String
        public var clause: String
        public var policyVersion: String
        public var reason: String
        public var status: String
        public var createdAt: Int64
    }

    public func intents(caseID: Int64) async throws -> [Intent] {
        try await store.sql.select().column("*").from("action_intents").where("case_id", .equal, caseID).orderBy("created_at").orderBy("key").all().map {
            Intent(key: try $0.decode(column: "key", as: String.self), caseID: try $0.decode(column: "case_id", as: Int64.self),
                   action: try $0.decode(column: "action", as: String.self), rung: try $0.decode(column: "rung", as: String.self),
                   clause: try $0.decode(column: "clause", as: String.self), policyVersion: try $0.decode(column: "policy_version", as: String.self),
                   reason: try $0.decode(column: "reason", as: String.self), status: try $0.decode(column: "status", as: String.self),
                   createdAt: try $0.decode(column: "created_at", as: Int64.self))
        }
    }

    /// The distinct reporters of a case's events.
    public static func reporters(caseID: Int64, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("""
            SELECT DISTINCT e.reporter FROM report_events e JOIN case_events c ON c.sha256 = e.sha256 AND c.position = e.position
            WHERE c.case_id = \(bind: caseID) AND e.reporter IS NOT NULL
            """).all().map { try $0.decode(column: "reporter", as: String.self) }
    }

    /// The recipients of a case's events, nil for events whose report did not name one.
    public static func recipients(caseID: Int64, on sql: any SQLDatabase) async throws -> [String?] {
        try await sql.raw("""
            SELECT e.recipient FROM report_events e JOIN case_events c ON c.sha256 = e.sha256 AND c.position = e.position
            WHERE c.case_id = \(bind: caseID)
            """).all().map { try $0.decode(column: "recipient", as: String?.self) }
    }

    /// The compliance verdicts of the complaints on a case: true if any complaint is compliant,
    /// false if all judged ones are not (with what they miss), nil when none was judged.
    public static func compliance(caseID: Int64, on sql: any SQLDatabase) async throws -> (Bool?, [String]) {
        let rows = try await sql.raw("""
            SELECT DISTINCT m.notice_compliant, m.notice_missing FROM raw_messages m JOIN case_events c ON c.sha256 = m.sha256
            WHERE c.case_id = \(bind: caseID) AND m.notice_compliant IS NOT NULL
            """).all()
        guard !rows.isEmpty else { return (nil, []) }
        var missing: [String] = []
        for row in rows {
            if try row.decode(column: "notice_compliant", as: Int.self) != 0 { return (true, []) }
            missing += (try row.decode(column: "notice_missing", as: String?.self) ?? "").split(separator: ",").map(String.init)
        }
        return (false, Array(Set(missing)).sorted())
    }

    /// Statuses of a confirmed violation: the customer remediated it, or the service was
    /// suspended or terminated for it. A notice alone, on a report nobody confirmed, is not one.
    static let confirmedStatuses = ["remediated", "resolved", "suspended", "terminated"]

    /// Where the customer's opt-in records stand: documents or replies sent and not judged since,
    /// or the latest staff judgement, or none. Documents are read from their deliveries to the
    /// case (one per case, even when the same file is given for several cases); a reply to the
    /// notice may carry the records too, so it also waits for staff to judge.
    public static func optInEvidence(caseID: Int64, on sql: any SQLDatabase) async throws -> CaseFacts.OptInEvidence {
        let uploaded = try await sql.raw("""
            SELECT MAX(received_at) AS at FROM deliveries WHERE recipient = \(bind: "case:\(caseID)") AND channel = \(bind: Envelope.Channel.portal.rawValue)
            """).first()?.decode(column: "at", as: Int64?.self)
        let replied = try await sql.raw("SELECT MAX(at) AS at FROM case_messages WHERE case_id = \(bind: caseID) AND kind = 'reply'").first()?
            .decode(column: "at", as: Int64?.self)
        let sent = [uploaded, replied].compactMap { $0 }.max()
        guard let sent else { return .none }
        guard let judged = try await sql.raw("""
            SELECT kind, at FROM case_timeline WHERE case_id = \(bind: caseID) AND kind IN ('opt-in-accepted', 'opt-in-rejected') ORDER BY id DESC LIMIT 1
            """).first(), try judged.decode(column: "at", as: Int64.self) >= sent
        else { return .submitted }
        return try judged.decode(column: "kind", as: String.self) == "opt-in-accepted" ? .accepted : .rejected
    }

    /// Confirmed violations of a customer in a category since `since`, other than `excluding`.
    public static func priorViolations(customerID: String, category: String, since: Int64, excluding: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("cases")
            .where("customer_id", .equal, customerID).where("category", .equal, category)
            .where(SQLColumn("rung"), .isNot, SQLLiteral.null).where("status", .in, confirmedStatuses)
            .where("opened_at", .greaterThanOrEqual, since).where("id", .notEqual, excluding)
            .first()!.decode(column: "n", as: Int.self)
    }

    /// A customer's or reseller's standing: confirmed violations (see ``confirmedStatuses``) per category since `since`
    /// (categories that do not count toward standing, like attack-target, are left to the caller).
    public func standing(customerID: String? = nil, resellerID: String? = nil, since: Int64) async throws -> [String: Int] {
        var query = store.sql.select().column("category").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("cases")
            .where(SQLColumn("rung"), .isNot, SQLLiteral.null).where("status", .in, Self.confirmedStatuses).where("opened_at", .greaterThanOrEqual, since)
        if let customerID { query = query.where("customer_id", .equal, customerID) }
        if let resellerID { query = query.where("reseller_id", .equal, resellerID) }
        var result: [String: Int] = [:]
        for row in try await query.groupBy("category").all() {
            result[try row.decode(column: "category", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// An event no case took: not ours, provider infrastructure, unassigned, or a URL that did
    /// not resolve — for staff to look at.
    public struct TriageEvent: Sendable, Hashable {
        public var sha256: String
        public var position: Int
        public var ip: String?
        public var url: String?
        public var category: String
        public var occurredAt: Int64
        public var attribution: String
        public var reporter: String?
    }

    /// The triage queue, newest first.
    public func triage(limit: Int = 100) async throws -> [TriageEvent] {
        try await store.sql.raw("""
            SELECT e.sha256, e.position, e.ip, e.url, e.category, e.occurred_at, e.attribution, e.reporter
            FROM report_events e LEFT JOIN case_events c ON c.sha256 = e.sha256 AND c.position = e.position
            WHERE c.case_id IS NULL AND e.attribution <> 'service' ORDER BY e.occurred_at DESC LIMIT \(bind: limit)
            """).all().map { row in
                TriageEvent(
                    sha256: try row.decode(column: "sha256", as: String.self), position: try row.decode(column: "position", as: Int.self),
                    ip: try row.decode(column: "ip", as: String?.self), url: try row.decode(column: "url", as: String?.self),
                    category: try row.decode(column: "category", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                    attribution: try row.decode(column: "attribution", as: String.self), reporter: try row.decode(column: "reporter", as: String?.self))
            }
    }

    // MARK: writing (inside the caller's transaction)

    /// The open case of (service, category), or a new one.
    public static func openCase(for event: UnassignedEvent, clause: String, policyVersion: String, now: Int64, on sql: any SQLDatabase) async throws -> (CaseRecord, created: Bool) {
        let key = "\(event.serviceID)|\(event.category)"
        if let existing = try await sql.select().column("*").from("cases").where("open_key", .equal, key).first().map(Self.decode) {
            return (existing, false)
        }
        let token = CaseToken.make()
        let rows = try await sql.insert(into: "cases")
            .columns("token", "open_key", "service_id", "customer_id", "reseller_id", "category", "status", "first_event_at",
                     "policy_version", "clause", "opened_at", "updated_at", "staff_confirmed")
            .values(SQLBind(token), SQLBind(key), SQLBind(event.serviceID), SQLBind(event.customerID), SQLBind(event.resellerID),
                    SQLBind(event.category), SQLBind(CaseStatus.open.rawValue), SQLBind(event.occurredAt), SQLBind(policyVersion),
                    SQLBind(clause), SQLBind(now), SQLBind(now), SQLBind(0))
            .returning("id").all()
        let id = try rows[0].decode(column: "id", as: Int64.self)
        return (try await find(id: id, on: sql)!, true)
    }

    public static func attach(_ event: UnassignedEvent, to caseID: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.insert(into: "case_events").columns("sha256", "position", "case_id")
            .values(SQLBind(event.sha256), SQLBind(event.position), SQLBind(caseID))
            .ignoringConflicts(with: ["sha256", "position"]).returning("case_id").all()
        return !rows.isEmpty
    }

    /// Adds a timeline entry and its audit-log entry (every change to a case is audited).
    public static func addTimeline(caseID: Int64, at: Int64, kind: String, actor: String, text: String, on sql: any SQLDatabase) async throws {
        let text = String(text.prefix(4_000))
        try await sql.insert(into: "case_timeline").columns("case_id", "at", "kind", "actor", "text")
            .values(SQLBind(caseID), SQLBind(at), SQLBind(kind), SQLBind(actor), SQLBind(text)).run()
        try await AuditLog.append(actor: actor, action: "case.\(kind)", subject: "case:\(caseID)", details: AuditLog.details(["text": text]), now: at, on: sql)
    }

    /// Writes a decision: the case's new state, a timeline entry, and one intent per action
    /// (an intent already recorded under its key is left as it is).
    public static func apply(_ decision: Decision, to record: CaseRecord, actor: String, now: Int64, on sql: any SQLDatabase) async throws {
        let closed = decision.status.isClosed
        try await sql.update("cases")
            .set("status", to: decision.status.rawValue).set("rung", to: SQLBind(decision.rung)).set("pending_rung", to: SQLBind(decision.pendingRung))
            .set("deadline", to: SQLBind(decision.deadline)).set("staff_confirmed", to: 0).set("updated_at", to: now)
            .set("policy_version", to: decision.policyVersion).set("clause", to: decision.clause)
            // A provider case keeps its own key (one per listed address or range).
            .set("open_key", to: closed ? SQLBind(String?.none) as any SQLExpression
                 : SQLFunction("COALESCE", args: SQLIdentifier("open_key"), SQLBind("\(record.serviceID)|\(record.category)")))
            .set("closed_at", to: closed ? SQLBind(now) : SQLBind(Int64?.none))
            .where("id", .equal, record.id).run()
        let actions = decision.actions.map(\.action.rawValue).joined(separator: ", ")
        try await addTimeline(caseID: record.id, at: now, kind: "decision", actor: actor,
                              text: "\(decision.status.rawValue): \(actions.isEmpty ? "no action" : actions) — \(decision.reason) [clause \(decision.clause), policy \(decision.policyVersion)]",
                              on: sql)
        for planned in decision.actions {
            try await addIntent(key: "case-\(record.id)/\(planned.key)", caseID: record.id, action: planned.action, rungID: planned.rungID,
                                clause: decision.clause, policyVersion: decision.policyVersion, reason: decision.reason, now: now, on: sql)
        }
    }

    /// Records a pending intent, unless one is already recorded under `key` (the same step is
    /// never carried out twice).
    public static func addIntent(key: String, caseID: Int64, action: EnforcementAction, rungID: String, clause: String, policyVersion: String,
                                 reason: String, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "action_intents")
            .columns("key", "case_id", "action", "rung", "clause", "policy_version", "reason", "status", "created_at", "attempts")
            .values(SQLBind(key), SQLBind(caseID), SQLBind(action.rawValue), SQLBind(rungID), SQLBind(clause), SQLBind(policyVersion),
                    SQLBind(String(reason.prefix(2_000))), SQLBind("pending"), SQLBind(now), SQLBind(0))
            .ignoringConflicts(with: ["key"]).run()
    }

    static func decode(_ row: any SQLRow) throws -> CaseRecord {
        CaseRecord(
            id: try row.decode(column: "id", as: Int64.self), token: try row.decode(column: "token", as: String.self),
            serviceID: try row.decode(column: "service_id", as: String.self), customerID: try row.decode(column: "customer_id", as: String.self),
            resellerID: try row.decode(column: "reseller_id", as: String?.self), category: try row.decode(column: "category", as: String.self),
            status: try row.decode(column: "status", as: String.self), rung: try row.decode(column: "rung", as: Int?.self),
            pendingRung: try row.decode(column: "pending_rung", as: Int?.self), deadline: try row.decode(column: "deadline", as: Int64?.self),
            staffConfirmed: try row.decode(column: "staff_confirmed", as: Int.self) != 0, firstEventAt: try row.decode(column: "first_event_at", as: Int64.self),
            policyVersion: try row.decode(column: "policy_version", as: String.self), clause: try row.decode(column: "clause", as: String.self),
            assignee: try row.decode(column: "assignee", as: String?.self), linkedTo: try row.decode(column: "linked_to", as: Int64?.self),
            openedAt: try row.decode(column: "opened_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self),
            closedAt: try row.decode(column: "closed_at", as: Int64?.self))
    }
}

/// Case tokens: ten characters of lower-case base32 from the system's random source — enough
/// that nobody guesses another case's reply address.
enum CaseToken {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }
}
