import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// Writes many synthetic cases straight into the database, for the web's load benchmark and
/// for a demo with a full queue: spread over the inventory's services, the categories and the
/// statuses (four in five open, deadlines from a week ago to a week ahead), each with two
/// timeline entries. Their `open_key` carries a suffix, so they never stand in the way of the
/// cases real reports open.
public struct DemoCaseWriter: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func write(count: Int, seed: UInt64, now: Int64) async throws -> Int {
        let services = try await store.sql.raw("""
            SELECT s.id, s.customer_id, c.reseller_id FROM services s JOIN customers c ON c.id = s.customer_id ORDER BY s.id
            """).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "customer_id", as: String.self),
                              try $0.decode(column: "reseller_id", as: String?.self)) }
        guard !services.isEmpty else { throw StoreError("load an inventory first (bailiff import inventory, or serve --demo)") }
        let categories: [AbuseCategory] = [.spam, .scanning, .intrusion, .phishing, .malware, .networkAttack, .openProxy, .irc, .ipInfringement, .blocklisted]
        let open: [CaseStatus] = [.awaitingCustomer, .awaitingCustomer, .awaitingCustomer, .notified, .awaitingConfirmation, .suspended]
        let closed: [CaseStatus] = [.resolved, .resolved, .ignored, .terminated]
        var random = SeededGenerator(seed: seed)
        let start = try await store.sql.raw("SELECT COALESCE(MAX(id), 0) AS m FROM cases").first()!.decode(column: "m", as: Int64.self)
        var written = 0
        while written < count {
            let batch = min(500, count - written)
            let first = written
            var cases: [[any SQLExpression]] = []
            var timeline: [[any SQLExpression]] = []
            for index in first..<(first + batch) {
                let (service, customer, reseller) = services[Int.random(in: 0..<services.count, using: &random)]
                let category = categories[Int.random(in: 0..<categories.count, using: &random)]
                let isOpen = Int.random(in: 0..<5, using: &random) != 0
                let status = isOpen ? open[Int.random(in: 0..<open.count, using: &random)] : closed[Int.random(in: 0..<closed.count, using: &random)]
                let opened = now - Int64.random(in: 3_600...(90 * 86_400), using: &random)
                let deadline: Int64? = isOpen && status != .awaitingConfirmation ? now + Int64.random(in: (-7 * 86_400)...(7 * 86_400), using: &random) : nil
                let id = start + Int64(index) + 1
                let token = "demo\(seed)x\(index)"
                cases.append([SQLBind(id), SQLBind(token), SQLBind(isOpen ? "\(service)|\(category.rawValue)|\(token)" : nil), SQLBind(service), SQLBind(customer),
                              SQLBind(reseller), SQLBind(category.rawValue), SQLBind(status.rawValue), SQLBind(0), SQLBind(deadline), SQLBind(0), SQLBind(opened),
                              SQLBind("2026.1"), SQLBind(category.rawValue), SQLBind(opened), SQLBind(opened), SQLBind(isOpen ? nil : opened + 86_400)])
                timeline.append([SQLBind(id), SQLBind(opened), SQLBind("opened"), SQLBind("scheduler"), SQLBind("synthetic case for the demo and the benchmark")])
                timeline.append([SQLBind(id), SQLBind(opened), SQLBind("decision"), SQLBind("scheduler"), SQLBind("entered rung 'notice' (synthetic)")])
            }
            try await store.writeTransaction { [cases, timeline] sql in
                try await sql.insert(into: "cases").columns("id", "token", "open_key", "service_id", "customer_id", "reseller_id", "category", "status", "rung",
                                                           "deadline", "staff_confirmed", "first_event_at", "policy_version", "clause", "opened_at", "updated_at", "closed_at")
                    .rows(cases).run()
                try await sql.insert(into: "case_timeline").columns("case_id", "at", "kind", "actor", "text").rows(timeline).run()
            }
            written += batch
        }
        if store.dialect == .postgres {
            // Ids were given explicitly: move the sequence past them.
            try await store.sql.raw("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases))").run()
        }
        return written
    }
}
