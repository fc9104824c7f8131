import BailiffCore
import BailiffReports
import BailiffStore
import Foundation

/// Carries out `answer-reporter`: tells the person who complained what became of it — what an
/// intellectual-property complaint lacks, or that the customer was told and by when it must act.
///
/// Only people are answered: automatic mail, lists, bounces and no-reply senders get nothing
/// (``AutoReplyGuard``), and the answer itself is marked `Auto-Submitted: auto-replied`. The
/// answer never names the customer.
public struct ReporterMailer: EnforcementAdapter {
    public let name = "mail"
    public let actions: Set<String> = [EnforcementAction.answerReporter.rawValue]
    let store: Store
    let identity: MailIdentity
    let client: SMTPClient
    let clock: @Sendable () -> Int64

    public init(store: Store, identity: MailIdentity, client: SMTPClient, clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store; self.identity = identity; self.client = client; self.clock = clock
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        let now = clock()
        let notices = NoticeRepository(store)
        let guardrail = AutoReplyGuard(ownDomains: [identity.messageIDHost, identity.abuseMailbox.split(separator: "@").last.map(String.init) ?? ""])
        do {
            guard let subject = try await notices.subject(caseID: work.caseID, intentKey: work.key) else { return .failed("case \(work.caseID) is gone") }
            var outgoing: [(mail: OutgoingMail, envelope: SMTPEnvelope, to: String, key: String)] = []
            var skipped: [String] = []
            for complaint in try await notices.complaints(caseID: work.caseID) {
                let key = work.key + "/" + complaint.sha256.prefix(16)
                guard let bytes = try await EvidenceRepository(store).message(sha256: complaint.sha256),
                      case .success(let message) = MIMEParser.parse(bytes) else { continue }
                let headers = Dictionary(message.root.headers.fields.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
                let replyAddress = Self.address(in: message.root.headers.decoded("reply-to") ?? message.root.from ?? "")
                if let refusal = guardrail.refusal(.init(envelopeSender: complaint.envelopeSender, replyAddress: replyAddress, headers: headers)) {
                    skipped.append("\(replyAddress ?? "an unnamed sender"): \(refusal)")
                    continue
                }
                guard let recipient = replyAddress else { continue }
                let already = try await store.sql.select().column("status").from("notice_deliveries")
                    .where("intent_key", .equal, key).where("recipient", .equal, recipient).first()
                if try already?.decode(column: "status", as: String.self) == "accepted" { continue }
                let mail = Self.answer(to: message, recipient: recipient, complaint: complaint, record: subject.record, key: key, identity: identity, now: now)
                outgoing.append((mail, SMTPEnvelope(mailFrom: identity.abuseMailbox, recipients: [recipient], message: mail.rendered()), recipient, key))
            }
            if !skipped.isEmpty {
                let text = "no answer to: " + skipped.joined(separator: "; ")
                try await store.writeTransaction { sql in
                    try await CaseRepository.addTimeline(caseID: work.caseID, at: now, kind: "action", actor: "mailer", text: text, on: sql)
                }
            }
            guard !outgoing.isEmpty else { return .done(skipped.isEmpty ? "no reporter to answer" : "no reporter may be answered automatically") }
            let results = await client.send(outgoing.map(\.envelope))
            var answered: [String] = [], pending: [String] = []
            for (item, result) in zip(outgoing, results) {
                let outcome = result[item.to] ?? .deferred("no answer for this recipient")
                let (status, reply): (String, String) = switch outcome {
                case .accepted(let text): ("accepted", text)
                case .deferred(let text): ("deferred", text)
                case .rejected(let text): ("rejected", text)
                }
                try await notices.record(intentKey: item.key, caseID: work.caseID, messageID: item.mail.messageID,
                                         deliveries: [.init(recipient: item.to, role: "reporter", status: status, reply: reply)], now: now)
                if status == "accepted" { answered.append(item.to) } else if status == "deferred" { pending.append("\(item.to): \(reply)") }
            }
            if !pending.isEmpty { return .retry(pending.joined(separator: "; ")) }
            return .done(answered.isEmpty ? "the reporters' addresses refused the answer" : "answered \(answered.joined(separator: ", "))")
        } catch {
            return .retry("could not answer the reporter: \(error)")
        }
    }

    /// The bare address in a header value: `"Name" <a@b.example>` → `a@b.example`.
    static func address(in value: String) -> String? {
        let candidate = EmailAddress.addrSpec(value)
        return EmailAddress.isPlausible(candidate) ? candidate : nil
    }

    /// The answer to one complaint.
    static func answer(to message: MIMEMessage, recipient: String, complaint: NoticeRepository.Complaint, record: CaseRepository.CaseRecord,
                       key: String, identity: MailIdentity, now: Int64) -> OutgoingMail {
        let original = message.subject ?? "your complaint"
        let received = message.date.map(NoticePhrases.time) ?? "recently"
        var lines = ["Hello,", ""]
        if complaint.compliant == false {
            let missing = complaint.missing.compactMap { IPNoticeAssessment.Requirement(rawValue: $0)?.explanation }
            lines += [
                "we received your complaint of \(received) (\"\(original.prefix(120))\"). Under our Acceptable Use",
                "Policy (clause \(record.clause), version \(record.policyVersion)) we act on intellectual-property",
                "complaints only when they include everything the policy asks for. Yours lacks:",
                "",
            ] + missing.map { "  - \($0)" } + [
                "",
                "We have not acted on it and have not forwarded it. Send a complete complaint to",
                "\(identity.abuseMailbox) and we will look at it again.",
                "",
                "The policy: \(identity.aupURL)",
            ]
        } else {
            lines += [
                "thank you for your complaint of \(received) (\"\(original.prefix(120))\"). We have told the",
                "customer responsible, under our Acceptable Use Policy (clause \(record.clause), version",
                "\(record.policyVersion))" + (record.deadline.map { ", and asked for the matter to be resolved by \(NoticePhrases.time($0))." } ?? "."),
                "We do not pass on who our customers are. If the problem goes on, reply to this message",
                "and keep \(record.token) in the subject.",
            ]
        }
        lines += ["", "\(identity.providerName) abuse team", identity.abuseMailbox]
        let text = lines.joined(separator: "\n") + "\n"
        let messageID = "answer.\(record.token).\(NoticeComposer.digest(key))@\(identity.messageIDHost)"
        var mail = OutgoingMail(from: MailAddress(identity.abuseMailbox, name: "\(identity.providerName) abuse"), to: [MailAddress(recipient)],
                                subject: "Re: " + original.prefix(150) + " [\(record.token)]", date: now, messageID: messageID, text: text)
        mail.autoSubmitted = "auto-replied"
        if let id = message.messageID { mail.inReplyTo = id; mail.references = message.references + [id] }
        mail.replyTo = MailAddress(CaseAddress.address(for: record.token, mailbox: identity.abuseMailbox))
        return mail
    }
}
