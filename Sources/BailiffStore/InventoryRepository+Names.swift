import BailiffCore
import FluentKit
import SQLKit

extension InventoryRepository {
    /// The service's label and the customer's and reseller's names, for pages.
    public func names(serviceID: String, customerID: String, resellerID: String?) async throws -> (service: String?, customer: String?, reseller: String?) {
        let service = try await store.sql.select().column("label").from("services").where("id", .equal, serviceID).first()?.decode(column: "label", as: String.self)
        let customer = try await store.sql.select().column("name").from("customers").where("id", .equal, customerID).first()?.decode(column: "name", as: String.self)
        let reseller = try await resellerID.asyncFlatMap {
            try await store.sql.select().column("name").from("resellers").where("id", .equal, $0).first()?.decode(column: "name", as: String.self)
        }
        return (service, customer, reseller)
    }
}

extension InventoryRepository {
    /// The addresses a customer's (or a reseller's customers') services hold now, for forms that
    /// ask about one address: single addresses, and IPv4 prefixes of up to 16 addresses spelled out.
    public func heldAddresses(customerID: String?, resellerID: String?, now: Int64) async throws -> [(address: IPAddress, serviceID: String)] {
        let rows = try await store.sql.raw("""
            SELECT a.prefix, a.service_id FROM ip_assignments a JOIN services s ON s.id = a.service_id JOIN customers c ON c.id = s.customer_id
            WHERE a.valid_from <= \(bind: now) AND (a.valid_until IS NULL OR a.valid_until > \(bind: now))
            AND (c.id = \(bind: customerID ?? "") OR c.reseller_id = \(bind: resellerID ?? "")) ORDER BY a.service_id, a.prefix
            """).all()
        var held: [(IPAddress, String)] = []
        for row in rows {
            guard let prefix = try? IPPrefix(parsing: try row.decode(column: "prefix", as: String.self)) else { continue }
            let service = try row.decode(column: "service_id", as: String.self)
            if prefix.length == prefix.family.bitWidth {
                held.append((prefix.network, service))
            } else if prefix.family == .v4, prefix.length >= 28 {
                let first = UInt32(truncatingIfNeeded: prefix.bits)
                for offset in 0..<(UInt32(1) << UInt32(32 - prefix.length)) { held.append((.v4(IPv4Address(first + offset)), service)) }
            }
        }
        return held
    }
}
