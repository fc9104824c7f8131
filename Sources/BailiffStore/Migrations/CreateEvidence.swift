import FluentKit
import SQLKit

/// Raw evidence and its deliveries.
///
/// Every message is stored once, by the SHA-256 of its bytes, before anything parses it; each
/// delivery (one recipient of one LMTP transaction, one pipe run, one HTTP post) is a row of its
/// own with its envelope. The same bytes delivered again to the same recipient add nothing.
struct CreateEvidence: AsyncMigration {
    var name: String { "002_create_evidence" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "raw_messages")
            .column("sha256", type: .text, .primaryKey(autoIncrement: false))
            .column("size", type: .bigint, .notNull)
            .column("content", type: .blob, .notNull)
            .column("message_id", type: .text)
            .column("first_received_at", type: .bigint, .notNull)
            // pending → parsed | not-a-report | quarantined; the reason says why, for people.
            .column("parse_status", type: .text, .notNull)
            .column("parse_reason", type: .text)
            .run()
        try await sql.create(index: "raw_messages_parse_status").on("raw_messages").column("parse_status").run()
        try await sql.create(table: "deliveries")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("sha256", type: .text, .notNull, .references("raw_messages", "sha256"))
            .column("recipient", type: .text, .notNull)
            .column("channel", type: .text, .notNull)
            .column("mail_from", type: .text, .notNull)
            .column("client_address", type: .text)
            .column("received_at", type: .bigint, .notNull)
            .unique("sha256", "recipient")
            .run()
        try await sql.create(index: "deliveries_received_at").on("deliveries").column("received_at").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "deliveries").ifExists().run()
        try await sql.drop(table: "raw_messages").ifExists().run()
    }
}
