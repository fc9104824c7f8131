import FluentKit
import SQLKit

/// What the copy of a reported spam mail showed about the sender's mass-mailing duties
/// (List-Unsubscribe, one-click unsubscription, sender headers, the recipient's class), one
/// finding per line: recorded on the case and quoted in the notice.
struct AddEventFindings: AsyncMigration {
    var name: String { "019_add_event_findings" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "report_events").column("findings", type: .text).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "report_events").dropColumn("findings").run()
    }
}
