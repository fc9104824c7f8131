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
        var outcomes = [AdapterOutcome?](repeating: nil, count: batch.count)
        var prepared: [Int: Prepared] = [:]
        var digestable = Set<Int>()
        let history = try? await writer.policies()
        for (index, work) in batch.enumerated() {
            // Non-urgent notices wait for the customer's digest slot; urgent ones go at once.
            if let history, let until = digestSlot(work, history: history) {
                if now < until { outcomes[index] = .later(until: until, "gathered into the customer's digest of notices"); continue }
                digestable.insert(index)
            }
            do { prepared[index] = try await prepare(work, now: now) } catch {
                outcomes[index] = .retry("could not read the case for its notice: \(error)")
            }
        }
        // One message per customer for the digestable notices that are ready; the rest alone.
        var messages: [(indices: [Int], mail: OutgoingMail, envelope: SMTPEnvelope, roles: [String: String])] = []
        var byCustomer: [String: [Int]] = [:]
        for index in prepared.keys.sorted() {
            switch prepared[index]! {
            case .settled(let outcome): outcomes[index] = outcome
            case .send(let mail, let envelope, let roles):
                if digestable.contains(index) { byCustomer[batch[index].customerID, default: []].append(index) } else {
                    messages.append(([index], mail, envelope, roles))
                }
            }
        }
        for (_, indices) in byCustomer.sorted(by: { $0.key < $1.key }) {
            let parts = indices.compactMap { index -> (OutgoingMail, SMTPEnvelope, [String: String])? in
                if case .send(let mail, let envelope, let roles) = prepared[index]! { (mail, envelope, roles) } else { nil }
            }
            guard parts.count > 1 else {
                messages.append((indices, parts[0].0, parts[0].1, parts[0].2))
                continue
            }
            let tokens = parts.compactMap { $0.0.extraHeaders.first { $0.name == "X-Bailiff-Case" }?.value }
            let language = (try? await NoticeRepository(store).subject(caseID: batch[indices[0]].caseID, intentKey: batch[indices[0]].key))??.customer.language ?? "en"
            let mail = writer.composer.digest(parts.map(\.0), tokens: tokens, keys: indices.map { batch[$0].key }, language: language, now: now)
            let roles = parts.reduce(into: [String: String]()) { merged, part in merged.merge(part.2) { first, _ in first } }
            let recipients = parts.flatMap(\.1.recipients).reduce(into: [String]()) { list, address in if !list.contains(address) { list.append(address) } }
            messages.append((indices, mail, SMTPEnvelope(mailFrom: parts[0].1.mailFrom, recipients: recipients, message: mail.rendered()), roles))
        }
        let results = await client.send(messages.map(\.envelope))
        for (message, result) in zip(messages, results) {
            for index in message.indices {
                // Each notice records the recipients it was meant for.
                let own: [String: String]
                if case .send(_, let envelope, _)? = prepared[index] { own = message.roles.filter { envelope.recipients.contains($0.key) } } else { own = message.roles }
                outcomes[index] = await settle(batch[index], mail: message.mail, roles: own, result: result, now: now)
            }
        }
        return outcomes.map { $0 ?? .retry("not attempted") }
    }

    /// When a non-urgent notice goes out: the next digest slot after the decision (slots are
    /// every `digest_hours` from midnight UTC), but no later than a quarter of the way to the
    /// rung's deadline, so that waiting never eats the customer's time to act. Nil: at once.
    func digestSlot(_ work: IntentRepository.Work, history: PolicyHistory) -> Int64? {
        guard let document = history.version(work.policyVersion, orInForceAt: work.createdAt), document.notices.digestHours > 0,
              let rung = document.rung(category: work.category, id: work.rungID), !document.notices.isUrgent(rung) else { return nil }
        let period = Int64(document.notices.digestHours) * 3_600
        let slot = (work.createdAt / period + 1) * period
        guard let hours = rung.deadlineHours else { return slot }
        return min(slot, work.createdAt + Int64(hours) * 3_600 / 4)
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
        if let document = history.version(work.policyVersion, orInForceAt: now), document.notices.suppressHours > 0,
           let rung = document.rung(category: work.category, id: work.rungID), !document.notices.isUrgent(rung),
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
