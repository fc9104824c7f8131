import FluentKit
import SQLKit

/// The recipient of a reported spam mail, when the report names it (ARF `Original-Rcpt-To`, or
/// the reported message's `To`): the AUP excepts companies' general addresses.
struct AddEventRecipient: AsyncMigration {
    var name: String { "009_add_event_recipient" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "report_events").column("recipient", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "report_events").dropColumn("recipient").run()
    }
}
