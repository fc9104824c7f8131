import BailiffCore
import FluentKit
import Foundation
import SQLKit

extension CaseRepository {
    /// One page of the staff queue and the number of cases the filter matches, up to
    /// `CaseQueueQuery.countLimit` + 1 (which means "more than the limit").
    ///
    /// Open cases come in urgency order from the `cases_queue` index; `excludingCategories`
    /// keeps the policy's hidden categories out of the portals.
    public func queue(_ query: CaseQueueQuery, now: Int64, excludingCategories excluded: Set<String> = []) async throws -> (cases: [CaseRecord], total: Int) {
        func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var select = select.from("cases")
            switch query.state {
            case .open: select = select.where(SQLColumn("closed_at"), .is, SQLLiteral.null)
            case .closed: select = select.where(SQLColumn("closed_at"), .isNot, SQLLiteral.null)
            case .all: break
            }
            if let status = query.status { select = select.where("status", .equal, status.rawValue) }
            if let category = query.category { select = select.where("category", .equal, category.rawValue) }
            if !excluded.isEmpty { select = select.where("category", .notIn, Array(excluded)) }
            if let assignee = query.assignee {
                select = assignee.isEmpty ? select.where(SQLColumn("assignee"), .is, SQLLiteral.null) : select.where("assignee", .equal, assignee)
            }
            if let reseller = query.resellerID { select = select.where("reseller_id", .equal, reseller) }
            if let customer = query.customerID { select = select.where("customer_id", .equal, customer) }
            if let service = query.serviceID { select = select.where("service_id", .equal, service) }
            if let days = query.olderThanDays { select = select.where("opened_at", .lessThanOrEqual, now - Int64(days) * 86_400) }
            switch query.due {
            case .overdue?: select = select.where("deadline", .lessThanOrEqual, now)
            case .day?: select = select.where("deadline", .lessThanOrEqual, now + 86_400)
            case nil: break
            }
            return select
        }
        let matching = filtered(store.sql.select().column(SQLLiteral.numeric("1"))).limit(CaseQueueQuery.countLimit + 1)
        let total = try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLGroupExpression(matching.query), as: SQLIdentifier("matching"))).first()!.decode(column: "n", as: Int.self)
        var page = filtered(store.sql.select().column("*"))
        if query.state == .open {
            // The same expression as the index, so that the planner reads the index in order.
            page = page.orderBy(SQLRaw("COALESCE(deadline, 9223372036854775807)")).orderBy("id")
        } else {
            page = page.orderBy("id", .descending)
        }
        let rows = try await page.limit(query.pageSize).offset(query.offset).all().map(Self.decode)
        return (rows, total)
    }

    /// A reported event on a case, with what the customer may read of it.
    public struct CaseEvent: Sendable, Hashable {
        public var sha256: String
        public var position: Int
        public var ip: String?
        public var url: String?
        public var category: String
        public var occurredAt: Int64
        public var reporter: String?
        public var excerpt: String?
    }

    public func events(caseID: Int64, limit: Int = 500) async throws -> [CaseEvent] {
        try await store.sql.raw("""
            SELECT e.sha256, e.position, e.ip, e.url, e.category, e.occurred_at, e.reporter, e.excerpt, e.findings
            FROM report_events e JOIN case_events c ON c.sha256 = e.sha256 AND c.position = e.position
            WHERE c.case_id = \(bind: caseID) ORDER BY e.occurred_at, e.sha256, e.position LIMIT \(bind: limit)
            """).all().map { row in
                CaseEvent(sha256: try row.decode(column: "sha256", as: String.self), position: try row.decode(column: "position", as: Int.self),
                          ip: try row.decode(column: "ip", as: String?.self), url: try row.decode(column: "url", as: String?.self),
                          category: try row.decode(column: "category", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
                          reporter: try row.decode(column: "reporter", as: String?.self),
                          excerpt: Self.withFindings(try row.decode(column: "excerpt", as: String?.self), try row.decode(column: "findings", as: String?.self)))
            }
    }

    /// The cases that hold events of a stored message (to decide who may view it).
    public func cases(ofMessage sha256: String) async throws -> [CaseRecord] {
        try await store.sql.raw("""
            SELECT * FROM cases WHERE id IN (SELECT case_id FROM case_events WHERE sha256 = \(bind: sha256)
                                             UNION SELECT case_id FROM case_messages WHERE sha256 = \(bind: sha256))
            """).all().map(Self.decode)
    }

    /// Staff minutes logged on a case.
    public func minutesLogged(caseID: Int64) async throws -> Int {
        try await store.sql.raw("SELECT COALESCE(SUM(minutes), 0) AS m FROM case_time_log WHERE case_id = \(bind: caseID)").first()!.decode(column: "m", as: Int.self)
    }

    /// Open cases counted by a column (`category`, `customer_id`, `reseller_id`), largest first.
    public func openCounts(by column: String, limit: Int = 20) async throws -> [(String, Int)] {
        precondition(["category", "customer_id", "reseller_id"].contains(column))
        return try await store.sql.raw("""
            SELECT \(unsafeRaw: column) AS k, COUNT(*) AS n FROM cases WHERE closed_at IS NULL AND \(unsafeRaw: column) IS NOT NULL
            GROUP BY \(unsafeRaw: column) ORDER BY n DESC, k LIMIT \(bind: limit)
            """).all().map { (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self)) }
    }

    /// Open cases by age bucket, for the dashboard.
    public func openAges(now: Int64) async throws -> [(String, Int)] {
        let day: Int64 = 86_400
        let row = try await store.sql.raw("""
            SELECT SUM(CASE WHEN opened_at > \(bind: now - day) THEN 1 ELSE 0 END) AS d1,
                   SUM(CASE WHEN opened_at <= \(bind: now - day) AND opened_at > \(bind: now - 7 * day) THEN 1 ELSE 0 END) AS d7,
                   SUM(CASE WHEN opened_at <= \(bind: now - 7 * day) AND opened_at > \(bind: now - 30 * day) THEN 1 ELSE 0 END) AS d30,
                   SUM(CASE WHEN opened_at <= \(bind: now - 30 * day) THEN 1 ELSE 0 END) AS older
            FROM cases WHERE closed_at IS NULL
            """).first()
        func value(_ column: String) -> Int { ((try? row?.decode(column: column, as: Int?.self)) ?? nil) ?? 0 }
        return [("< 1 day", value("d1")), ("1–7 days", value("d7")), ("7–30 days", value("d30")), ("> 30 days", value("older"))]
    }

    /// Reported events per day over the last `days` days (by when they happened).
    public func eventsPerDay(now: Int64, days: Int) async throws -> [(Int64, Int)] {
        let start = (now / 86_400 - Int64(days - 1)) * 86_400
        let rows = try await store.sql.raw("""
            SELECT (occurred_at / 86400) AS d, COUNT(*) AS n FROM report_events WHERE occurred_at >= \(bind: start) GROUP BY (occurred_at / 86400)
            """).all()
        var counts: [Int64: Int] = [:]
        for row in rows { counts[try row.decode(column: "d", as: Int64.self) * 86_400] = try row.decode(column: "n", as: Int.self) }
        return (0..<days).map { start + Int64($0) * 86_400 }.map { ($0, counts[$0] ?? 0) }
    }
}

extension CaseRepository {
    /// Mail received on a case (replies, bounces), oldest first.
    public func correspondence(caseID: Int64) async throws -> [(sha256: String, kind: String, at: Int64)] {
        try await store.sql.select().columns("sha256", "kind", "at").from("case_messages").where("case_id", .equal, caseID).orderBy("at").all().map {
            (try $0.decode(column: "sha256", as: String.self), try $0.decode(column: "kind", as: String.self), try $0.decode(column: "at", as: Int64.self))
        }
    }
}

extension CaseRepository {
    /// An event's excerpt followed by what the reported mail showed, for pages and the API.
    static func withFindings(_ excerpt: String?, _ findings: String?) -> String? {
        guard let findings, !findings.isEmpty else { return excerpt }
        let lines = "The reported mail: " + findings.split(separator: "\n").joined(separator: "; ")
        return excerpt.map { $0 + "\n" + lines } ?? lines
    }
}
