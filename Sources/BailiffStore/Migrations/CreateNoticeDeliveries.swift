import FluentKit
import SQLKit

/// What became of each recipient of each notice: accepted by the relay, deferred, or rejected
/// (the contact is undeliverable). A retried notice goes only to recipients not yet accepted.
struct CreateNoticeDeliveries: AsyncMigration {
    var name: String { "012_create_notice_deliveries" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "notice_deliveries")
            .column("intent_key", type: .text, .notNull)
            .column("recipient", type: .text, .notNull)
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("role", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("reply", type: .text, .notNull)
            .column("message_id", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .primaryKey(["intent_key", "recipient"])
            .run()
        try await sql.create(index: "notice_deliveries_case").on("notice_deliveries").column("case_id").run()
        try await sql.create(index: "notice_deliveries_recipient").on("notice_deliveries").column("recipient").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "notice_deliveries").ifExists().run()
    }
}
