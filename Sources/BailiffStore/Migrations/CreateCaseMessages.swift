import FluentKit
import SQLKit

/// Correspondence on a case: replies to its notices and bounces of them, matched by the case
/// address (`abuse+<token>@…`) or by the notice's Message-ID in In-Reply-To/References. Such a
/// message joins its case instead of opening a new one.
struct CreateCaseMessages: AsyncMigration {
    var name: String { "007_create_case_messages" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "case_messages")
            .column("sha256", type: .text, .primaryKey(autoIncrement: false))
            .column("case_id", type: .bigint, .notNull, .references("cases", "id"))
            .column("kind", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "case_messages_case").on("case_messages").column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "case_messages").ifExists().run()
    }
}
