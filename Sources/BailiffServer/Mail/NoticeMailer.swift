import BailiffCore
import BailiffStore
import Foundation
import Logging

/// Carries out `notify` intents: the notice to the customer's contacts with its reseller in
/// copy, composed from the operator's templates, sent over one SMTP connection per batch.
///
/// A repeat is harmless: the Message-ID is made from the intent's key, and a retry goes only to
/// recipients the relay has not yet accepted. The envelope sender is the case address, so a
/// bounce comes back through intake to the case it belongs to.
public struct NoticeMailer: EnforcementAdapter {
    public let name = "mail"
    public let actions: Set<String> = [EnforcementAction.notify.rawValue]
    let store: Store
    let writer: NoticeWriter
    let client: SMTPClient
    let clock: @Sendable () -> Int64

    public init(store: Store, policies: @escaping @Sendable () async throws -> PolicyHistory, composer: NoticeComposer, client: SMTPClient,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store; self.writer = NoticeWriter(policies: policies, composer: composer); self.client = client; self.clock = clock
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        await perform(batch: [work])[0]
    }

    /// A notice ready to go, or the outcome that replaces it.
    enum Prepared {
        case send(mail: OutgoingMail, envelope: SMTPEnvelope, roles: [String: String])
        case settled(AdapterOutcome)
    }

    public func perform(batch: [IntentRepository.Work]) async -> [AdapterOutcome] {
        let now = clock()
        var prepared: [Prepared] = []
        for work in batch {
            do { prepared.append(try await prepare(work, now: now)) } catch {
                prepared.append(.settled(.retry("could not read the case for its notice: \(error)")))
            }
        }
        let sending = prepared.compactMap { if case .send(_, let envelope, _) = $0 { envelope } else { nil } }
        var results = await client.send(sending)[...]
        var outcomes: [AdapterOutcome] = []
        for (work, item) in zip(batch, prepared) {
            switch item {
            case .settled(let outcome): outcomes.append(outcome)
            case .send(let mail, _, let roles):
                let result = results.popFirst() ?? [:]
                outcomes.append(await settle(work, mail: mail, roles: roles, result: result, now: now))
            }
        }
        return outcomes
    }

    func prepare(_ work: IntentRepository.Work, now: Int64) async throws -> Prepared {
        guard let subject = try await NoticeRepository(store).subject(caseID: work.caseID, intentKey: work.key) else {
            return .settled(.failed("case \(work.caseID) or its customer no longer exists"))
        }
        let customer = subject.customer.addresses.filter { !subject.accepted.contains($0) && !subject.rejected.contains($0) }
        let reseller = (subject.reseller?.addresses ?? []).filter { !subject.accepted.contains($0) && !subject.rejected.contains($0) && !customer.contains($0) }
        if subject.customer.addresses.isEmpty {
            return .settled(.failed("customer \(subject.customer.id) has no e-mail contact: add one to the inventory, then retry the notice"))
        }
        if customer.isEmpty, reseller.isEmpty {
            let reached = subject.customer.addresses.contains { subject.accepted.contains($0) }
            return .settled(reached ? .done("every recipient already accepted this notice") : .failed(unreachable(subject.customer.addresses)))
        }
        // Feeds repeat themselves: the same finding (service, category, rung) notified within the
        // policy's window is not sent again, unless the rung is urgent.
        let history = try await writer.policies()
        if let document = history.versions.first(where: { $0.version == work.policyVersion }) ?? history.inForce(at: now),
           let category = AbuseCategory(rawValue: work.category), let rule = document.rules[category], document.notices.suppressHours > 0,
           let rung = rule.ladder.first(where: { $0.id == work.rungID }), document.notices.urgentActions.isDisjoint(with: rung.actions),
           subject.accepted.isEmpty,
           let earlier = try await NoticeRepository(store).sameFinding(serviceID: work.serviceID, category: work.category, rungID: work.rungID,
                                                                       since: now - Int64(document.notices.suppressHours) * 3_600, excluding: work.key) {
            return .settled(.done("suppressed: the same finding (\(work.category), step \(work.rungID)) was notified under case #\(earlier.caseID) at \(Timestamp.format(earlier.at)), within the policy's \(document.notices.suppressHours) h"))
        }
        let mail: OutgoingMail
        do { mail = try await writer.compose(NoticeWriter.Step(work), subject: subject, now: now) } catch let problem as NoticeWriter.Unwritable { return .settled(.failed(problem.description)) }
        // A retry still shows everyone in To: and Cc: for the reader; the envelope carries only
        // those who do not have it yet.
        var roles: [String: String] = [:]
        for address in customer { roles[address] = "customer" }
        for address in reseller { roles[address] = "reseller" }
        let envelope = SMTPEnvelope(mailFrom: CaseAddress.address(for: subject.record.token, mailbox: writer.composer.identity.abuseMailbox),
                                    recipients: customer + reseller, message: mail.rendered())
        return .send(mail: mail, envelope: envelope, roles: roles)
    }

    func settle(_ work: IntentRepository.Work, mail: OutgoingMail, roles: [String: String], result: [String: SMTPRecipientOutcome], now: Int64) async -> AdapterOutcome {
        let deliveries = roles.keys.sorted().map { recipient -> NoticeRepository.Delivery in
            switch result[recipient] ?? .deferred("no answer for this recipient") {
            case .accepted(let reply): .init(recipient: recipient, role: roles[recipient]!, status: "accepted", reply: reply)
            case .deferred(let reply): .init(recipient: recipient, role: roles[recipient]!, status: "deferred", reply: reply)
            case .rejected(let reply): .init(recipient: recipient, role: roles[recipient]!, status: "rejected", reply: reply)
            }
        }
        do {
            try await NoticeRepository(store).record(intentKey: work.key, caseID: work.caseID, messageID: mail.messageID, deliveries: deliveries, now: now)
            guard let subject = try await NoticeRepository(store).subject(caseID: work.caseID, intentKey: work.key) else { return .failed("the case is gone") }
            let pending = deliveries.filter { $0.status == "deferred" }
            if !pending.isEmpty {
                return .retry(pending.map { "\($0.recipient): \($0.reply)" }.joined(separator: "; "))
            }
            let customerReached = subject.customer.addresses.contains { subject.accepted.contains($0) }
            guard customerReached else { return .failed(unreachable(subject.customer.addresses)) }
            let copied = subject.reseller?.addresses.filter { subject.accepted.contains($0) } ?? []
            return .done("notice <\(mail.messageID)> accepted for \(subject.customer.addresses.filter { subject.accepted.contains($0) }.joined(separator: ", "))"
                         + (copied.isEmpty ? "" : "; reseller copy to \(copied.joined(separator: ", "))"))
        } catch {
            return .retry("sent, but the result could not be recorded: \(error)")
        }
    }

    func unreachable(_ addresses: [String]) -> String {
        "the customer cannot be reached: every contact (\(addresses.joined(separator: ", "))) refused the notice; staff must reach the customer another way"
    }
}
