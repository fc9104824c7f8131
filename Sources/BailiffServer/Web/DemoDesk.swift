import BailiffCore
import BailiffStore
import BailiffWeb
import Foundation

/// What `bailiff serve --demo` adds so that a newcomer can work the desk at once: three staff
/// accounts with fresh passwords at every start, a batch of complaints about demo services
/// (parsed and turned into cases by the running server, like any mail), and portal links for
/// one customer and its reseller.
public enum DemoDesk {
    /// Printed once at start.
    public struct Credentials: Sendable {
        public var staff: [WebAccounts.Enrolment]
        public var customerLink: String?
        public var resellerLink: String?
    }

    public static func seed(_ store: Store, baseURL: String, now: Int64) async throws -> Credentials {
        var staff: [WebAccounts.Enrolment] = []
        for (name, role) in [("admin", StaffRole.admin), ("agent", .agent), ("viewer", .readOnly)] {
            staff.append(try await WebAccounts.enrol(store, name: name, role: role, by: "demo", now: now, cost: 10))
        }
        let targets = try await store.sql.raw("""
            SELECT a.prefix, s.customer_id, c.reseller_id FROM ip_assignments a JOIN services s ON s.id = a.service_id JOIN customers c ON c.id = s.customer_id
            WHERE a.valid_until IS NULL AND a.family = 4 AND c.reseller_id IS NOT NULL ORDER BY a.prefix LIMIT 40
            """).all().map { (try $0.decode(column: "prefix", as: String.self), try $0.decode(column: "customer_id", as: String.self), try $0.decode(column: "reseller_id", as: String.self)) }
        guard let first = targets.first else { return Credentials(staff: staff) }
        let (messages, _) = try await EvidenceRepository(store).counts()
        if messages == 0 {
            for (index, target) in targets.enumerated() {
                guard let prefix = try? IPPrefix(parsing: target.0) else { continue }
                try await EvidenceRepository(store).store(complaint(index, about: prefix.network.description, now: now),
                                                          envelope: Envelope(channel: .http, mailFrom: "reports@demo.example", recipients: ["abuse@provider.example"],
                                                                             clientAddress: "127.0.0.1", receivedAt: now - Int64(index) * 1_800))
            }
        }
        let customer = try await WebAccounts.portalLink(store, kind: .customer, subject: first.1, baseURL: baseURL, by: "demo", now: now, lifetimeHours: 72)
        let reseller = try await WebAccounts.portalLink(store, kind: .reseller, subject: first.2, baseURL: baseURL, by: "demo", now: now, lifetimeHours: 72)
        return Credentials(staff: staff, customerLink: customer, resellerLink: reseller)
    }

    /// A plain-text complaint of one of a few kinds, as reporters write them.
    static func complaint(_ index: Int, about address: String, now: Int64) -> [UInt8] {
        let kinds: [(subject: String, body: String, from: String)] = [
            ("Spam from \(address)", "We received unsolicited bulk e-mail (spam) from \(address). Please stop this spam run.", "abuse@mailbox-provider.example"),
            ("SSH brute force from \(address)", "Host \(address) made 4,000 failed SSH login attempts (brute force) against our servers.", "soc@university.example"),
            ("Port scan from \(address)", "Your host \(address) is port scanning our network: 65,000 ports probed.", "noc@isp.example"),
            ("Phishing site on \(address)", "A phishing page imitating a bank is hosted at http://\(address)/login/ — please remove it.", "phish@bank.example"),
            ("Malware distribution from \(address)", "The address \(address) serves malware (a trojan downloader).", "abuse@av-vendor.example"),
        ]
        let kind = kinds[index % kinds.count]
        let date = now - Int64(index) * 1_800 - 600
        let text = """
            From: Demo Reporter <\(kind.from)>\r
            To: abuse@provider.example\r
            Subject: \(kind.subject)\r
            Date: \(MailDate.format(date))\r
            Message-ID: <demo.\(index).\(now)@demo.example>\r
            \r
            \(kind.body)\r
            Time: \(Timestamp.format(date))\r
            """
        return Array(text.utf8)
    }
}
