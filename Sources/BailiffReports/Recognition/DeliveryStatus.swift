/// Reading a delivery status notification (RFC 3464): which recipients failed for good.
public enum DeliveryStatus {
    /// One recipient's fate in a DSN.
    public struct Recipient: Sendable, Hashable {
        public var address: String
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String
        /// `5.1.1`.
        public var status: String?
        public var diagnostic: String?
    }

    /// The per-recipient blocks of every `message/delivery-status` part.
    public static func recipients(in message: MIMEMessage) -> [Recipient] {
        var found: [Recipient] = []
        for part in message.parts(withMIMEType: "message/delivery-status") {
            let text = part.text ?? String(decoding: part.body, as: UTF8.self)
            // Blocks are separated by blank lines; the first describes the message, the rest recipients.
            var fields: [String: String] = [:]
            var lastName: String?
            func finish() {
                defer { fields = [:]; lastName = nil }
                guard let final = fields["final-recipient"] ?? fields["original-recipient"], let action = fields["action"] else { return }
                let address = final.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? final
                guard address.contains("@") else { return }
                found.append(Recipient(address: address.trimmingCharacters(in: ["<", ">"]), action: action.lowercased(),
                                       status: fields["status"], diagnostic: fields["diagnostic-code"]))
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: ["\r"]) }) {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { finish(); continue }
                if line.first == " " || line.first == "\t", let name = lastName {
                    fields[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                lastName = name
            }
            finish()
        }
        return found
    }

    /// Addresses whose delivery failed permanently (`Action: failed`).
    public static func failedRecipients(in message: MIMEMessage) -> [String] {
        recipients(in: message).filter { $0.action == "failed" }.map(\.address)
    }
}
