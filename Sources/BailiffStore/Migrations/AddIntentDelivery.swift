import FluentKit
import SQLKit

/// Carrying out intents: when the next attempt is due, which node holds one in flight and since
/// when, the last error, and when it was done.
struct AddIntentDelivery: AsyncMigration {
    var name: String { "011_add_intent_delivery" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.alter(table: "action_intents").column("next_attempt_at", type: .bigint).run()
        try await sql.alter(table: "action_intents").column("claimed_at", type: .bigint).run()
        try await sql.alter(table: "action_intents").column("last_error", type: .text).run()
        try await sql.alter(table: "action_intents").column("done_at", type: .bigint).run()
        try await sql.alter(table: "action_intents").column("adapter", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for column in ["adapter", "done_at", "last_error", "claimed_at", "next_attempt_at"] {
            try await sql.alter(table: "action_intents").dropColumn(column).run()
        }
    }
}
