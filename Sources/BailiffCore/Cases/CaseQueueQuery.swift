/// What the staff queue shows: a filter over cases and a page of the urgency order.
///
/// Urgency: the nearest deadline first (overdue ones at the top), cases without a deadline
/// after them, oldest first. Read from the query string of `/desk` and `/api/v1/cases`, so a
/// filtered queue is a link staff can share.
public struct CaseQueueQuery: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable { case open, closed, all }
    public enum Due: String, Sendable, Hashable, CaseIterable {
        /// The deadline has passed.
        case overdue
        /// The deadline falls within the next 24 hours (or has passed).
        case day
    }

    public var state: State = .open
    public var status: CaseStatus?
    public var category: AbuseCategory?
    /// A staff name; the empty string means "nobody".
    public var assignee: String?
    public var resellerID: String?
    public var customerID: String?
    public var serviceID: String?
    /// Only cases opened at least this many days ago.
    public var olderThanDays: Int?
    public var due: Due?
    public var page = 1
    public var pageSize = 50

    public init() {}

    public static let maximumPageSize = 200
    /// Counting matching cases stops here: "more than 1,000" is all a page needs to say, and
    /// counting 80,000 open cases on every view cost more than the page itself.
    public static let countLimit = 1_000

    /// Reads the query from URL parameters; unknown values are reported, not guessed at.
    public static func parse(_ parameters: [String: String]) -> (CaseQueueQuery, problems: [String]) {
        var query = CaseQueueQuery()
        var problems: [String] = []
        func value(_ name: String) -> String? {
            guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        if let text = value("state") {
            if let state = State(rawValue: text) { query.state = state } else { problems.append("state must be one of \(State.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let text = value("status") {
            if let status = CaseStatus(rawValue: text) { query.status = status; query.state = .all } else { problems.append("unknown status '\(text)'") }
        }
        if let text = value("category") {
            if let category = AbuseCategory(rawValue: text) { query.category = category } else { problems.append("unknown category '\(text)'") }
        }
        if let text = parameters["assignee"] { query.assignee = text == "-" ? "" : (text.isEmpty ? nil : String(text.prefix(100))) }
        query.resellerID = value("reseller").map { String($0.prefix(200)) }
        query.customerID = value("customer").map { String($0.prefix(200)) }
        query.serviceID = value("service").map { String($0.prefix(200)) }
        if let text = value("older_than_days") {
            if let days = Int(text), (0...36_500).contains(days) { query.olderThanDays = days } else { problems.append("older_than_days must be a number of days") }
        }
        if let text = value("due") {
            if let due = Due(rawValue: text) { query.due = due } else { problems.append("due must be overdue or day") }
        }
        if let text = value("page") {
            if let page = Int(text), page >= 1, page <= 1_000_000 { query.page = page } else { problems.append("page must be a positive number") }
        }
        if let text = value("per_page") {
            if let size = Int(text), (1...maximumPageSize).contains(size) { query.pageSize = size } else { problems.append("per_page must be 1–\(maximumPageSize)") }
        }
        return (query, problems)
    }

    /// The parameters that give this query back (for links to other pages of it).
    public func parameters(page: Int? = nil) -> [(String, String)] {
        var items: [(String, String)] = []
        if status == nil, state != .open { items.append(("state", state.rawValue)) }
        if let status { items.append(("status", status.rawValue)) }
        if let category { items.append(("category", category.rawValue)) }
        if let assignee { items.append(("assignee", assignee.isEmpty ? "-" : assignee)) }
        if let resellerID { items.append(("reseller", resellerID)) }
        if let customerID { items.append(("customer", customerID)) }
        if let serviceID { items.append(("service", serviceID)) }
        if let olderThanDays { items.append(("older_than_days", String(olderThanDays))) }
        if let due { items.append(("due", due.rawValue)) }
        if pageSize != 50 { items.append(("per_page", String(pageSize))) }
        let page = page ?? self.page
        if page != 1 { items.append(("page", String(page))) }
        return items
    }

    public var offset: Int { (page - 1) * pageSize }
}
