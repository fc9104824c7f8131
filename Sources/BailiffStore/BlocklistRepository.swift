import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// The blocklist monitor's record: sweeps, listings from first seen to delisted, and the
/// provider cases that listings of the provider's own addresses and ranges open.
public struct BlocklistRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Where a new listing goes.
    public enum Route: Sendable, Hashable {
        /// A customer's service holds the address: the sweep's sensor report carries the event.
        case customer(serviceID: String, customerID: String)
        /// A provider case, one per `key` (an address, or a list and a range).
        case provider(key: String, why: String)
        /// Recorded, nothing more (a policy listing).
        case information(String)

        var name: String {
            switch self {
            case .customer: "customer"
            case .provider: "provider"
            case .information: "information"
            }
        }
    }

    /// A listing as the sweep saw it.
    public struct Sighting: Sendable, Hashable {
        public var address: IPAddress
        public var list: String
        public var zone: String
        /// `127.0.0.2 (abuse: …), …`
        public var codes: String
        public var codeClass: String
        public var reason: String?
        public var delistURL: String

        public init(address: IPAddress, list: String, zone: String, codes: String, codeClass: String, reason: String?, delistURL: String) {
            self.address = address; self.list = list; self.zone = zone; self.codes = codes; self.codeClass = codeClass
            self.reason = reason; self.delistURL = delistURL
        }
    }

    /// A sweep's figures.
    public struct Sweep: Sendable, Hashable {
        public var id: Int64 = 0
        public var startedAt: Int64
        public var durationMilliseconds: Int64
        public var trigger: String
        public var addresses: Int
        public var queries: Int
        public var listed: Int
        public var unknown: Int
        public var unusableLists: [String]
        /// Queries sent to each list (its daily budget counts them).
        public var queriesByList: [String: Int]

        public init(startedAt: Int64, durationMilliseconds: Int64, trigger: String, addresses: Int, queries: Int, listed: Int, unknown: Int, unusableLists: [String],
                    queriesByList: [String: Int] = [:]) {
            self.startedAt = startedAt; self.durationMilliseconds = durationMilliseconds; self.trigger = trigger; self.addresses = addresses
            self.queries = queries; self.listed = listed; self.unknown = unknown; self.unusableLists = unusableLists; self.queriesByList = queriesByList
        }
    }

    /// A listing in the history.
    public struct Listing: Sendable, Hashable {
        public var id: Int64
        public var sighting: Sighting
        public var route: String
        public var serviceID: String?
        public var caseID: Int64?
        public var listedSince: Int64
        public var lastSeen: Int64
        public var delistedAt: Int64?
    }

    /// What recording a sweep changed.
    public struct Recorded: Sendable, Hashable {
        public var sweepID: Int64
        /// Provider cases opened by this sweep.
        public var openedProviderCases: [Int64]
        /// Provider cases the new listings were added to (new or already open).
        public var providerCases: [Int64]
        public var delisted: Int
    }

    /// Listings still open: (id, address, list).
    public func openListings() async throws -> [(id: Int64, address: IPAddress, list: String)] {
        try await store.sql.select().columns("id", "address", "list").from("dnsbl_listings").where("delisted_at", .is, SQLLiteral.null).all().compactMap { row in
            guard let address = IPAddress(try row.decode(column: "address", as: String.self)) else { return nil }
            return (try row.decode(column: "id", as: Int64.self), address, try row.decode(column: "list", as: String.self))
        }
    }

    /// Records one sweep in one transaction: its figures, the new listings (opening a provider
    /// case per provider key that has none open), the listings seen again, and those gone. A
    /// delisting is noted on the case it belongs to (the provider case, or the customer's open
    /// `blocklisted` case).
    public func record(_ sweep: Sweep, appeared: [(Sighting, Route)], seenAgain: [(id: Int64, Sighting)], delisted: [Int64],
                       policyVersion: String, clause: String, now: Int64) async throws -> Recorded {
        try await store.writeTransaction { sql in
            let sweepID = try await sql.insert(into: "dnsbl_sweeps")
                .columns("started_at", "duration_ms", "trigger", "addresses", "queries", "listed", "unknown", "unusable_lists", "list_queries")
                .values(SQLBind(sweep.startedAt), SQLBind(sweep.durationMilliseconds), SQLBind(sweep.trigger), SQLBind(sweep.addresses), SQLBind(sweep.queries),
                        SQLBind(sweep.listed), SQLBind(sweep.unknown), SQLBind(sweep.unusableLists.isEmpty ? nil : sweep.unusableLists.joined(separator: "; ")),
                        SQLBind(Self.encode(sweep.queriesByList)))
                .returning("id").all()[0].decode(column: "id", as: Int64.self)
            var opened: [Int64] = []
            var touched: [Int64] = []
            for (sighting, route) in appeared {
                var caseID: Int64?
                var serviceID: String?
                var customerID: String?
                switch route {
                case .customer(let service, let customer):
                    serviceID = service; customerID = customer
                case .provider(let key, let why):
                    let (id, created) = try await Self.providerCase(key: key, firstSeen: now, policyVersion: policyVersion, clause: clause, on: sql)
                    if created { opened.append(id) }
                    if !touched.contains(id) { touched.append(id) }
                    caseID = id
                    try await CaseRepository.addTimeline(
                        caseID: id, at: now, kind: "blocklisting", actor: "sensor:dnsbl",
                        text: "\(sighting.address) listed on \(sighting.list) (\(sighting.zone)): \(sighting.codes)"
                            + (sighting.reason.map { "; TXT: \($0)" } ?? "") + (sighting.delistURL.isEmpty ? "" : "; delisting: \(sighting.delistURL)")
                            + " — \(why). Attribute it to a customer from evidence (reports, flows, mail logs) before any notice or fee.",
                        on: sql)
                case .information:
                    break
                }
                try await sql.insert(into: "dnsbl_listings")
                    .columns("address", "list", "zone", "codes", "code_class", "reason", "delist_url", "route", "service_id", "customer_id", "case_id",
                             "listed_since", "last_seen", "first_sweep")
                    .values(SQLBind(sighting.address.description), SQLBind(sighting.list), SQLBind(sighting.zone), SQLBind(String(sighting.codes.prefix(1_000))),
                            SQLBind(sighting.codeClass), SQLBind(sighting.reason.map { String($0.prefix(1_000)) }), SQLBind(sighting.delistURL),
                            SQLBind(route.name), SQLBind(serviceID), SQLBind(customerID), SQLBind(caseID), SQLBind(now), SQLBind(now), SQLBind(sweepID))
                    .run()
            }
            for (id, sighting) in seenAgain {
                try await sql.update("dnsbl_listings").set("last_seen", to: now).set("codes", to: String(sighting.codes.prefix(1_000)))
                    .set("code_class", to: sighting.codeClass).set("reason", to: SQLBind(sighting.reason.map { String($0.prefix(1_000)) }))
                    .where("id", .equal, id).run()
            }
            for id in delisted {
                guard let row = try await sql.select().columns("address", "list", "route", "service_id", "case_id").from("dnsbl_listings")
                    .where("id", .equal, id).where("delisted_at", .is, SQLLiteral.null).first()
                else { continue }
                try await sql.update("dnsbl_listings").set("delisted_at", to: now).where("id", .equal, id).run()
                let address = try row.decode(column: "address", as: String.self), list = try row.decode(column: "list", as: String.self)
                var caseID = try row.decode(column: "case_id", as: Int64?.self)
                if caseID == nil, let service = try row.decode(column: "service_id", as: String?.self) {
                    caseID = try await sql.select().column("id").from("cases").where("open_key", .equal, "\(service)|\(AbuseCategory.blocklisted.rawValue)")
                        .first()?.decode(column: "id", as: Int64.self)
                }
                if let caseID {
                    try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "delisted", actor: "sensor:dnsbl",
                                                         text: "\(address) is no longer listed on \(list) (sweep \(sweepID))", on: sql)
                }
            }
            try await AuditLog.append(actor: "sensor:dnsbl", action: "dnsbl.sweep", subject: "sweep:\(sweepID)",
                                      details: AuditLog.details(["addresses": "\(sweep.addresses)", "queries": "\(sweep.queries)", "new": "\(appeared.count)",
                                                                 "delisted": "\(delisted.count)", "trigger": sweep.trigger]),
                                      now: now, on: sql)
            return Recorded(sweepID: sweepID, openedProviderCases: opened, providerCases: touched, delisted: delisted.count)
        }
    }

    /// The open provider case for `key`, or a new one (open, no deadline: staff work it).
    static func providerCase(key: String, firstSeen: Int64, policyVersion: String, clause: String, on sql: any SQLDatabase) async throws -> (Int64, created: Bool) {
        let openKey = "\(ProviderCase.holder)|\(AbuseCategory.blocklisted.rawValue)|\(key)"
        if let existing = try await sql.select().column("id").from("cases").where("open_key", .equal, openKey).first() {
            return (try existing.decode(column: "id", as: Int64.self), false)
        }
        let id = try await sql.insert(into: "cases")
            .columns("token", "open_key", "service_id", "customer_id", "reseller_id", "category", "status", "first_event_at",
                     "policy_version", "clause", "opened_at", "updated_at", "staff_confirmed")
            .values(SQLBind(CaseToken.make()), SQLBind(openKey), SQLBind(ProviderCase.holder), SQLBind(ProviderCase.holder), SQLBind(String?.none),
                    SQLBind(AbuseCategory.blocklisted.rawValue), SQLBind(CaseStatus.open.rawValue), SQLBind(firstSeen), SQLBind(policyVersion),
                    SQLBind(clause), SQLBind(firstSeen), SQLBind(firstSeen), SQLBind(0))
            .returning("id").all()[0].decode(column: "id", as: Int64.self)
        try await CaseRepository.addTimeline(caseID: id, at: firstSeen, kind: "opened", actor: "sensor:dnsbl",
                                             text: "provider case opened for \(key): a listing of the provider's own address or range", on: sql)
        return (id, true)
    }

    // MARK: reading

    /// The history of one address (newest first), or every open listing when `address` is nil.
    public func listings(address: IPAddress? = nil, openOnly: Bool = false, caseID: Int64? = nil, limit: Int = 1_000) async throws -> [Listing] {
        var query = store.sql.select().column("*").from("dnsbl_listings")
        if let address { query = query.where("address", .equal, address.description) }
        if openOnly { query = query.where("delisted_at", .is, SQLLiteral.null) }
        if let caseID { query = query.where("case_id", .equal, caseID) }
        return try await query.orderBy("listed_since", .descending).orderBy("id", .descending).limit(limit).all().compactMap { row in
            guard let address = IPAddress(try row.decode(column: "address", as: String.self)) else { return nil }
            return Listing(
                id: try row.decode(column: "id", as: Int64.self),
                sighting: Sighting(address: address, list: try row.decode(column: "list", as: String.self), zone: try row.decode(column: "zone", as: String.self),
                                   codes: try row.decode(column: "codes", as: String.self), codeClass: try row.decode(column: "code_class", as: String.self),
                                   reason: try row.decode(column: "reason", as: String?.self), delistURL: try row.decode(column: "delist_url", as: String?.self) ?? ""),
                route: try row.decode(column: "route", as: String.self), serviceID: try row.decode(column: "service_id", as: String?.self),
                caseID: try row.decode(column: "case_id", as: Int64?.self), listedSince: try row.decode(column: "listed_since", as: Int64.self),
                lastSeen: try row.decode(column: "last_seen", as: Int64.self), delistedAt: try row.decode(column: "delisted_at", as: Int64?.self))
        }
    }

    /// Queries sent to each list by sweeps started at or after `since` (today's, for the daily
    /// budgets: shared by the server's sweeps and `bailiff dnsbl sweep`, and kept over restarts).
    public func queriesByList(since: Int64) async throws -> [String: Int] {
        var total: [String: Int] = [:]
        for row in try await store.sql.select().column("list_queries").from("dnsbl_sweeps").where("started_at", .greaterThanOrEqual, since).all() {
            for (list, count) in Self.decode(try row.decode(column: "list_queries", as: String?.self)) { total[list, default: 0] += count }
        }
        return total
    }

    /// `name=count` pairs, `;`-separated (list names are configuration: no `;` or `=` in them matters here).
    static func encode(_ counts: [String: Int]) -> String? {
        counts.isEmpty ? nil : counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    static func decode(_ text: String?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for pair in (text ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let count = Int(parts[1]) { counts[String(parts[0]), default: 0] += count }
        }
        return counts
    }

    /// Open listings per list, for the metrics.
    public func openCountsByList() async throws -> [String: Int] {
        let rows = try await store.sql.raw("SELECT list, COUNT(*) AS n FROM dnsbl_listings WHERE delisted_at IS NULL GROUP BY list").all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "list", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    /// The latest sweeps, newest first.
    public func sweeps(limit: Int = 20) async throws -> [Sweep] {
        try await store.sql.select().column("*").from("dnsbl_sweeps").orderBy("id", .descending).limit(limit).all().map { row in
            var sweep = Sweep(startedAt: try row.decode(column: "started_at", as: Int64.self), durationMilliseconds: try row.decode(column: "duration_ms", as: Int64.self),
                              trigger: try row.decode(column: "trigger", as: String.self), addresses: try row.decode(column: "addresses", as: Int.self),
                              queries: try row.decode(column: "queries", as: Int.self), listed: try row.decode(column: "listed", as: Int.self),
                              unknown: try row.decode(column: "unknown", as: Int.self),
                              unusableLists: (try row.decode(column: "unusable_lists", as: String?.self)).map { $0.components(separatedBy: "; ") } ?? [])
            sweep.id = try row.decode(column: "id", as: Int64.self)
            return sweep
        }
    }

    /// IPv6 addresses seen in reports and sensor events since `since` (a /64 cannot be swept:
    /// these, and the assigned single addresses, are what IPv6 sweeps ask about).
    public func recentIPv6Addresses(since: Int64, limit: Int = 100_000) async throws -> [IPAddress] {
        try await store.sql.raw("""
            SELECT DISTINCT ip FROM report_events WHERE occurred_at >= \(bind: since) AND ip LIKE '%:%' LIMIT \(bind: limit)
            """).all().compactMap { IPAddress(try $0.decode(column: "ip", as: String.self)) }
    }
}
