import FluentKit
import SQLKit

/// Requests to open outbound port 25 for one address: who asked, why, what the rules or staff
/// decided and the explanation the customer was given. With `port25_approvals` (openings and
/// closings) they make each address's port-25 history. At most one request per address waits for
/// review (a partial unique index).
struct CreatePort25Requests: AsyncMigration {
    var name: String { "018_create_port25_requests" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "port25_requests")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("address", type: .text, .notNull)
            .column("service_id", type: .text, .notNull)
            .column("customer_id", type: .text, .notNull)
            .column("reseller_id", type: .text)
            .column("requested_by", type: .text, .notNull)
            .column("purpose", type: .text, .notNull)
            .column("requested_at", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("explanation", type: .text, .notNull)
            .column("reverse_dns", type: .text)
            .column("decided_by", type: .text)
            .column("decided_at", type: .bigint)
            .run()
        try await sql.create(index: "port25_requests_status").on("port25_requests").column("status").column("requested_at").run()
        try await sql.create(index: "port25_requests_customer").on("port25_requests").column("customer_id").run()
        try await sql.create(index: "port25_requests_address").on("port25_requests").column("address").run()
        // One request waiting for review per address, however many arrive at once.
        try await sql.raw("CREATE UNIQUE INDEX port25_requests_one_waiting ON port25_requests (address) WHERE status = 'pending-review'").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "port25_requests").ifExists().run()
    }
}
