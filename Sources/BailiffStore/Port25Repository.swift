import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// Which addresses may send mail on port 25: approvals by staff (the AUP opens the port per
/// address on request), revoked when a spam case closes the port again.
public struct Port25Repository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// An approval in force.
    public struct Approval: Sendable, Hashable {
        public var address: IPAddress
        public var serviceID: String
        public var approvedBy: String
        public var approvedAt: Int64
        public var reason: String
    }

    /// Why an address cannot be approved.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens port 25 for `address`, which must be held by a service now; audited. Returns the
    /// service that holds it. Approving an approved address again changes nothing.
    @discardableResult
    public func approve(_ address: IPAddress, staff: String, reason: String, now: Int64) async throws -> String {
        let table = AttributionTable(try await InventoryRepository(store).loadSnapshot(covering: address))
        guard case .service(let held) = table.attribute(address, at: now) else {
            throw Refusal(description: "\(address) is not held by any service now; port 25 opens only for a customer's address (check `bailiff whois \(address)`)")
        }
        guard reason.split(separator: " ").count >= 2 else { throw Refusal(description: "say in a few words why port 25 opens (the customer's request, its mail setup)") }
        try await store.writeTransaction { sql in
            try await Self.open(address, serviceID: held.service.id, actor: "staff:\(staff)", approvedBy: staff, reason: reason, now: now, on: sql)
        }
        return held.service.id
    }

    /// Opens port 25 for `address` inside the caller's transaction (nothing when it is open
    /// already); audited. Returns whether it opened.
    @discardableResult
    static func open(_ address: IPAddress, serviceID: String, actor: String, approvedBy: String, reason: String, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let open = try await sql.select().column("id").from("port25_approvals").where("address", .equal, address.description)
            .where("revoked_at", .is, SQLLiteral.null).first()
        guard open == nil else { return false }
        try await sql.insert(into: "port25_approvals").columns("address", "service_id", "approved_by", "approved_at", "reason")
            .values(SQLBind(address.description), SQLBind(serviceID), SQLBind(approvedBy), SQLBind(now), SQLBind(reason)).run()
        try await AuditLog.append(actor: actor, action: "port25.approve", subject: "address:\(address)",
                                  details: AuditLog.details(["service": serviceID, "reason": reason]), now: now, on: sql)
        return true
    }

    /// Closes port 25 again for `address` (staff) — returns whether an approval was revoked.
    @discardableResult
    public func revoke(_ address: IPAddress, actor: String, because: String, now: Int64) async throws -> Bool {
        try await store.writeTransaction { sql in
            let rows = try await sql.update("port25_approvals").set("revoked_at", to: now).set("revoked_because", to: because)
                .where("address", .equal, address.description).where("revoked_at", .is, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { return false }
            try await AuditLog.append(actor: actor, action: "port25.revoke", subject: "address:\(address)",
                                      details: AuditLog.details(["because": because]), now: now, on: sql)
            return true
        }
    }

    /// Closes port 25 for every address of `serviceID` (a spam case's `close-port-25`);
    /// returns the addresses whose approval was revoked.
    public func revoke(serviceID: String, caseID: Int64, now: Int64) async throws -> [IPAddress] {
        let addresses = try await approvals().filter { $0.serviceID == serviceID }.map(\.address)
        var revoked: [IPAddress] = []
        for address in addresses where try await revoke(address, actor: "case:\(caseID)", because: "case \(caseID) closed port 25", now: now) {
            revoked.append(address)
        }
        return revoked
    }

    /// Approvals in force.
    public func approvals() async throws -> [Approval] {
        try await store.sql.select().columns("address", "service_id", "approved_by", "approved_at", "reason").from("port25_approvals")
            .where("revoked_at", .is, SQLLiteral.null).orderBy("address").all().compactMap { row in
                guard let address = IPAddress(try row.decode(column: "address", as: String.self)) else { return nil }
                return Approval(address: address, serviceID: try row.decode(column: "service_id", as: String.self),
                                approvedBy: try row.decode(column: "approved_by", as: String.self), approvedAt: try row.decode(column: "approved_at", as: Int64.self),
                                reason: try row.decode(column: "reason", as: String.self))
            }
    }
}
