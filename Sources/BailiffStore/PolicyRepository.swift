import BailiffCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// Published policy versions: the file as published, and from when it governs.
public struct PolicyRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A published version.
    public struct Published: Sendable, Hashable {
        public var version: String
        public var effectiveAt: Int64
        public var effectiveOnNotice: Bool
        public var publishedAt: Int64
        public var publishedBy: String
        public var source: String
        public var sha256: String
    }

    /// Publishes `source` (a policy file already read as `document`).
    ///
    /// A version governs events from its effective instant on, and an amendment may not reach
    /// into the past: the effective instant is the file's `effective` or the publication
    /// instant, whichever is later — except for the very first version, which governs
    /// everything before it too. Publishing the same file again changes nothing; a different
    /// file under a published version number is refused.
    @discardableResult
    public func publish(_ document: PolicyDocument, source: String, by publisher: String, now: Int64) async throws -> Published {
        let digest = SHA256.hash(data: Data(source.utf8)).map { String(format: "%02x", $0) }.joined()
        return try await store.writeTransaction { sql in
            if let existing = try await Self.published(version: document.version, on: sql) {
                guard existing.sha256 == digest else {
                    throw StoreError("version \(document.version) is already published with different content; give the amended policy a new version")
                }
                return existing
            }
            let isFirst = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("policy_versions").first()!
                .decode(column: "n", as: Int.self) == 0
            let effective = isFirst ? document.effectiveAt : max(document.effectiveAt, now)
            if let latest = try await Self.all(on: sql).last, effective <= latest.effectiveAt {
                throw StoreError("version \(document.version) would take effect at \(Timestamp.format(effective)), not after version \(latest.version) (\(Timestamp.format(latest.effectiveAt))); set a later effective date")
            }
            let published = Published(
                version: document.version, effectiveAt: effective, effectiveOnNotice: document.effectiveOnNotice, publishedAt: now,
                publishedBy: publisher, source: source, sha256: digest)
            try await sql.insert(into: "policy_versions")
                .columns("version", "effective_at", "effective_on_notice", "published_at", "published_by", "source", "sha256")
                .values(SQLBind(published.version), SQLBind(published.effectiveAt), SQLBind(published.effectiveOnNotice ? 1 : 0),
                        SQLBind(published.publishedAt), SQLBind(published.publishedBy), SQLBind(published.source), SQLBind(published.sha256))
                .run()
            try await AuditLog.append(
                actor: publisher, action: "policy.published", subject: "policy:\(published.version)",
                details: AuditLog.details(["effective": Timestamp.format(effective), "sha256": digest]), now: now, on: sql)
            return published
        }
    }

    /// Every published version, oldest first.
    public func all() async throws -> [Published] { try await Self.all(on: store.sql) }

    /// The history as documents, each with the effective instant it was published with.
    public func history() async throws -> PolicyHistory {
        PolicyHistory(try await all().compactMap { published in
            guard case .success(var document) = PolicyFile.read(published.source) else { return nil }
            document.effectiveAt = published.effectiveAt
            return document
        })
    }

    static func all(on sql: any SQLDatabase) async throws -> [Published] {
        try await sql.select().column("*").from("policy_versions").orderBy("effective_at").all().map(Self.decode)
    }

    static func published(version: String, on sql: any SQLDatabase) async throws -> Published? {
        try await sql.select().column("*").from("policy_versions").where("version", .equal, version).first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Published {
        Published(
            version: try row.decode(column: "version", as: String.self), effectiveAt: try row.decode(column: "effective_at", as: Int64.self),
            effectiveOnNotice: try row.decode(column: "effective_on_notice", as: Int.self) != 0,
            publishedAt: try row.decode(column: "published_at", as: Int64.self), publishedBy: try row.decode(column: "published_by", as: String.self),
            source: try row.decode(column: "source", as: String.self), sha256: try row.decode(column: "sha256", as: String.self))
    }
}
