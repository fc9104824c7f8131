import FluentKit
import SQLKit

/// A legal hold set by staff on a case: its evidence outlives every retention rule until released.
struct AddCaseLegalHold: AsyncMigration {
    var name: String { "010_add_case_legal_hold" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "cases").column("legal_hold", type: .int, .notNull, .default(0)).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "cases").dropColumn("legal_hold").run()
    }
}
