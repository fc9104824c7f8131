import FluentKit
import SQLKit

/// Deliveries by recipient: documents given for a case are delivered to `case:<id>`, and the
/// decision engine asks for a case's latest one (opt-in records) whenever it decides.
struct IndexCaseDeliveries: AsyncMigration {
    var name: String { "020_index_case_deliveries" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "deliveries_recipient").on("deliveries").column("recipient").column("channel").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "deliveries_recipient").run()
    }
}
