import BailiffCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// Stores raw messages and their deliveries: the durable first step of intake.
///
/// ``store(_:envelope:)`` returns only after the database committed (PostgreSQL's commit;
/// SQLite in WAL mode with `synchronous=FULL`), so a caller may then say "250" to the MTA.
public struct EvidenceRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// What storing a message did.
    public struct StoredMessage: Sendable, Hashable {
        /// Hex SHA-256 of the bytes: the message's identity in the store.
        public var sha256: String
        /// Whether these bytes were new to the store.
        public var isNewMessage: Bool
        /// Recipients for which a new delivery row was written (the others were repeats).
        public var newDeliveries: [String]
    }

    /// Stores the bytes once and one delivery per recipient, and returns after the commit.
    ///
    /// On SQLite, which has one writer, concurrent calls share a transaction (see
    /// ``GroupCommit``): under load many deliveries ride on one commit, yet none is answered
    /// before the commit that holds it. On PostgreSQL each delivery is its own transaction.
    public func store(_ message: [UInt8], envelope: Envelope) async throws -> StoredMessage {
        let sha256 = Self.name(of: message)
        let delivery = PendingDelivery(message: message, sha256: sha256, messageID: Self.messageID(in: message), envelope: envelope)
        let store = self.store
        // PostgreSQL commits concurrent transactions on their own connections in parallel;
        // funnelling them through one writer only slows it down (measured: bench/RESULTS.md).
        guard store.dialect == .sqlite else {
            return try await store.writeTransaction { sql in try await Self.insert(delivery, into: sql) }
        }
        return try await store.evidenceCommits.submit(delivery) { batch in
            try await store.writeTransaction { sql in
                var results: [StoredMessage] = []
                results.reserveCapacity(batch.count)
                for delivery in batch { results.append(try await Self.insert(delivery, into: sql)) }
                return results
            }
        }
    }

    /// One delivery on its way into a shared transaction.
    struct PendingDelivery: Sendable {
        let message: [UInt8]
        let sha256: String
        let messageID: String?
        let envelope: Envelope
    }

    private static func insert(_ delivery: PendingDelivery, into sql: any SQLDatabase) async throws -> StoredMessage {
        let (sha256, envelope) = (delivery.sha256, delivery.envelope)
        // Write first, read never: each INSERT … ON CONFLICT DO NOTHING RETURNING says whether
        // it wrote. A transaction that read before writing would have to upgrade its SQLite
        // lock, which deadlocks against a concurrent delivery instead of waiting for it.
        let inserted = try await sql.insert(into: "raw_messages")
            .columns("sha256", "size", "content", "message_id", "first_received_at", "parse_status")
            .values(
                SQLBind(sha256), SQLBind(delivery.message.count), SQLBind(Data(delivery.message)), SQLBind(delivery.messageID),
                SQLBind(envelope.receivedAt), SQLBind("pending")
            )
            .ignoringConflicts(with: ["sha256"])
            .returning("sha256")
            .all()
        var newDeliveries: [String] = []
        for recipient in envelope.recipients.isEmpty ? [""] : envelope.recipients {
            let written = try await sql.insert(into: "deliveries")
                .columns("id", "sha256", "recipient", "channel", "mail_from", "client_address", "received_at", "case_token")
                .values(
                    SQLBind(UUID().uuidString.lowercased()), SQLBind(sha256), SQLBind(recipient), SQLBind(envelope.channel.rawValue),
                    SQLBind(envelope.mailFrom), SQLBind(envelope.clientAddress), SQLBind(envelope.receivedAt),
                    SQLBind(CaseAddress.token(in: recipient))
                )
                .ignoringConflicts(with: ["sha256", "recipient"])
                .returning("id")
                .all()
            if !written.isEmpty { newDeliveries.append(recipient) }
        }
        return StoredMessage(sha256: sha256, isNewMessage: !inserted.isEmpty, newDeliveries: newDeliveries)
    }

    /// The name evidence is stored under: its SHA-256 in lower-case hex.
    static func name(of message: [UInt8]) -> String {
        SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
    }

    /// The stored bytes of a message, or nil.
    public func message(sha256: String) async throws -> [UInt8]? {
        guard let row = try await store.sql.select().column("content").from("raw_messages").where("sha256", .equal, sha256).first() else { return nil }
        return [UInt8](try row.decode(column: "content", as: Data.self))
    }

    /// A delivery as stored.
    public struct Delivery: Sendable, Hashable {
        public var sha256: String
        public var recipient: String
        public var channel: String
        public var mailFrom: String
        public var clientAddress: String?
        public var receivedAt: Int64
        /// The case token of a case address (`abuse+<token>@…`), when the mail was sent to one.
        public var caseToken: String?
    }

    /// Deliveries of one message, in the order they arrived.
    public func deliveries(sha256: String) async throws -> [Delivery] {
        try await store.sql.select().columns("sha256", "recipient", "channel", "mail_from", "client_address", "received_at", "case_token").from("deliveries")
            .where("sha256", .equal, sha256).orderBy("received_at").orderBy("recipient").all().map {
                Delivery(
                    sha256: try $0.decode(column: "sha256", as: String.self), recipient: try $0.decode(column: "recipient", as: String.self),
                    channel: try $0.decode(column: "channel", as: String.self), mailFrom: try $0.decode(column: "mail_from", as: String.self),
                    clientAddress: try $0.decode(column: "client_address", as: String?.self), receivedAt: try $0.decode(column: "received_at", as: Int64.self),
                    caseToken: try $0.decode(column: "case_token", as: String?.self)
                )
            }
    }

    /// Counts of stored messages and deliveries (for metrics and tests).
    public func counts() async throws -> (messages: Int, deliveries: Int) {
        let messages = try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("raw_messages").first()!
            .decode(column: "n", as: Int.self)
        let deliveries = try await store.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("deliveries").first()!
            .decode(column: "n", as: Int.self)
        return (messages, deliveries)
    }

    /// The Message-ID header's value, read without a full parse (headers end at the first blank line).
    static func messageID(in message: [UInt8]) -> String? {
        var lineStart = 0
        var index = 0
        while index < message.count {
            if message[index] == UInt8(ascii: "\n") {
                let line = message[lineStart..<index]
                if line.isEmpty || line == [UInt8(ascii: "\r")] { return nil }
                if line.count > 11, String(decoding: line.prefix(11), as: UTF8.self).lowercased() == "message-id:" {
                    let value = String(decoding: line.dropFirst(11), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    return value.isEmpty ? nil : String(value.prefix(500))
                }
                lineStart = index + 1
            }
            index += 1
        }
        return nil
    }
}
