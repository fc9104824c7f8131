import FluentKit
import SQLKit

/// Policies, cases and what the decision engine asks the enforcement side to do.
///
/// - `policy_versions`: every published policy file, whole, with the instant it governs from.
/// - `cases`: one per (service, category) while open — `open_key` holds "service|category"
///   while the case is open and NULL once closed, and is unique, so two nodes cannot open the
///   same case twice. `token` is the case address's token (`abuse+<token>@…`).
/// - `case_events`: which reported events a case collected (an event joins one case).
/// - `case_timeline`: everything that happened to a case, in order, with who and why.
/// - `action_intents`: actions for the adapters, keyed per case and step, so a repeated
///   decision never repeats an action (`INSERT … ON CONFLICT DO NOTHING`).
/// - `case_time_log`: staff minutes per case (the delisting fee is computed from it).
/// - `charges`: what is billed, marked non-refundable where the policy says so.
/// - `raw_messages.notice_compliant` / `notice_missing`: the verdict on an intellectual-property complaint.
struct CreateCases: AsyncMigration {
    var name: String { "005_create_cases" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "policy_versions")
            .column("version", type: .text, .primaryKey(autoIncrement: false))
            .column("effective_at", type: .bigint, .notNull)
            .column("effective_on_notice", type: .int, .notNull)
            .column("published_at", type: .bigint, .notNull)
            .column("published_by", type: .text, .notNull)
            .column("source", type: .text, .notNull)
            .column("sha256", type: .text, .notNull)
            .run()
        try await sql.create(table: "cases")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("token", type: .text, .notNull, .unique)
            .column("open_key", type: .text, .unique)
            .column("service_id", type: .text, .notNull)
            .column("customer_id", type: .text, .notNull)
            .column("reseller_id", type: .text)
            .column("category", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("rung", type: .int)
            .column("pending_rung", type: .int)
            .column("deadline", type: .bigint)
            .column("staff_confirmed", type: .int, .notNull, .default(0))
            .column("first_event_at", type: .bigint, .notNull)
            .column("policy_version", type: .text, .notNull)
            .column("clause", type: .text, .notNull)
            .column("assignee", type: .text)
            .column("linked_to", type: .bigint)
            .column("opened_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .column("closed_at", type: .bigint)
            .run()
        try await sql.create(index: "cases_deadline").on("cases").column("deadline").run()
        try await sql.create(index: "cases_customer").on("cases").column("customer_id").column("category").run()
        try await sql.create(index: "cases_reseller").on("cases").column("reseller_id").run()
        try await sql.create(table: "case_events")
            .column("sha256", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .primaryKey(["sha256", "position"])
            .run()
        try await sql.create(index: "case_events_case").on("case_events").column("case_id").run()
        try await sql.create(table: "case_timeline")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("at", type: .bigint, .notNull)
            .column("kind", type: .text, .notNull)
            .column("actor", type: .text, .notNull)
            .column("text", type: .text, .notNull)
            .run()
        try await sql.create(index: "case_timeline_case").on("case_timeline").column("case_id").column("id").run()
        try await sql.create(table: "action_intents")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("action", type: .text, .notNull)
            .column("rung", type: .text, .notNull)
            .column("clause", type: .text, .notNull)
            .column("policy_version", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("attempts", type: .int, .notNull, .default(0))
            .run()
        try await sql.create(index: "action_intents_status").on("action_intents").column("status").column("created_at").run()
        try await sql.create(table: "case_time_log")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("staff", type: .text, .notNull)
            .column("minutes", type: .int, .notNull)
            .column("note", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "charges")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("customer_id", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("amount_minor", type: .bigint, .notNull)
            .column("currency", type: .text, .notNull)
            .column("non_refundable", type: .int, .notNull)
            .column("description", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .unique("case_id", "kind")
            .run()
        try await sql.alter(table: "raw_messages").column("notice_compliant", type: .int).run()
        try await sql.alter(table: "raw_messages").column("notice_missing", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.alter(table: "raw_messages").dropColumn("notice_missing").run()
        try await sql.alter(table: "raw_messages").dropColumn("notice_compliant").run()
        for table in ["charges", "case_time_log", "action_intents", "case_timeline", "case_events", "cases", "policy_versions"] {
            try await sql.drop(table: table).ifExists().run()
        }
    }
}
