import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// The blackhole routes Bailiff wants, and what the BGP speaker confirmed of them.
public struct BlackholeRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A route as stored.
    public struct Entry: Sendable, Hashable {
        public var prefix: String
        public var caseID: Int64
        /// `announce` or `withdraw`.
        public var desired: String
        public var nextHop: String
        public var communities: [String]
        public var announcedAt: Int64?
        public var withdrawnAt: Int64?

        /// The ExaBGP command that brings the speaker to the desired state.
        public var command: String {
            desired == "announce"
                ? BlackholeRoute.announceCommand(prefix: prefix, nextHop: nextHop, communities: communities)
                : BlackholeRoute.withdrawCommand(prefix: prefix, nextHop: nextHop)
        }
    }

    /// The provider's own networks, inside which alone routes may be announced.
    public func providerNetworks() async throws -> [IPPrefix] {
        try await store.sql.select().column("prefix").from("provider_networks").all().compactMap {
            try? IPPrefix(parsing: try $0.decode(column: "prefix", as: String.self))
        }
    }

    /// Wants `route` announced for `caseID` (again, if it was withdrawn).
    public func requestAnnouncement(_ route: BlackholeRoute, caseID: Int64, now: Int64) async throws {
        try await store.writeTransaction { sql in
            try await sql.delete(from: "blackholes").where("prefix", .equal, route.prefix).run()
            try await sql.insert(into: "blackholes").columns("prefix", "case_id", "desired", "next_hop", "communities", "requested_at")
                .values(SQLBind(route.prefix), SQLBind(caseID), SQLBind("announce"), SQLBind(route.nextHop.description),
                        SQLBind(route.communities.joined(separator: " ")), SQLBind(now)).run()
        }
    }

    /// Wants the routes of `caseID` withdrawn; returns their prefixes.
    @discardableResult
    public func requestWithdrawal(caseID: Int64, now: Int64) async throws -> [String] {
        try await store.writeTransaction { sql in
            let prefixes = try await sql.select().column("prefix").from("blackholes").where("case_id", .equal, caseID).where("desired", .equal, "announce").all()
                .map { try $0.decode(column: "prefix", as: String.self) }
            for prefix in prefixes { try await Self.want("withdraw", prefix: prefix, now: now, on: sql) }
            return prefixes
        }
    }

    /// Every route, for the feed to compare with what it has told the speaker.
    public func all() async throws -> [Entry] {
        try await store.sql.select().columns("prefix", "case_id", "desired", "next_hop", "communities", "announced_at", "withdrawn_at")
            .from("blackholes").orderBy("prefix").all().map(Self.entry)
    }

    static func entry(_ row: any SQLRow) throws -> Entry {
        Entry(prefix: try row.decode(column: "prefix", as: String.self), caseID: try row.decode(column: "case_id", as: Int64.self),
              desired: try row.decode(column: "desired", as: String.self), nextHop: try row.decode(column: "next_hop", as: String.self),
              communities: try row.decode(column: "communities", as: String.self).split(separator: " ").map(String.init),
              announcedAt: try row.decode(column: "announced_at", as: Int64?.self), withdrawnAt: try row.decode(column: "withdrawn_at", as: Int64?.self))
    }

    /// Changes what is wanted of one route (`announce` or `withdraw`), clearing the speaker's
    /// confirmation of it; only while it is still `from`, when given (another node may have moved it).
    static func want(_ desired: String, prefix: String, from previous: String? = nil, now: Int64, on sql: any SQLDatabase) async throws {
        var update = sql.update("blackholes").set("desired", to: desired).set("requested_at", to: now)
            .set(desired == "announce" ? "announced_at" : "withdrawn_at", to: SQLLiteral.null).where("prefix", .equal, prefix)
        if let previous { update = update.where("desired", .equal, previous) }
        try await update.run()
    }

    /// Records the speaker's answer to `entry`'s command, on the route and on its case's timeline.
    public func confirm(_ entry: Entry, accepted: Bool, answer: String, now: Int64) async throws {
        try await store.writeTransaction { sql in
            // Only if the desire did not change meanwhile.
            let column = entry.desired == "announce" ? "announced_at" : "withdrawn_at"
            var update = sql.update("blackholes").where("prefix", .equal, entry.prefix).where("desired", .equal, entry.desired)
            update = accepted ? update.set(column, to: now).set("last_error", to: SQLLiteral.null) : update.set("last_error", to: answer)
            try await update.run()
            let text = accepted
                ? "\(entry.desired == "announce" ? "announced" : "withdrew") \(entry.prefix) to BGP: \(entry.command)"
                : "the BGP speaker refused '\(entry.command)': \(answer)"
            try await CaseRepository.addTimeline(caseID: entry.caseID, at: now, kind: "bgp", actor: "exabgp", text: text, on: sql)
        }
    }
}

extension BlackholeRepository {
    /// The addresses the events of a case name: for an attack case, the attacked addresses.
    public func addresses(caseID: Int64) async throws -> [IPAddress] {
        try await store.sql.raw("""
            SELECT DISTINCT e.ip FROM case_events c JOIN report_events e ON e.sha256 = c.sha256 AND e.position = c.position
            WHERE c.case_id = \(bind: caseID) AND e.ip IS NOT NULL ORDER BY e.ip
            """).all().compactMap { IPAddress(try $0.decode(column: "ip", as: String.self)) }
    }
}

extension BlackholeRepository {
    /// Blackholes of open attack cases announced at or before `cutoff`: due to be withdrawn for a
    /// look at whether the attack goes on (it is invisible in the provider's flows while routed away).
    public func dueForProbe(announcedBefore cutoff: Int64) async throws -> [Entry] {
        try await openAttackRoutes(desired: "announce").filter { ($0.announcedAt ?? .max) <= cutoff }
    }

    /// Withdraws one route to probe the attack, saying so on the case's timeline.
    public func withdrawForProbe(_ entry: Entry, now: Int64) async throws {
        try await store.writeTransaction { sql in
            try await Self.want("withdraw", prefix: entry.prefix, from: "announce", now: now, on: sql)
            try await CaseRepository.addTimeline(caseID: entry.caseID, at: now, kind: "blackhole-probe", actor: "system",
                                                 text: "withdrawing the blackhole of \(entry.prefix) to see whether the attack goes on", on: sql)
            try await AuditLog.append(actor: "system", action: "blackhole.probe", subject: "case:\(entry.caseID)",
                                      details: AuditLog.details(["prefix": entry.prefix]), now: now, on: sql)
        }
    }

    /// When `address` is attacked again and its blackhole was withdrawn while its attack case is
    /// still open, announces it again; returns the case, or nil when there was nothing to re-apply.
    @discardableResult
    public func reapplyIfWithdrawn(_ address: IPAddress, evidence: String, now: Int64) async throws -> Int64? {
        let prefix = IPPrefix(address, length: address.family.bitWidth).description
        guard let entry = try await openAttackRoutes(desired: "withdraw", prefix: prefix).first else { return nil }
        try await store.writeTransaction { sql in
            try await Self.want("announce", prefix: prefix, from: "withdraw", now: now, on: sql)
            try await CaseRepository.addTimeline(caseID: entry.caseID, at: now, kind: "blackhole-probe", actor: "sensor:flows",
                                                 text: "the attack on \(address) goes on (\(evidence.prefix(300))): announcing the blackhole again", on: sql)
            try await AuditLog.append(actor: "sensor:flows", action: "blackhole.reapply", subject: "case:\(entry.caseID)",
                                      details: AuditLog.details(["prefix": prefix]), now: now, on: sql)
        }
        return entry.caseID
    }

    /// Routes in state `desired` whose case is an attack-target case still open, in one query.
    private func openAttackRoutes(desired: String, prefix: String? = nil) async throws -> [Entry] {
        var query = store.sql.select()
            .columns(SQLColumn("prefix", table: "b"), SQLColumn("case_id", table: "b"), SQLColumn("desired", table: "b"), SQLColumn("next_hop", table: "b"),
                     SQLColumn("communities", table: "b"), SQLColumn("announced_at", table: "b"), SQLColumn("withdrawn_at", table: "b"))
            .from(SQLAlias(SQLIdentifier("blackholes"), as: SQLIdentifier("b")))
            .join(SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("case_id", table: "b"))
            .where(SQLColumn("desired", table: "b"), .equal, SQLBind(desired))
            .where(SQLColumn("category", table: "c"), .equal, SQLBind(AbuseCategory.attackTarget.rawValue))
            .where(SQLColumn("status", table: "c"), .notIn, SQLBind.group(["resolved", "terminated", "ignored"]))
        if let prefix { query = query.where(SQLColumn("prefix", table: "b"), .equal, SQLBind(prefix)) }
        return try await query.orderBy(SQLColumn("prefix", table: "b")).all().map(Self.entry)
    }
}
