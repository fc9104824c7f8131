import BailiffCore
import Foundation

/// The public complaint form (`/report`): what an outsider tells us, checked before it is
/// accepted, then written as a plain-text message into the same evidence store as mail.
///
/// The AUP ("Reports") ignores intellectual-property complaints that lack any of three things;
/// the form asks for each and refuses to send without them, so the complainant learns what is
/// missing at once rather than from a rejection later.
public struct PublicReportForm: Sendable, Hashable {
    public var category = ""
    public var email = ""
    public var name = ""
    public var target = ""
    public var time = ""
    public var description = ""
    public var priorContact = ""
    public var material = ""
    public var proof = ""

    public init() {}

    public init(fields: [String: String]) {
        func field(_ name: String, _ limit: Int) -> String { String((fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit)) }
        category = field("category", 40); email = field("email", 254); name = field("name", 200); target = field("target", 2_000)
        time = field("time", 40); description = field("description", 20_000)
        priorContact = field("prior_contact", 5_000); material = field("material", 5_000); proof = field("proof", 5_000)
    }

    /// The categories the form offers, in the order shown.
    public static let categories: [(value: String, label: String)] = [
        ("spam", "Spam (unsolicited e-mail)"), ("phishing", "Phishing"), ("fraud", "Fraud"), ("malware", "Malware or a botnet controller"),
        ("scanning", "Port scans"), ("intrusion", "Break-in attempts (SSH, login brute force)"), ("network-attack", "Denial-of-service attack"),
        ("ip-infringement", "Copyright, trademark or patent infringement"), ("child-abuse", "Child sexual abuse material"),
        ("abusive-content", "Abusive or hateful content"), ("open-proxy", "Open proxy"), ("illegal", "Other illegal activity"),
    ]

    /// What keeps the form from being sent, in words the complainant can act on; empty when it may be sent.
    public func problems() -> [String] {
        var problems: [String] = []
        if !Self.categories.contains(where: { $0.value == category }) { problems.append("Choose what happened from the list.") }
        if !EmailAddress.isPlausible(email) { problems.append("Give an e-mail address we can answer (name@example.org).") }
        if targetAddress == nil && targetURL == nil {
            problems.append("Give the IP address (e.g. 203.0.113.7) or the full URL (https://…) of what is in our network.")
        }
        if !time.isEmpty && occurredAt == nil { problems.append("Write the time as 2026-11-29 14:05 (UTC) or leave it empty.") }
        if description.count < 20 { problems.append("Describe what happened (at least 20 characters): logs, headers, what you saw.") }
        if category == AbuseCategory.ipInfringement.rawValue {
            if priorContact.count < 20 {
                problems.append("Intellectual property: describe your attempt to contact the infringing party first, and its result (our policy requires it).")
            }
            if material.count < 5 || !(material.contains(".") || material.contains(":")) {
                problems.append("Intellectual property: name the infringing material with its domain or IP address.")
            }
            if proof.count < 10 { problems.append("Intellectual property: give official proof that you own the right, such as a registration number.") }
        }
        return problems
    }

    public var targetAddress: IPAddress? { try? IPAddress(parsing: target) }

    public var targetURL: URL? {
        guard let url = URL(string: target), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return url
    }

    public var occurredAt: Int64? {
        guard !time.isEmpty else { return nil }
        return Timestamp.parse(time) ?? Timestamp.parse(time.replacingOccurrences(of: " ", with: "T") + (time.count == 16 ? ":00Z" : "Z"))
    }

    /// The message stored as evidence. The reporter is set from the channel (the form), not from
    /// the address given here, which nobody has verified.
    public func message(reference: String, receivedAt: Int64, host: String) -> [UInt8] {
        let category = self.category
        let when = occurredAt.map(Timestamp.format) ?? "not given"
        var body = """
            Report submitted through the public abuse form.
            Reference: \(reference)
            Category: \(category)
            Reported address or URL: \(target)
            Time of the incident: \(when)
            Reporter: \(name.isEmpty ? "(no name given)" : name) <\(email)> (not verified)

            Description:
            \(description)

            """
        if category == AbuseCategory.ipInfringement.rawValue {
            body += """

                Notice of claimed infringement.
                Prior attempt to contact the infringing party, and its result:
                \(priorContact)

                Infringing material (name and domain or IP address):
                \(material)

                Proof of ownership:
                \(proof)

                """
        }
        let subject = "[\(category)] abuse report about \(target.prefix(200)) via the web form"
        let headers = [
            "From: Bailiff report form <form@\(host)>",
            "Reply-To: \(EmailAddress.addrSpec(email))",
            HeaderEncoding.unstructuredField("Subject", subject),
            "Date: \(MailDate.format(receivedAt))",
            "Message-ID: <form.\(reference)@\(host)>",
            "X-Bailiff-Form-Category: \(category)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let text = headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return Array(text.utf8)
    }
}
