import BailiffCore
import BailiffStore
import Foundation

/// The notice a case's customer gets for its current step, composed as the mailer would but
/// not sent: for `bailiff notices preview` and the portal's case page.
public enum NoticePreview {
    public enum Problem: Error, CustomStringConvertible {
        case noRule(String, String)
        case noCustomer(Int64)

        public var description: String {
            switch self {
            case .noRule(let version, let category): "the policy \(version) has no rule for \(category)"
            case .noCustomer(let id): "case \(id) has no customer"
            }
        }
    }

    public static func compose(_ record: CaseRepository.CaseRecord, store: Store, configuration: BailiffConfiguration, history: PolicyHistory, now: Int64) async throws -> OutgoingMail {
        guard let category = AbuseCategory(rawValue: record.category),
              let rule = history.version(record.policyVersion, orInForceAt: record.firstEventAt)?.rules[category], !rule.ladder.isEmpty else {
            throw Problem.noRule(record.policyVersion, record.category)
        }
        let rung = rule.ladder[min(record.rung ?? 0, rule.ladder.count - 1)]
        let key = "case-\(record.id)/rung-\(rung.id)/notify"
        guard let subject = try await NoticeRepository(store).subject(caseID: record.id, intentKey: key) else { throw Problem.noCustomer(record.id) }
        let identity = MailSetup.identity(configuration.mail, httpBase: configuration.webBaseURL)
        let writer = NoticeWriter(policies: { history }, composer: NoticeComposer(templates: try MailSetup.templates(directory: configuration.mail.templateDirectory), identity: identity))
        return try await writer.compose(.init(key: key, caseID: record.id, category: record.category, rungID: rung.id, clause: record.clause,
                                              policyVersion: record.policyVersion), subject: subject, now: now)
    }
}
