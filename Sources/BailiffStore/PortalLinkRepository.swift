import FluentKit
import Foundation
import SQLKit

/// One-time sign-in links for the customer and reseller portals (sent in notices, or made by
/// the panel through the API or `bailiff portal link`). Stored by the token's digest; a link
/// works once and until it expires.
public struct PortalLinkRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public func create(tokenHash: String, kind: String, subject: String, by actor: String, now: Int64, lifetime: Int64) async throws {
        try await store.writeTransaction { sql in
            try await sql.insert(into: "portal_links").columns("token_hash", "kind", "subject", "created_by", "created_at", "expires_at")
                .values(SQLBind(tokenHash), SQLBind(kind), SQLBind(subject), SQLBind(actor), SQLBind(now), SQLBind(now + lifetime)).run()
            try await AuditLog.append(actor: actor, action: "portal.link", subject: "\(kind):\(subject)",
                                      details: AuditLog.details(["expires_at": String(now + lifetime)]), now: now, on: sql)
        }
    }

    /// Uses a link up: returns its (kind, subject) if it was live and unused, and marks it used.
    public func redeem(tokenHash: String, now: Int64) async throws -> (kind: String, subject: String)? {
        try await store.writeTransaction { sql in
            guard let row = try await sql.select().column("*").from("portal_links").where("token_hash", .equal, tokenHash)
                .where(SQLColumn("used_at"), .is, SQLLiteral.null).where("expires_at", .greaterThan, now).first()
            else { return nil }
            let kind = try row.decode(column: "kind", as: String.self), subject = try row.decode(column: "subject", as: String.self)
            try await sql.update("portal_links").set("used_at", to: now).where("token_hash", .equal, tokenHash).run()
            try await AuditLog.append(actor: "\(kind):\(subject)", action: "portal.signin", subject: "\(kind):\(subject)", now: now, on: sql)
            return (kind, subject)
        }
    }
}

extension PortalLinkRepository {
    /// Forgets links that expired or were used more than a day ago; returns how many.
    @discardableResult
    public func removeStale(now: Int64) async throws -> Int {
        try await store.write { sql in
            let stale = SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("expires_at"), .lessThanOrEqual, SQLBind(now)), .or,
                SQLBinaryExpression(SQLColumn("used_at"), .lessThan, SQLBind(now - 86_400)))
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("portal_links").where(stale).first()!
                .decode(column: "n", as: Int.self)
            try await sql.delete(from: "portal_links").where(stale).run()
            return count
        }
    }
}
