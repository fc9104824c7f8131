import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// Parse results: the status of each stored message and its attributed events.
public struct ReportRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// An event as stored, with whom it was attributed to.
    public struct StoredEvent: Sendable, Hashable {
        public var sha256: String
        public var position: Int
        public var ip: String?
        public var port: Int?
        public var url: String?
        public var category: String
        public var occurredAt: Int64
        public var timeSource: String
        public var reporter: String?
        public var excerpt: String?
        public var attribution: String
        public var serviceID: String?
        public var customerID: String?
        public var resellerID: String?
        public var assignmentPrefix: String?
        /// For an event that named only a URL or domain: the name resolved at intake, the answer
        /// (addresses, or why there were none) and when.
        public var dnsName: String?
        public var dnsAnswer: String?
        public var dnsResolvedAt: Int64?
        /// The recipient of a reported spam mail, when the report names it.
        public var recipient: String?
        /// For spam: what the copy of the mail showed (``MassMailerFindings``), one line each.
        public var findings: String?

        public init(
            sha256: String, position: Int, ip: String?, port: Int?, url: String?, category: String, occurredAt: Int64, timeSource: String,
            reporter: String?, excerpt: String?, attribution: String, serviceID: String?, customerID: String?, resellerID: String?,
            assignmentPrefix: String?, dnsName: String? = nil, dnsAnswer: String? = nil, dnsResolvedAt: Int64? = nil, recipient: String? = nil,
            findings: String? = nil
        ) {
            self.sha256 = sha256; self.position = position; self.ip = ip; self.port = port; self.url = url; self.category = category
            self.occurredAt = occurredAt; self.timeSource = timeSource; self.reporter = reporter; self.excerpt = excerpt
            self.attribution = attribution; self.serviceID = serviceID; self.customerID = customerID; self.resellerID = resellerID
            self.assignmentPrefix = assignmentPrefix
            self.dnsName = dnsName; self.dnsAnswer = dnsAnswer; self.dnsResolvedAt = dnsResolvedAt; self.recipient = recipient
            self.findings = findings
        }
    }

    /// Messages waiting to be parsed, oldest first (without claiming them).
    public func pending(limit: Int) async throws -> [String] {
        try await store.sql.select().column("sha256").from("raw_messages").where("parse_status", .equal, "pending")
            .orderBy("first_received_at").limit(limit).all().map { try $0.decode(column: "sha256", as: String.self) }
    }

    /// Takes up to `limit` pending messages for this node to parse, so that several nodes on one
    /// PostgreSQL never parse the same message at once (`FOR UPDATE SKIP LOCKED`: a node skips
    /// rows another is claiming instead of waiting). Claims older than `staleAfter` seconds are
    /// taken over: their node died. SQLite serialises writers, so the same statement without
    /// the locking clause is enough there.
    public func claimPending(limit: Int, now: Int64, staleAfter: Int64 = 300) async throws -> [String] {
        try await claim(limit: limit, now: now, staleAfter: staleAfter, returning: "sha256").map { try $0.decode(column: "sha256", as: String.self) }
    }

    /// A claimed message with what parsing needs, read in the claiming statement itself.
    public struct ClaimedMessage: Sendable {
        public var sha256: String
        public var content: [UInt8]
        public var firstReceivedAt: Int64
        public init(sha256: String, content: [UInt8], firstReceivedAt: Int64) {
            self.sha256 = sha256; self.content = content; self.firstReceivedAt = firstReceivedAt
        }
    }

    /// The case tokens of the deliveries of these messages.
    public func caseTokens(of sha256s: [String]) async throws -> [String: [String]] {
        var tokens: [String: [String]] = [:]
        for chunk in sha256s.chunked(500) {
            let rows = try await store.sql.select().columns("sha256", "case_token").from("deliveries")
                .where("sha256", .in, Array(chunk)).where(SQLColumn("case_token"), .isNot, SQLLiteral.null).all()
            for row in rows { tokens[try row.decode(column: "sha256", as: String.self), default: []].append(try row.decode(column: "case_token", as: String.self)) }
        }
        return tokens
    }

    /// Of these messages, the ones delivered at least once on `channel`.
    public func delivered(_ sha256s: [String], on channel: String) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in sha256s.chunked(500) {
            let rows = try await store.sql.select().distinct().column("sha256").from("deliveries")
                .where("sha256", .in, Array(chunk)).where("channel", .equal, channel).all()
            for row in rows { found.insert(try row.decode(column: "sha256", as: String.self)) }
        }
        return found
    }

    /// ``claimPending(limit:now:staleAfter:)`` returning the messages' bytes as well.
    public func claimPendingMessages(limit: Int, now: Int64, staleAfter: Int64 = 300) async throws -> [ClaimedMessage] {
        try await claim(limit: limit, now: now, staleAfter: staleAfter, returning: "sha256, content, first_received_at").map { row in
            ClaimedMessage(
                sha256: try row.decode(column: "sha256", as: String.self),
                content: [UInt8](try row.decode(column: "content", as: Data.self)),
                firstReceivedAt: try row.decode(column: "first_received_at", as: Int64.self)
            )
        }
    }

    private func claim(limit: Int, now: Int64, staleAfter: Int64, returning columns: String) async throws -> [any SQLRow] {
        let lock = store.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await store.write { sql in try await sql.raw("""
            UPDATE raw_messages SET parse_status = 'processing', claimed_at = \(bind: now)
            WHERE sha256 IN (
                SELECT sha256 FROM raw_messages
                WHERE parse_status = 'pending' OR (parse_status = 'processing' AND claimed_at < \(bind: now - staleAfter))
                ORDER BY first_received_at LIMIT \(bind: limit)\(unsafeRaw: lock)
            )
            RETURNING \(unsafeRaw: columns)
            """).all() }
    }

    /// The outcome of parsing one message, ready to be recorded.
    public struct ParseResult: Sendable {
        public var sha256: String
        public var status: String
        public var format: String?
        public var reason: String?
        public var events: [StoredEvent]
        /// For an intellectual-property complaint: whether it meets the policy's requirements,
        /// and the missing ones.
        public var noticeCompliant: Bool?
        public var noticeMissing: [String]
        /// A reply to or a bounce of a case's notice: the case it joins, `reply` or `bounce`, and a
        /// line for the case's timeline.
        public var correspondence: Correspondence?

        public init(sha256: String, status: String, format: String?, reason: String?, events: [StoredEvent], noticeCompliant: Bool? = nil, noticeMissing: [String] = [], correspondence: Correspondence? = nil) {
            self.sha256 = sha256; self.status = status; self.format = format; self.reason = reason; self.events = events
            self.noticeCompliant = noticeCompliant; self.noticeMissing = noticeMissing; self.correspondence = correspondence
        }
    }

    /// A message that belongs to an existing case.
    public struct Correspondence: Sendable {
        public var caseID: Int64
        public var kind: String
        public var from: String
        public var summary: String
        /// For a bounce: the recipients the delivery status report says failed for good.
        public var failedRecipients: [String]
        public init(caseID: Int64, kind: String, from: String, summary: String, failedRecipients: [String] = []) {
            self.caseID = caseID; self.kind = kind; self.from = from; self.summary = summary; self.failedRecipients = failedRecipients
        }
    }

    /// Records a message's parse result, replacing any earlier one (re-parsing is repeatable).
    public func record(sha256: String, status: String, format: String?, reason: String?, events: [StoredEvent], at now: Int64) async throws {
        try await record([ParseResult(sha256: sha256, status: status, format: format, reason: reason, events: events)], at: now)
    }

    /// Records several parse results in one transaction: one commit for a whole batch.
    public func record(_ results: [ParseResult], at now: Int64) async throws {
        guard !results.isEmpty else { return }
        let columns = [
            "sha256", "position", "ip", "port", "url", "category", "occurred_at", "time_source", "reporter", "excerpt", "attribution",
            "service_id", "customer_id", "reseller_id", "assignment_prefix", "dns_name", "dns_answer", "dns_resolved_at", "recipient", "findings",
        ]
        let rows = results.flatMap(\.events).map { event -> [any SQLExpression] in
            [SQLBind(event.sha256), SQLBind(event.position), SQLBind(event.ip), SQLBind(event.port), SQLBind(event.url), SQLBind(event.category),
             SQLBind(event.occurredAt), SQLBind(event.timeSource), SQLBind(event.reporter.map { String($0.prefix(500)) }),
             SQLBind(event.excerpt.map { String($0.prefix(1_000)) }), SQLBind(event.attribution), SQLBind(event.serviceID),
             SQLBind(event.customerID), SQLBind(event.resellerID), SQLBind(event.assignmentPrefix), SQLBind(event.dnsName),
             SQLBind(event.dnsAnswer.map { String($0.prefix(1_000)) }), SQLBind(event.dnsResolvedAt), SQLBind(event.recipient.map { String($0.prefix(320)) }),
             SQLBind(event.findings.map { String($0.prefix(2_000)) })]
        }
        try await store.writeTransaction { sql in
            for chunk in results.map(\.sha256).chunked(500) {
                try await sql.delete(from: "report_events").where("sha256", .in, Array(chunk)).run()
            }
            try await sql.upsert("report_events", columns, key: nil, rows)
            for result in results {
                try await sql.update("raw_messages").set("parse_status", to: result.status).set("parse_format", to: SQLBind(result.format))
                    .set("claimed_at", to: SQLLiteral.null).set("parse_reason", to: SQLBind(result.reason.map { String($0.prefix(2_000)) }))
                    .set("parsed_at", to: now).set("notice_compliant", to: SQLBind(result.noticeCompliant.map { $0 ? 1 : 0 }))
                    .set("notice_missing", to: SQLBind(result.noticeMissing.isEmpty ? nil : result.noticeMissing.joined(separator: ",")))
                    .where("sha256", .equal, result.sha256).run()
            }
            for result in results {
                guard let letter = result.correspondence else { continue }
                let inserted = try await sql.insert(into: "case_messages").columns("sha256", "case_id", "kind", "at")
                    .values(SQLBind(result.sha256), SQLBind(letter.caseID), SQLBind(letter.kind), SQLBind(now))
                    .ignoringConflicts(with: ["sha256"]).returning("sha256").all()
                if !inserted.isEmpty {
                    try await CaseRepository.addTimeline(caseID: letter.caseID, at: now, kind: letter.kind, actor: String(letter.from.prefix(200)),
                                                         text: "\(letter.summary) (message \(result.sha256.prefix(16)))", on: sql)
                    if letter.kind == "bounce", !letter.failedRecipients.isEmpty {
                        try await NoticeRepository.markBounced(caseID: letter.caseID, recipients: letter.failedRecipients, reason: letter.summary, now: now, on: sql)
                    }
                }
            }
            // One audit entry per batch: which messages were (re)parsed into how many events.
            let summary = results.map { "\($0.sha256.prefix(16)):\($0.status):\($0.events.count)" }.joined(separator: " ")
            try await AuditLog.append(actor: "system", action: "reports.parsed", subject: "messages:\(results.count)",
                                      details: AuditLog.details(["messages": summary]), now: now, on: sql)
        }
    }

    /// Marks messages for parsing again: all, or those with one status. Returns how many.
    @discardableResult
    public func markForReparse(status: String?) async throws -> Int {
        let before = try await count(status: "pending")
        try await store.write { sql in
            // Documents customers uploaded and statements staff filed are evidence, not reports:
            // parsing them again would drop the events a staff attribution made.
            var update = sql.update("raw_messages").set("parse_status", to: "pending")
                .where(SQLFunction("COALESCE", args: SQLIdentifier("parse_format"), SQLLiteral.string("")), .notIn,
                       SQLGroupExpression([SQLLiteral.string(EvidenceRepository.caseDocumentFormat), SQLLiteral.string(BlocklistRepository.attributionFormat)]))
            if let status { update = update.where("parse_status", .equal, status) }
            try await update.run()
        }
        return try await count(status: "pending") - before
    }

    /// Messages with a parse status.
    public func count(status: String) async throws -> Int {
        try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("raw_messages")
            .where("parse_status", .equal, status).first()!.decode(column: "n", as: Int.self)
    }

    /// The events of one message, in order.
    public func events(sha256: String) async throws -> [StoredEvent] {
        try await store.sql.select().column("*").from("report_events").where("sha256", .equal, sha256).orderBy("position").all().map(Self.decodeEvent)
    }

    /// Events filtered by address and time, newest first, one page at a time, with the number matching.
    public func events(ip: String?, since: Int64?, until: Int64?, limit: Int, offset: Int) async throws -> (events: [StoredEvent], total: Int) {
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var select = select.from("report_events")
            if let ip { select = select.where("ip", .equal, ip) }
            if let since { select = select.where("occurred_at", .greaterThanOrEqual, since) }
            if let until { select = select.where("occurred_at", .lessThan, until) }
            return select
        }
        let total = try await filtered(store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()!.decode(column: "n", as: Int.self)
        let events = try await filtered(store.sql.select().column("*")).orderBy("occurred_at", .descending).orderBy("sha256").orderBy("position")
            .limit(limit).offset(offset).all().map(Self.decodeEvent)
        return (events, total)
    }

    static func decodeEvent(_ row: any SQLRow) throws -> StoredEvent {
            try StoredEvent(
                sha256: try row.decode(column: "sha256", as: String.self), position: try row.decode(column: "position", as: Int.self),
                ip: try row.decode(column: "ip", as: String?.self), port: try row.decode(column: "port", as: Int?.self),
                url: try row.decode(column: "url", as: String?.self), category: try row.decode(column: "category", as: String.self),
                occurredAt: try row.decode(column: "occurred_at", as: Int64.self), timeSource: try row.decode(column: "time_source", as: String.self),
                reporter: try row.decode(column: "reporter", as: String?.self), excerpt: try row.decode(column: "excerpt", as: String?.self),
                attribution: try row.decode(column: "attribution", as: String.self), serviceID: try row.decode(column: "service_id", as: String?.self),
                customerID: try row.decode(column: "customer_id", as: String?.self), resellerID: try row.decode(column: "reseller_id", as: String?.self),
                assignmentPrefix: try row.decode(column: "assignment_prefix", as: String?.self),
                dnsName: try row.decode(column: "dns_name", as: String?.self), dnsAnswer: try row.decode(column: "dns_answer", as: String?.self),
                dnsResolvedAt: try row.decode(column: "dns_resolved_at", as: Int64?.self), recipient: try row.decode(column: "recipient", as: String?.self),
                findings: try row.decode(column: "findings", as: String?.self)
            )
    }

    /// Status, format and reason of one message.
    public func status(sha256: String) async throws -> (status: String, format: String?, reason: String?)? {
        guard let row = try await store.sql.select().columns("parse_status", "parse_format", "parse_reason").from("raw_messages")
            .where("sha256", .equal, sha256).first()
        else { return nil }
        return (try row.decode(column: "parse_status", as: String.self), try row.decode(column: "parse_format", as: String?.self),
                try row.decode(column: "parse_reason", as: String?.self))
    }
}

extension ReportRepository {
    /// A stored message with its parse outcome, for the triage page.
    public struct MessageState: Sendable, Hashable {
        public var sha256: String
        public var receivedAt: Int64
        public var reason: String?
    }

    /// The newest messages in a parse status (e.g. quarantined).
    public func recent(status: String, limit: Int) async throws -> [MessageState] {
        try await store.sql.select().columns("sha256", "first_received_at", "parse_reason").from("raw_messages").where("parse_status", .equal, status)
            .orderBy("first_received_at", .descending).limit(limit).all().map {
                MessageState(sha256: try $0.decode(column: "sha256", as: String.self), receivedAt: try $0.decode(column: "first_received_at", as: Int64.self),
                             reason: try $0.decode(column: "parse_reason", as: String?.self))
            }
    }
}
