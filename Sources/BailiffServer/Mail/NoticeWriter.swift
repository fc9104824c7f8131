import BailiffCore
import BailiffStore
import Foundation

/// Writes the notice for a step of a case from the policy in force and the operator's
/// templates — for the mailer, and for `bailiff notices preview`.
public struct NoticeWriter: Sendable {
    let policies: @Sendable () async throws -> PolicyHistory
    public let composer: NoticeComposer

    public init(policies: @escaping @Sendable () async throws -> PolicyHistory, composer: NoticeComposer) {
        self.policies = policies; self.composer = composer
    }

    /// The step of a case a notice is about.
    public struct Step: Sendable, Hashable {
        /// The intent's key; the Message-ID is made from it.
        public var key: String
        public var caseID: Int64
        public var category: String
        public var rungID: String
        public var clause: String
        public var policyVersion: String

        public init(key: String, caseID: Int64, category: String, rungID: String, clause: String, policyVersion: String) {
            self.key = key; self.caseID = caseID; self.category = category; self.rungID = rungID; self.clause = clause; self.policyVersion = policyVersion
        }

        init(_ work: IntentRepository.Work) {
            self.init(key: work.key, caseID: work.caseID, category: work.category, rungID: work.rungID, clause: work.clause, policyVersion: work.policyVersion)
        }
    }

    /// Why no notice can be written.
    public struct Unwritable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The notice for `step` to every contact of the customer and its reseller, whoever already
    /// has it: what `bailiff notices preview` shows, and what is sent.
    public func compose(_ step: Step, subject: NoticeRepository.Subject, now: Int64) async throws -> OutgoingMail {
        let history = try await policies()
        let document = history.version(step.policyVersion, orInForceAt: now)
        guard let category = AbuseCategory(rawValue: step.category), let document, let rule = document.rules[category] else {
            throw Unwritable(description: "no rule for category \(step.category) in policy \(step.policyVersion)")
        }
        let rungIndex = rule.ladder.firstIndex { $0.id == step.rungID }
        let rung = rungIndex.map { rule.ladder[$0] }
        let next = rungIndex.flatMap { index in
            rule.ladder[index].onDeadline == .next && index + 1 < rule.ladder.count ? rule.ladder[index + 1].actions : nil
        }
        var facts = NoticeFacts(
            caseID: step.caseID, caseToken: subject.record.token, caseAddress: CaseAddress.address(for: subject.record.token, mailbox: composer.identity.abuseMailbox),
            category: category, clause: step.clause, clauseTitle: document.clause(step.clause)?.title ?? step.clause, policyVersion: step.policyVersion,
            rungID: step.rungID, actions: rung?.actions ?? [.notify], deadline: subject.record.deadline, nextActions: next,
            serviceID: subject.record.serviceID, serviceLabel: subject.serviceLabel, customerName: subject.customer.name,
            customerLanguage: subject.customer.language, resellerName: subject.reseller?.name, events: subject.events)
        facts.asksForOptInRecords = rule.requestsOptInEvidence && rung?.deadlineHours != nil
        var mail = composer.notice(facts, to: subject.customer.addresses, copy: subject.reseller?.addresses ?? [], stepKey: step.key, now: now,
                                   showEvidence: rule.noticesCarryEvidence, redact: document.notices.redactPersonalData)
        mail.cc = mail.cc.filter { !subject.customer.addresses.contains($0.address) }
        if let last = subject.earlierMessageIDs.last {
            mail.inReplyTo = last
            mail.references = Array(subject.earlierMessageIDs.suffix(10))
        }
        return mail
    }
}
