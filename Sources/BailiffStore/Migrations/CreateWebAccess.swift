import FluentKit
import SQLKit

/// Who may sign in to the web, and the index the staff queue reads.
///
/// - `staff_accounts`: staff with a password hash (bcrypt), a role, a TOTP secret and the
///   failure count behind the lock-out.
/// - `web_sessions`: signed-in browsers, stored by the SHA-256 of the cookie's token, with the
///   session's CSRF token and whether the second factor was given.
/// - `portal_links`: one-time sign-in links for customers and resellers, by token digest.
/// - `api_tokens`: bearer tokens of the JSON API with their scopes, by token digest.
/// - indexes for the case page (intents and time log by case) and the dashboard (events by time).
/// - `cases_queue`: open cases in urgency order (nearest deadline first, then the oldest), so
///   that the queue's first page is read from the index, not sorted, at 100,000 cases. (No
///   plain index on `closed_at`: SQLite's planner preferred it and then sorted 80,000 rows.)
struct CreateWebAccess: AsyncMigration {
    var name: String { "016_create_web_access" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "staff_accounts")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("password_hash", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("totp_secret", type: .text, .notNull)
            .column("totp_last_step", type: .bigint)
            .column("failures", type: .int, .notNull, .default(0))
            .column("locked_until", type: .bigint)
            .column("disabled", type: .int, .notNull, .default(0))
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "web_sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("csrf", type: .text, .notNull)
            .column("second_factor", type: .int, .notNull, .default(0))
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "web_sessions_expiry").on("web_sessions").column("expires_at").run()
        try await sql.create(table: "portal_links")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("used_at", type: .bigint)
            .run()
        try await sql.create(table: "api_tokens")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("token_hash", type: .text, .notNull, .unique)
            .column("scopes", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("revoked_at", type: .bigint)
            .run()
        try await sql.raw("CREATE INDEX cases_queue ON cases (COALESCE(deadline, 9223372036854775807), id) WHERE closed_at IS NULL").run()
        try await sql.create(index: "report_events_occurred").on("report_events").column("occurred_at").run()
        // The case page reads a case's intents and time log; without these it scans both tables.
        try await sql.create(index: "action_intents_case").on("action_intents").column("case_id").run()
        try await sql.create(index: "case_time_log_case").on("case_time_log").column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "case_time_log_case").ifExists().run()
        try await sql.drop(index: "action_intents_case").ifExists().run()
        try await sql.drop(index: "report_events_occurred").ifExists().run()
        try await sql.drop(index: "cases_queue").ifExists().run()
        try await sql.drop(table: "api_tokens").ifExists().run()
        try await sql.drop(table: "portal_links").ifExists().run()
        try await sql.drop(table: "web_sessions").ifExists().run()
        try await sql.drop(table: "staff_accounts").ifExists().run()
    }
}
