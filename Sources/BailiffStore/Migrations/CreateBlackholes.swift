import FluentKit
import SQLKit

/// Blackhole routes Bailiff wants announced (or withdrawn), and what the BGP speaker confirmed.
/// The desired state is the truth: the feed to ExaBGP re-announces every wanted route when it
/// (re)starts, so a restarted speaker is reconciled.
struct CreateBlackholes: AsyncMigration {
    var name: String { "013_create_blackholes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "blackholes")
            .column("prefix", type: .text, .primaryKey(autoIncrement: false))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("desired", type: .text, .notNull)
            .column("next_hop", type: .text, .notNull)
            .column("communities", type: .text, .notNull)
            .column("requested_at", type: .bigint, .notNull)
            .column("announced_at", type: .bigint)
            .column("withdrawn_at", type: .bigint)
            .column("last_error", type: .text)
            .run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "blackholes").ifExists().run()
    }
}
