import FluentKit
import SQLKit

/// When retention removed a message's bytes (the row, its SHA-256 and its parse result stay, so
/// that cases keep their history and the removal is provable).
struct AddEvidenceRemoval: AsyncMigration {
    var name: String { "008_add_evidence_removal" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "raw_messages").column("evidence_removed_at", type: .bigint).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "raw_messages").dropColumn("evidence_removed_at").run()
    }
}
