import BailiffCore
import FluentKit
import Foundation
import SQLKit

/// Mailing policy amendments: which versions must be announced, who has not been told yet, and
/// what became of each mail.
public struct AmendmentRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// A customer or reseller to tell.
    public struct Party: Sendable, Hashable {
        /// `customer` or `reseller`.
        public var kind: String
        public var id: String
        public var name: String
        public var language: String
        public var addresses: [String]
    }

    /// Versions that take effect on notice, follow an earlier version, and are still being
    /// announced: until three days after they took effect (a late notice still informs; a
    /// customer who joins later agreed to the version in force and is not mailed about it).
    public func campaigns(now: Int64) async throws -> [PolicyRepository.Published] {
        let all = try await PolicyRepository(store).all()
        return all.dropFirst().filter { $0.effectiveOnNotice && now <= $0.effectiveAt + 3 * 86_400 }
    }

    /// Up to `limit` parties of `version` not yet told (nor given up on), and due now.
    public func next(version: String, limit: Int, now: Int64) async throws -> [Party] {
        var parties: [Party] = []
        for kind in ["reseller", "customer"] where parties.count < limit {
            let table = kind == "customer" ? "customers" : "resellers"
            let rows = try await store.sql.raw("""
                SELECT o.id, o.name, o.language FROM \(unsafeRaw: table) o
                LEFT JOIN amendment_deliveries d ON d.version = \(bind: version) AND d.owner_kind = \(bind: kind) AND d.owner_id = o.id
                WHERE d.owner_id IS NULL OR (d.status = 'deferred' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= \(bind: now)))
                ORDER BY o.id LIMIT \(bind: limit - parties.count)
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                // Policy changes are contract matters: billing first, then abuse, then technical.
                let addresses = try await InventoryRepository.contacts(ownerKind: kind, ownerID: id, on: store.sql).preferred([.billing, .abuse, .technical])
                parties.append(Party(kind: kind, id: id, name: try row.decode(column: "name", as: String.self),
                                     language: try row.decode(column: "language", as: String.self), addresses: addresses))
            }
        }
        return parties
    }

    /// Records what became of one party's mail: `accepted`, `deferred` (tried again at
    /// `retryAt`), `rejected` or `no-contact`.
    public func record(version: String, party: Party, status: String, reply: String, messageID: String, retryAt: Int64?, now: Int64) async throws {
        try await store.writeTransaction { sql in
            try await sql.delete(from: "amendment_deliveries").where("version", .equal, version)
                .where("owner_kind", .equal, party.kind).where("owner_id", .equal, party.id).run()
            try await sql.insert(into: "amendment_deliveries")
                .columns("version", "owner_kind", "owner_id", "recipients", "status", "reply", "message_id", "at", "next_attempt_at")
                .values(SQLBind(version), SQLBind(party.kind), SQLBind(party.id), SQLBind(party.addresses.joined(separator: ",")), SQLBind(status),
                        SQLBind(String(reply.prefix(1_000))), SQLBind(messageID), SQLBind(now), SQLBind(retryAt)).run()
        }
    }

    /// How far the mailing of `version` is: parties settled (told, refused or without a
    /// contact) and parties in all.
    public func progress(version: String) async throws -> (settled: Int, total: Int) {
        let total = try await store.sql.raw("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM resellers) AS n").first()!.decode(column: "n", as: Int.self)
        let settled = try await store.sql.raw("""
            SELECT COUNT(*) AS n FROM amendment_deliveries d WHERE d.version = \(bind: version) AND d.status IN ('accepted', 'rejected', 'no-contact')
              AND ((d.owner_kind = 'customer' AND EXISTS (SELECT 1 FROM customers c WHERE c.id = d.owner_id))
                OR (d.owner_kind = 'reseller' AND EXISTS (SELECT 1 FROM resellers r WHERE r.id = d.owner_id)))
            """).first()!.decode(column: "n", as: Int.self)
        return (settled, total)
    }
}
