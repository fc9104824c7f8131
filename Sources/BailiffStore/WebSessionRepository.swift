import FluentKit
import Foundation
import SQLKit

/// Signed-in browsers. The cookie holds a random token; only its SHA-256 is stored, so a copy
/// of the database signs nobody in.
public struct WebSessionRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public struct Session: Sendable, Hashable {
        public var tokenHash: String
        /// `staff`, `customer` or `reseller`.
        public var kind: String
        /// The staff name, customer id or reseller id.
        public var subject: String
        public var csrf: String
        /// Staff sessions are useful only once the TOTP code was given.
        public var secondFactor: Bool
        public var createdAt: Int64
        public var expiresAt: Int64

        public init(tokenHash: String, kind: String, subject: String, csrf: String, secondFactor: Bool, createdAt: Int64, expiresAt: Int64) {
            self.tokenHash = tokenHash; self.kind = kind; self.subject = subject; self.csrf = csrf
            self.secondFactor = secondFactor; self.createdAt = createdAt; self.expiresAt = expiresAt
        }
    }

    public func create(_ session: Session) async throws {
        try await store.write { sql in
            try await sql.insert(into: "web_sessions").columns("token_hash", "kind", "subject", "csrf", "second_factor", "created_at", "expires_at")
                .values(SQLBind(session.tokenHash), SQLBind(session.kind), SQLBind(session.subject), SQLBind(session.csrf),
                        SQLBind(session.secondFactor ? 1 : 0), SQLBind(session.createdAt), SQLBind(session.expiresAt)).run()
        }
    }

    /// The live session with this token digest.
    public func find(tokenHash: String, now: Int64) async throws -> Session? {
        try await store.sql.select().column("*").from("web_sessions").where("token_hash", .equal, tokenHash).where("expires_at", .greaterThan, now)
            .first().map { row in
                Session(tokenHash: try row.decode(column: "token_hash", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                        subject: try row.decode(column: "subject", as: String.self), csrf: try row.decode(column: "csrf", as: String.self),
                        secondFactor: try row.decode(column: "second_factor", as: Int.self) != 0, createdAt: try row.decode(column: "created_at", as: Int64.self),
                        expiresAt: try row.decode(column: "expires_at", as: Int64.self))
            }
    }

    /// Ends a session (sign-out, or the half-session replaced after the second factor).
    public func delete(tokenHash: String) async throws {
        try await store.write { sql in try await sql.delete(from: "web_sessions").where("token_hash", .equal, tokenHash).run() }
    }

    /// Removes expired sessions; returns how many.
    @discardableResult
    public func removeExpired(now: Int64) async throws -> Int {
        try await store.write { sql in
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("web_sessions")
                .where("expires_at", .lessThanOrEqual, now).first()!.decode(column: "n", as: Int.self)
            try await sql.delete(from: "web_sessions").where("expires_at", .lessThanOrEqual, now).run()
            return count
        }
    }
}
