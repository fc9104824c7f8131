import BailiffCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// Removes evidence whose retention has run out, and exports sealed evidence for the police.
///
/// A message is kept for the longest retention of the categories of its events (a message
/// without events, for the policy's default), counted from its arrival, and never while it
/// belongs to an open case, to a case staff put on legal hold, or to a case of a category under
/// legal hold (child abuse, always).
/// Removal empties the stored bytes and the events' excerpts; the row, its SHA-256 and the
/// parse result stay, and each removal is audited.
public struct EvidenceRetention: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Removes up to `limit` expired messages; returns their SHA-256s. Candidates are read page
    /// by page, so that many messages under legal hold cannot stall the removal behind them.
    @discardableResult
    public func removeExpired(policy: PolicyDocument, now: Int64, limit: Int = 500) async throws -> [String] {
        let shortest = ([policy.retention.defaultDays] + Array(policy.retention.days.values)).min() ?? policy.retention.defaultDays
        var removed: [String] = []
        var cursor: (Int64, String) = (Int64.min, "")
        while removed.count < limit {
            let page = try await store.sql.raw("""
                SELECT m.sha256, m.first_received_at FROM raw_messages m
                WHERE m.evidence_removed_at IS NULL AND m.first_received_at < \(bind: now - Int64(shortest) * 86_400)
                AND (m.first_received_at > \(bind: cursor.0) OR (m.first_received_at = \(bind: cursor.0) AND m.sha256 > \(bind: cursor.1)))
                AND NOT EXISTS (SELECT 1 FROM case_events ce JOIN cases c ON c.id = ce.case_id WHERE ce.sha256 = m.sha256 AND (c.open_key IS NOT NULL OR c.legal_hold <> 0))
                AND NOT EXISTS (SELECT 1 FROM case_messages cm JOIN cases c ON c.id = cm.case_id WHERE cm.sha256 = m.sha256 AND (c.open_key IS NOT NULL OR c.legal_hold <> 0))
                ORDER BY m.first_received_at, m.sha256 LIMIT 500
                """).all()
            guard let last = page.last else { break }
            cursor = (try last.decode(column: "first_received_at", as: Int64.self), try last.decode(column: "sha256", as: String.self))
            removed += try await removeIfExpired(page, policy: policy, now: now, limit: limit - removed.count)
        }
        return removed
    }

    private func removeIfExpired(_ candidates: [any SQLRow], policy: PolicyDocument, now: Int64, limit: Int) async throws -> [String] {
        var removed: [String] = []
        for row in candidates {
            let sha256 = try row.decode(column: "sha256", as: String.self)
            let arrived = try row.decode(column: "first_received_at", as: Int64.self)
            let categories = try await store.sql.select().distinct().column("category").from("report_events").where("sha256", .equal, sha256).all()
                .compactMap { AbuseCategory(rawValue: try $0.decode(column: "category", as: String.self)) }
            let caseCategories = try await store.sql.raw("""
                SELECT DISTINCT c.category FROM case_events ce JOIN cases c ON c.id = ce.case_id WHERE ce.sha256 = \(bind: sha256)
                """).all().compactMap { AbuseCategory(rawValue: try $0.decode(column: "category", as: String.self)) }
            let all = Set(categories + caseCategories)
            if all.contains(where: { policy.retention.legalHold.contains($0) }) { continue }
            let keepDays = all.isEmpty ? policy.retention.defaultDays : all.map { policy.retention.keepDays($0) ?? Int.max }.max()!
            guard now >= arrived + Int64(keepDays) * 86_400 else { continue }
            try await store.writeTransaction { sql in
                try await sql.update("raw_messages").set("content", to: SQLBind(Data())).set("evidence_removed_at", to: now)
                    .where("sha256", .equal, sha256).where(SQLColumn("evidence_removed_at"), .is, SQLLiteral.null).run()
                try await sql.update("report_events").set("excerpt", to: SQLLiteral.null).where("sha256", .equal, sha256).run()
                try await AuditLog.append(actor: "retention", action: "evidence.removed", subject: "message:\(sha256)",
                                          details: AuditLog.details(["kept_days": String(keepDays), "policy": policy.version,
                                                                     "categories": all.map(\.rawValue).sorted().joined(separator: ",")]),
                                          now: now, on: sql)
            }
            removed.append(sha256)
            if removed.count >= limit { break }
        }
        return removed
    }

    /// Writes a case's evidence to `directory` for the police: each message as `<sha256>.eml`,
    /// the case's timeline, and `SHA256SUMS` over every file, whose own digest is returned (and
    /// audited) so the bundle can be shown intact later.
    public func exportBundle(caseID: Int64, to directory: String, by staff: String, now: Int64) async throws -> String {
        guard let record = try await CaseRepository(store).find(id: caseID) else { throw StoreError("no case \(caseID)") }
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard (try fileManager.contentsOfDirectory(atPath: directory)).isEmpty else {
            throw StoreError("\(directory) is not empty; export into a new directory so the bundle holds nothing else")
        }
        let shas = try await store.sql.raw("""
            SELECT DISTINCT sha256 FROM case_events WHERE case_id = \(bind: caseID)
            UNION SELECT sha256 FROM case_messages WHERE case_id = \(bind: caseID)
            """).all().map { try $0.decode(column: "sha256", as: String.self) }
        var sums: [String] = []
        func write(_ name: String, _ data: Data) throws {
            try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
            sums.append("\(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())  \(name)")
        }
        for sha in shas.sorted() {
            guard let bytes = try await EvidenceRepository(store).message(sha256: sha) else { continue }
            guard !bytes.isEmpty else { throw StoreError("the evidence \(sha) was removed by retention; it cannot be exported") }
            try write("\(sha).eml", Data(bytes))
        }
        let timeline = try await CaseRepository(store).timeline(caseID: caseID)
            .map { "\(Timestamp.format($0.at))\t\($0.kind)\t\($0.actor)\t\($0.text)" }.joined(separator: "\n")
        try write("case-\(caseID)-timeline.txt", Data(("case \(caseID), \(record.category), service \(record.serviceID), customer \(record.customerID)\n" + timeline + "\n").utf8))
        let manifest = Data((sums.sorted { $0.hasSuffix(".txt") == $1.hasSuffix(".txt") ? $0 < $1 : !$0.hasSuffix(".txt") }.joined(separator: "\n") + "\n").utf8)
        try manifest.write(to: URL(fileURLWithPath: directory).appendingPathComponent("SHA256SUMS"))
        let digest = SHA256.hash(data: manifest).map { String(format: "%02x", $0) }.joined()
        try await store.writeTransaction { sql in
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "export", actor: "staff:\(staff)",
                                                 text: "evidence bundle exported (\(shas.count) messages); SHA256SUMS digest \(digest)", on: sql)
        }
        return digest
    }
}
