import FluentKit
import SQLKit

/// The blocklist monitor's history.
///
/// - `dnsbl_sweeps`: one row per sweep — when, why, how many addresses and queries (and per
///   list, for the lists' daily budgets), how many answers were listings or unknown, which lists
///   failed their test points.
/// - `dnsbl_listings`: one row per listing of one address on one list, from the sweep that first
///   saw it to the sweep that found it gone (`delisted_at`): the codes and their class, the TXT
///   reason, where it was routed (a customer's service, a provider case, information only).
struct CreateBlocklistHistory: AsyncMigration {
    var name: String { "017_create_blocklist_history" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "dnsbl_sweeps")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("started_at", type: .bigint, .notNull)
            .column("duration_ms", type: .bigint, .notNull)
            .column("trigger", type: .text, .notNull)
            .column("addresses", type: .int, .notNull)
            .column("queries", type: .int, .notNull)
            .column("listed", type: .int, .notNull)
            .column("unknown", type: .int, .notNull)
            .column("unusable_lists", type: .text)
            .column("list_queries", type: .text)
            .run()
        try await sql.create(table: "dnsbl_listings")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("address", type: .text, .notNull)
            .column("list", type: .text, .notNull)
            .column("zone", type: .text, .notNull)
            .column("codes", type: .text, .notNull)
            .column("code_class", type: .text, .notNull)
            .column("reason", type: .text)
            .column("delist_url", type: .text)
            .column("route", type: .text, .notNull)
            .column("service_id", type: .text)
            .column("customer_id", type: .text)
            .column("case_id", type: .bigint)
            .column("listed_since", type: .bigint, .notNull)
            .column("last_seen", type: .bigint, .notNull)
            .column("delisted_at", type: .bigint)
            .column("first_sweep", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "dnsbl_listings_address").on("dnsbl_listings").column("address").column("list").run()
        try await sql.create(index: "dnsbl_listings_case").on("dnsbl_listings").column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "dnsbl_listings").ifExists().run()
        try await sql.drop(table: "dnsbl_sweeps").ifExists().run()
    }
}
