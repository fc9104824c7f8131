import BailiffCore
import FluentKit
import Foundation
import SQLKit

extension EvidenceRepository {
    /// A document a customer or reseller gave for their case (opt-in records, a cleaned
    /// configuration): kept in the evidence store under the same retention as the case's other
    /// evidence, linked to the case, never parsed as a report, and noted on the timeline (and so
    /// in the audit log) — all in one transaction.
    public func storeCaseDocument(_ message: [UInt8], caseID: Int64, actor: String, summary: String, clientAddress: String?, now: Int64) async throws -> String {
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            let sha256 = try await Self.keepForCase(message, caseID: caseID, channel: .portal, from: actor, format: Self.caseDocumentFormat,
                                                    reason: "a document from \(actor) for case #\(caseID)", clientAddress: clientAddress, now: now, on: sql)
            try await sql.insert(into: "case_messages").columns("sha256", "case_id", "kind", "at")
                .values(SQLBind(sha256), SQLBind(caseID), SQLBind("customer-document"), SQLBind(now))
                .ignoringConflicts(with: ["sha256"]).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "answer", actor: actor, text: "\(summary) (evidence \(sha256.prefix(12))…)", on: sql)
            return sha256
        }
    }
}

extension EvidenceRepository {
    /// The parse format of documents customers give for a case (kept out of re-parsing).
    public static let caseDocumentFormat = "portal-document"

    /// Keeps `content` as evidence delivered to a case — a customer's document, a staff
    /// statement — inside the caller's transaction: stored once by its hash, marked as not a
    /// report (never parsed), and delivered to `case:<id>` on `channel`. Returns its name.
    static func keepForCase(_ content: [UInt8], caseID: Int64, channel: Envelope.Channel, from actor: String, format: String, reason: String,
                            clientAddress: String?, now: Int64, on sql: any SQLDatabase) async throws -> String {
        let sha256 = name(of: content)
        try await sql.insert(into: "raw_messages")
            .columns("sha256", "size", "content", "message_id", "first_received_at", "parse_status", "parse_format", "parse_reason", "parsed_at")
            .values(SQLBind(sha256), SQLBind(content.count), SQLBind(Data(content)), SQLBind(messageID(in: content)), SQLBind(now),
                    SQLBind("correspondence"), SQLBind(format), SQLBind(reason), SQLBind(now))
            .ignoringConflicts(with: ["sha256"]).run()
        try await sql.insert(into: "deliveries")
            .columns("id", "sha256", "recipient", "channel", "mail_from", "client_address", "received_at", "case_token")
            .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(sha256), SQLBind("case:\(caseID)"), SQLBind(channel.rawValue),
                    SQLBind(actor), SQLBind(clientAddress), SQLBind(now), SQLBind(nil as String?))
            .ignoringConflicts(with: ["sha256", "recipient"]).run()
        return sha256
    }
}
