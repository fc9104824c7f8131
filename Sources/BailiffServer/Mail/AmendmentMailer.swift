import BailiffCore
import BailiffStore
import Foundation
import Logging
import Synchronization

/// Mails every customer and reseller when a version of the policy that takes effect on notice is
/// published: in batches, at most `ratePerMinute` mails a minute (relays and receivers throttle
/// bulk senders), each party once. When the mailing cannot finish before the version takes
/// effect at that rate, it says so — in the log and the audit log — so an operator can raise the
/// rate or move the date.
public final class AmendmentMailer: Sendable {
    let store: Store
    let notice: AmendmentNotice
    let client: SMTPClient
    let ratePerMinute: Int
    let logger: Logger
    private let warned = Mutex<Set<String>>([])

    public init(store: Store, identity: MailIdentity, client: SMTPClient, ratePerMinute: Int, logger: Logger) {
        self.store = store; self.notice = AmendmentNotice(identity: identity); self.client = client
        self.ratePerMinute = max(1, ratePerMinute); self.logger = logger
    }

    /// Sends the next batch of every running mailing: at most `limit` mails. Returns how many
    /// parties were settled or tried.
    @discardableResult
    public func runOnce(now: Int64, limit: Int) async throws -> Int {
        let amendments = AmendmentRepository(store)
        let history = try await PolicyRepository(store).history()
        var handled = 0
        for campaign in try await amendments.campaigns(now: now) where handled < limit {
            guard let index = history.versions.firstIndex(where: { $0.version == campaign.version }), index > 0 else { continue }
            let old = history.versions[index - 1], new = history.versions[index]
            let parties = try await amendments.next(version: campaign.version, limit: limit - handled, now: now)
            guard !parties.isEmpty else { continue }
            try await warnIfLate(campaign.version, effectiveAt: campaign.effectiveAt, now: now)
            var sending: [(AmendmentRepository.Party, OutgoingMail)] = []
            for party in parties {
                guard !party.addresses.isEmpty else {
                    try await amendments.record(version: campaign.version, party: party, status: "no-contact",
                                                reply: "no e-mail contact in the inventory", messageID: "", retryAt: nil, now: now)
                    continue
                }
                let changes = AmendmentNotice.changes(from: old, to: new, language: party.language)
                sending.append((party, notice.mail(to: party.addresses, name: party.name, language: party.language, version: campaign.version,
                                                   effectiveAt: campaign.effectiveAt, changes: changes, now: now)))
            }
            let results = await client.send(sending.map { SMTPEnvelope(mailFrom: notice.identity.abuseMailbox, recipients: $0.1.recipients, message: $0.1.rendered()) })
            for ((party, mail), result) in zip(sending, results) {
                let outcomes = party.addresses.map { result[$0] ?? .deferred("no answer") }
                let (status, reply): (String, String)
                if outcomes.contains(where: \.isAccepted) {
                    (status, reply) = ("accepted", "accepted for " + party.addresses.filter { result[$0]?.isAccepted == true }.joined(separator: ", "))
                } else if let deferred = outcomes.first(where: { if case .deferred = $0 { true } else { false } }) {
                    (status, reply) = ("deferred", "\(deferred)")
                } else {
                    (status, reply) = ("rejected", outcomes.map { "\($0)" }.joined(separator: "; "))
                }
                try await amendments.record(version: campaign.version, party: party, status: status, reply: reply, messageID: mail.messageID,
                                            retryAt: status == "deferred" ? now + 600 : nil, now: now)
            }
            handled += parties.count
            let progress = try await amendments.progress(version: campaign.version)
            if progress.settled >= progress.total {
                try await store.writeTransaction { sql in
                    try await AuditLog.append(actor: "system", action: "policy.amendment-mailed", subject: "policy:\(campaign.version)",
                                              details: AuditLog.details(["parties": String(progress.total)]), now: now, on: sql)
                }
                logger.notice("every customer and reseller was told of the amended policy", metadata: ["version": "\(campaign.version)", "parties": "\(progress.total)"])
            }
        }
        return handled
    }

    /// Says once per version when the rest of the mailing cannot be done before it takes effect.
    func warnIfLate(_ version: String, effectiveAt: Int64, now: Int64) async throws {
        guard !warned.withLock({ $0.contains(version) }) else { return }
        let progress = try await AmendmentRepository(store).progress(version: version)
        let minutesNeeded = (progress.total - progress.settled + ratePerMinute - 1) / ratePerMinute
        guard now + Int64(minutesNeeded) * 60 > effectiveAt else { return }
        warned.withLock { _ = $0.insert(version) }
        let message = "the amendment mailing of policy \(version) needs about \(minutesNeeded) min for \(progress.total - progress.settled) parties at \(ratePerMinute)/min and will not finish before it takes effect at \(Timestamp.format(effectiveAt)); raise mail.amendment_rate_per_minute or publish with a later date"
        logger.warning("\(message)")
        try await store.writeTransaction { sql in
            try await AuditLog.append(actor: "system", action: "policy.amendment-late", subject: "policy:\(version)",
                                      details: AuditLog.details(["message": message]), now: now, on: sql)
        }
    }

    /// Sends a minute's worth of mail every minute.
    public func run() async {
        while !Task.isCancelled {
            do { try await runOnce(now: Int64(Date().timeIntervalSince1970), limit: ratePerMinute) } catch {
                logger.warning("could not mail the policy amendment; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(60))
        }
    }
}
