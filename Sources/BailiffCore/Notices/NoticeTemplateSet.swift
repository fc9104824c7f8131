/// The templates in use: the shipped ones, each replaceable by the operator's file of the same name.
///
/// Names are `<kind>[.<category>].<language>`; the most specific template that exists wins:
/// `notice.spam.de`, then `notice.de`, then `notice.spam.en`, then `notice.en`.
public struct NoticeTemplateSet: Sendable {
    public private(set) var templates: [String: NoticeTemplate]

    /// Every name a notice template may use.
    public static let noticeNames: Set<String> = [
        "provider_name", "case_token", "case_address", "category", "category_title", "clause", "clause_title", "policy_version",
        "aup_url", "service", "service_label", "customer_name", "reseller_name", "decision", "deadline", "next_step",
        "events", "event_count", "first_seen", "last_seen", "evidence", "mail_findings", "opt_in_request",
    ]

    /// The shipped templates with `overrides` (name → source) laid over them.
    public init(overrides: [String: String] = [:]) throws(NoticeTemplateError) {
        var templates: [String: NoticeTemplate] = [:]
        for (name, source) in DefaultNoticeTemplates.sources.merging(overrides, uniquingKeysWith: { $1 }) {
            let parts = name.split(separator: ".")
            guard parts.count == 2 || parts.count == 3, parts[0] == "notice",
                  parts.count == 2 || AbuseCategory(rawValue: String(parts[1])) != nil,
                  parts.last!.count == 2, parts.last!.allSatisfy(\.isLowercase) else {
                throw NoticeTemplateError(name: name, problem: .init(line: 1, message: "a template is named notice.<language> or notice.<category>.<language>, e.g. notice.spam.de"))
            }
            do { templates[name] = try NoticeTemplate(parsing: source, known: Self.noticeNames) } catch {
                throw NoticeTemplateError(name: name, problem: error)
            }
        }
        self.templates = templates
    }

    /// The template for a notice about `category` to a reader of `language`.
    public func notice(category: AbuseCategory, language: String) -> NoticeTemplate {
        let language = language.lowercased().split(separator: "-").first.map(String.init) ?? "en"
        for name in ["notice.\(category.rawValue).\(language)", "notice.\(language)", "notice.\(category.rawValue).en", "notice.en"] {
            if let template = templates[name] { return template }
        }
        preconditionFailure("the shipped template notice.en is missing")
    }
}

/// A template the operator wrote that cannot be used, and where.
public struct NoticeTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var problem: NoticeTemplate.Problem
    public var description: String { "template \(name), \(problem)" }
}
