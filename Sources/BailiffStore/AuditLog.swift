import BailiffAudit
import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// The store's audit log: appends in one serial order across nodes, and verification against
/// the anchors an operator keeps outside the database.
///
/// Appends happen inside the caller's transaction, so a change and its audit row commit
/// together or not at all. The order is serial: on PostgreSQL every appending transaction
/// first takes one transaction-scoped advisory lock (held until its commit); on SQLite write
/// transactions already run one at a time (`BEGIN IMMEDIATE`).
public enum AuditLog {
    /// Arbitrary, fixed key of the advisory lock that orders appends.
    static let lockKey: Int64 = 27_981_205_731_248_487

    /// Appends one entry; `details` is a JSON object text.
    @discardableResult
    public static func append(actor: String, action: String, subject: String, details: String = "{}", now: Int64, on sql: any SQLDatabase) async throws -> AuditEntry {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(lockKey)))").run()
        }
        let head = try await sql.select().column("*").from("audit_log").orderBy("sequence", .descending).limit(1).first().map(decode)
        let entry = try AuditChain.append(to: head, recordedAt: now, actor: actor, action: action, subject: subject, details: details)
        try await sql.insert(into: "audit_log")
            .columns("sequence", "recorded_at", "actor", "action", "subject", "details", "previous_hash", "hash")
            .values(SQLBind(entry.sequence), SQLBind(entry.recordedAt), SQLBind(entry.actor), SQLBind(entry.action), SQLBind(entry.subject),
                    SQLBind(entry.details), SQLBind(entry.previousHash), SQLBind(entry.hash))
            .run()
        return entry
    }

    /// The newest entry, or nil for an empty log.
    public static func head(_ store: Store) async throws -> AuditEntry? {
        try await store.sql.select().column("*").from("audit_log").orderBy("sequence", .descending).limit(1).first().map(decode)
    }

    /// Entries from `sequence` on, in order (for `bailiff audit show`).
    public static func entries(_ store: Store, from sequence: Int64 = 1, limit: Int = 100) async throws -> [AuditEntry] {
        try await store.sql.select().column("*").from("audit_log").where("sequence", .greaterThanOrEqual, sequence)
            .orderBy("sequence").limit(limit).all().map(decode)
    }

    /// Checks the whole chain page by page against `anchors`; reports the first broken link.
    public static func verify(_ store: Store, anchors: [AuditAnchor], pageSize: Int = 5_000) async throws -> AuditVerification {
        var verifier = AuditVerifier(anchors: anchors)
        var after: Int64 = Int64.min
        while true {
            let page = try await store.sql.select().column("*").from("audit_log").where("sequence", .greaterThan, after)
                .orderBy("sequence").limit(pageSize).all().map(decode)
            for entry in page {
                if let broken = verifier.check(entry) { return .broken(broken) }
            }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return verifier.finish()
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            sequence: try row.decode(column: "sequence", as: Int64.self), recordedAt: try row.decode(column: "recorded_at", as: Int64.self),
            actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
            subject: try row.decode(column: "subject", as: String.self), details: try row.decode(column: "details", as: String.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
    }

    /// A JSON object text from string pairs, for `details`.
    public static func details(_ pairs: KeyValuePairs<String, String>) -> String {
        "{" + pairs.map { "\(JSONText.quote($0.key)): \(JSONText.quote($0.value))" }.joined(separator: ", ") + "}"
    }
}

extension AuditLog {
    /// Appends one entry in its own transaction (a read that must be on record, like viewing evidence).
    public static func record(_ store: Store, actor: String, action: String, subject: String, details: String = "{}", now: Int64) async throws {
        _ = try await store.writeTransaction { sql in try await append(actor: actor, action: action, subject: subject, details: details, now: now, on: sql) }
    }
}
