import FluentKit
import SQLKit

/// Addresses allowed to send mail out on port 25 (the AUP closes it by default and opens it on
/// request, per address). Revoked approvals stay, with when and why, for the record.
struct CreatePort25Approvals: AsyncMigration {
    var name: String { "014_create_port25_approvals" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "port25_approvals")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("address", type: .text, .notNull)
            .column("service_id", type: .text, .notNull)
            .column("approved_by", type: .text, .notNull)
            .column("approved_at", type: .bigint, .notNull)
            .column("reason", type: .text, .notNull)
            .column("revoked_at", type: .bigint)
            .column("revoked_because", type: .text)
            .run()
        try await sql.create(index: "port25_approvals_address").on("port25_approvals").column("address").column("revoked_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "port25_approvals").ifExists().run()
    }
}
