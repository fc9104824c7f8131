import FluentKit
import SQLKit

/// The mailing of a policy amendment: one row per customer or reseller and version, so that
/// each is told once, however often the mailing is interrupted.
struct CreateAmendmentDeliveries: AsyncMigration {
    var name: String { "015_create_amendment_deliveries" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "amendment_deliveries")
            .column("version", type: .text, .notNull)
            .column("owner_kind", type: .text, .notNull)
            .column("owner_id", type: .text, .notNull)
            .column("recipients", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("reply", type: .text, .notNull)
            .column("message_id", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .column("next_attempt_at", type: .bigint)
            .primaryKey(["version", "owner_kind", "owner_id"])
            .run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "amendment_deliveries").ifExists().run()
    }
}
