import FluentKit
import SQLKit

/// What parsing made of each stored message: its events, each attributed to the holder of the
/// address at the event's time, and the message's parse format.
struct CreateReportEvents: AsyncMigration {
    var name: String { "003_create_report_events" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.alter(table: "raw_messages").column("parse_format", type: .text).run()
        try await sql.alter(table: "raw_messages").column("parsed_at", type: .bigint).run()
        // When a node took the message for parsing (status `processing`); a claim older than a few
        // minutes belonged to a node that died and is taken over.
        try await sql.alter(table: "raw_messages").column("claimed_at", type: .bigint).run()
        // The case a delivery belongs to, from a case address (abuse+<token>@…): a reply joins its case.
        try await sql.alter(table: "deliveries").column("case_token", type: .text).run()
        try await sql.create(index: "deliveries_case_token").on("deliveries").column("case_token").run()
        try await sql.create(table: "report_events")
            .column("sha256", type: .text, .notNull, .references("raw_messages", "sha256"))
            .column("position", type: .int, .notNull)
            .column("ip", type: .text)
            .column("port", type: .int)
            .column("url", type: .text)
            .column("category", type: .text, .notNull)
            .column("occurred_at", type: .bigint, .notNull)
            .column("time_source", type: .text, .notNull)
            .column("reporter", type: .text)
            .column("excerpt", type: .text)
            // service | provider-infrastructure | unassigned | not-ours | unresolved (URL only)
            .column("attribution", type: .text, .notNull)
            .column("service_id", type: .text)
            .column("customer_id", type: .text)
            .column("reseller_id", type: .text)
            .column("assignment_prefix", type: .text)
            .primaryKey(["sha256", "position"])
            .run()
        try await sql.create(index: "report_events_service").on("report_events").column("service_id").column("occurred_at").run()
        try await sql.create(index: "report_events_ip").on("report_events").column("ip").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "report_events").ifExists().run()
        try await sql.drop(index: "deliveries_case_token").run()
        try await sql.alter(table: "deliveries").dropColumn("case_token").run()
        try await sql.alter(table: "raw_messages").dropColumn("claimed_at").run()
        try await sql.alter(table: "raw_messages").dropColumn("parsed_at").run()
        try await sql.alter(table: "raw_messages").dropColumn("parse_format").run()
    }
}
