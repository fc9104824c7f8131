import FluentKit
import SQLKit

/// The DNS evidence of events that named only a URL or domain: the name looked up at intake,
/// the answer (addresses, or why there were none) and when — the name may point elsewhere later.
struct AddEventHostResolution: AsyncMigration {
    var name: String { "004_add_event_host_resolution" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.alter(table: "report_events").column("dns_name", type: .text).run()
        try await sql.alter(table: "report_events").column("dns_answer", type: .text).run()
        try await sql.alter(table: "report_events").column("dns_resolved_at", type: .bigint).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.alter(table: "report_events").dropColumn("dns_resolved_at").run()
        try await sql.alter(table: "report_events").dropColumn("dns_answer").run()
        try await sql.alter(table: "report_events").dropColumn("dns_name").run()
    }
}
