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
        let sha256 = Self.name(of: message)
        return try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await sql.insert(into: "raw_messages")
                .columns("sha256", "size", "content", "message_id", "first_received_at", "parse_status", "parse_format", "parse_reason", "parsed_at")
                .values(SQLBind(sha256), SQLBind(message.count), SQLBind(Data(message)), SQLBind(Self.messageID(in: message)), SQLBind(now),
                        SQLBind("correspondence"), SQLBind("portal-document"), SQLBind("a document from \(actor) for case #\(caseID)"), SQLBind(now))
                .ignoringConflicts(with: ["sha256"]).run()
            try await sql.insert(into: "deliveries")
                .columns("id", "sha256", "recipient", "channel", "mail_from", "client_address", "received_at", "case_token")
                .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(sha256), SQLBind("case:\(caseID)"), SQLBind(Envelope.Channel.portal.rawValue),
                        SQLBind(actor), SQLBind(clientAddress), SQLBind(now), SQLBind(nil as String?))
                .ignoringConflicts(with: ["sha256", "recipient"]).run()
            try await sql.insert(into: "case_messages").columns("sha256", "case_id", "kind", "at")
                .values(SQLBind(sha256), SQLBind(caseID), SQLBind("customer-document"), SQLBind(now))
                .ignoringConflicts(with: ["sha256"]).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "answer", actor: actor, text: "\(summary) (evidence \(sha256.prefix(12))…)", on: sql)
            return sha256
        }
    }
}
