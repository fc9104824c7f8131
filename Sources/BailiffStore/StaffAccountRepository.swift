import FluentKit
import Foundation
import SQLKit

/// Staff accounts of the web desk. Passwords arrive here already hashed (bcrypt, in the
/// server); the TOTP secret is stored as base32 because staff must be able to enrol it again.
public struct StaffAccountRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    public struct Account: Sendable, Hashable {
        public var name: String
        public var passwordHash: String
        public var role: String
        public var totpSecret: String
        public var totpLastStep: Int64?
        public var failures: Int
        public var lockedUntil: Int64?
        public var disabled: Bool
        public var createdAt: Int64
    }

    public func find(name: String) async throws -> Account? {
        try await store.sql.select().column("*").from("staff_accounts").where("name", .equal, name).first().map(Self.decode)
    }

    public func all() async throws -> [Account] {
        try await store.sql.select().column("*").from("staff_accounts").orderBy("name").all().map(Self.decode)
    }

    /// Creates an account, or replaces its password, role and secret (and unlocks it).
    public func upsert(name: String, passwordHash: String, role: String, totpSecret: String, by actor: String, now: Int64) async throws {
        try await store.writeTransaction { sql in
            let existing = try await sql.select().column("name").from("staff_accounts").where("name", .equal, name).first() != nil
            if existing {
                try await sql.update("staff_accounts").set("password_hash", to: passwordHash).set("role", to: role).set("totp_secret", to: totpSecret)
                    .set("totp_last_step", to: SQLLiteral.null).set("failures", to: 0).set("locked_until", to: SQLLiteral.null).set("disabled", to: 0)
                    .where("name", .equal, name).run()
            } else {
                try await sql.insert(into: "staff_accounts").columns("name", "password_hash", "role", "totp_secret", "created_at")
                    .values(SQLBind(name), SQLBind(passwordHash), SQLBind(role), SQLBind(totpSecret), SQLBind(now)).run()
            }
            try await AuditLog.append(actor: actor, action: existing ? "staff.reset" : "staff.create", subject: "staff:\(name)",
                                      details: AuditLog.details(["role": role]), now: now, on: sql)
        }
    }

    /// Records the outcome of a sign-in step: the failure count and lock, the TOTP step used.
    public func recordAttempt(name: String, failures: Int, lockedUntil: Int64?, totpStep: Int64? = nil, outcome: String, clientAddress: String?, now: Int64) async throws {
        try await store.writeTransaction { sql in
            var update = sql.update("staff_accounts").set("failures", to: failures).set("locked_until", to: SQLBind(lockedUntil))
            if let totpStep { update = update.set("totp_last_step", to: totpStep) }
            try await update.where("name", .equal, name).run()
            try await AuditLog.append(actor: "staff:\(name)", action: "login.\(outcome)", subject: "staff:\(name)",
                                      details: AuditLog.details(["client": clientAddress ?? "unknown", "failures": String(failures)]), now: now, on: sql)
        }
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        Account(
            name: try row.decode(column: "name", as: String.self), passwordHash: try row.decode(column: "password_hash", as: String.self),
            role: try row.decode(column: "role", as: String.self), totpSecret: try row.decode(column: "totp_secret", as: String.self),
            totpLastStep: try row.decode(column: "totp_last_step", as: Int64?.self), failures: try row.decode(column: "failures", as: Int.self),
            lockedUntil: try row.decode(column: "locked_until", as: Int64?.self), disabled: try row.decode(column: "disabled", as: Int.self) != 0,
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }
}
