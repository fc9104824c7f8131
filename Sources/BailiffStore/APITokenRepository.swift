import FluentKit
import Foundation
import SQLKit

/// Bearer tokens of the JSON API, each with a name and scopes. Only the token's SHA-256 is
/// stored; the token itself is shown once, when it is made.
public struct APITokenRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public struct Token: Sendable, Hashable {
        public var name: String
        public var scopes: [String]
        public var createdBy: String
        public var createdAt: Int64
        public var revokedAt: Int64?
    }

    public func create(name: String, tokenHash: String, scopes: [String], by actor: String, now: Int64) async throws {
        try await store.writeTransaction { sql in
            guard try await sql.select().column("name").from("api_tokens").where("name", .equal, name).first() == nil else {
                throw StoreError("an API token named '\(name)' exists; revoke it or choose another name")
            }
            try await sql.insert(into: "api_tokens").columns("name", "token_hash", "scopes", "created_by", "created_at")
                .values(SQLBind(name), SQLBind(tokenHash), SQLBind(scopes.sorted().joined(separator: ",")), SQLBind(actor), SQLBind(now)).run()
            try await AuditLog.append(actor: actor, action: "api-token.create", subject: "api:\(name)",
                                      details: AuditLog.details(["scopes": scopes.sorted().joined(separator: ",")]), now: now, on: sql)
        }
    }

    /// The live token with this digest.
    public func find(tokenHash: String) async throws -> Token? {
        try await store.sql.select().column("*").from("api_tokens").where("token_hash", .equal, tokenHash)
            .where(SQLColumn("revoked_at"), .is, SQLLiteral.null).first().map(Self.decode)
    }

    public func all() async throws -> [Token] {
        try await store.sql.select().column("*").from("api_tokens").orderBy("name").all().map(Self.decode)
    }

    /// Revokes a token; false when no live token has that name.
    public func revoke(name: String, by actor: String, now: Int64) async throws -> Bool {
        try await store.writeTransaction { sql in
            guard try await sql.select().column("name").from("api_tokens").where("name", .equal, name)
                .where(SQLColumn("revoked_at"), .is, SQLLiteral.null).first() != nil else { return false }
            try await sql.update("api_tokens").set("revoked_at", to: now).where("name", .equal, name).run()
            try await AuditLog.append(actor: actor, action: "api-token.revoke", subject: "api:\(name)", now: now, on: sql)
            return true
        }
    }

    static func decode(_ row: any SQLRow) throws -> Token {
        Token(name: try row.decode(column: "name", as: String.self),
              scopes: try row.decode(column: "scopes", as: String.self).split(separator: ",").map(String.init),
              createdBy: try row.decode(column: "created_by", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
              revokedAt: try row.decode(column: "revoked_at", as: Int64?.self))
    }
}
