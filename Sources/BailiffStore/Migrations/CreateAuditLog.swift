import FluentKit
import SQLKit

/// The append-only, hash-chained audit log (see `BailiffAudit`): one row per change, in one
/// serial order, each row's hash covering the previous row's.
struct CreateAuditLog: AsyncMigration {
    var name: String { "006_create_audit_log" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "audit_log")
            .column("sequence", type: .bigint, .primaryKey(autoIncrement: false))
            .column("recorded_at", type: .bigint, .notNull)
            .column("actor", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("details", type: .text, .notNull)
            .column("previous_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "audit_log").ifExists().run()
    }
}
