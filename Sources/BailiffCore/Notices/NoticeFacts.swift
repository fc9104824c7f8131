/// Everything a notice states about a case: the statement of reasons a customer is owed.
public struct NoticeFacts: Sendable, Hashable {
    /// One reported event as the customer sees it.
    public struct Event: Sendable, Hashable {
        public var occurredAt: Int64
        public var ip: IPAddress?
        public var port: Int?
        public var url: String?
        public var excerpt: String?
        /// What the copy of a reported mail showed (spam), one finding each.
        public var findings: [String]
        public init(occurredAt: Int64, ip: IPAddress?, port: Int? = nil, url: String? = nil, excerpt: String? = nil, findings: [String] = []) {
            self.occurredAt = occurredAt; self.ip = ip; self.port = port; self.url = url; self.excerpt = excerpt; self.findings = findings
        }
    }

    public var caseID: Int64
    public var caseToken: String
    public var caseAddress: String
    public var category: AbuseCategory
    public var clause: String
    public var clauseTitle: String
    public var policyVersion: String
    public var rungID: String
    public var actions: [EnforcementAction]
    public var deadline: Int64?
    /// What the next rung does when the deadline passes unanswered; nil when nothing follows.
    public var nextActions: [EnforcementAction]?
    public var serviceID: String
    public var serviceLabel: String
    public var customerName: String
    public var customerLanguage: String
    public var resellerName: String?
    public var events: [Event]
    /// Whether the notice asks for the complaining recipients' opt-in records (the policy's
    /// `requests_opt_in_evidence`, on a rung with a deadline).
    public var asksForOptInRecords = false

    public init(caseID: Int64, caseToken: String, caseAddress: String, category: AbuseCategory, clause: String, clauseTitle: String,
                policyVersion: String, rungID: String, actions: [EnforcementAction], deadline: Int64?, nextActions: [EnforcementAction]?,
                serviceID: String, serviceLabel: String, customerName: String, customerLanguage: String, resellerName: String?, events: [Event]) {
        self.caseID = caseID; self.caseToken = caseToken; self.caseAddress = caseAddress; self.category = category; self.clause = clause
        self.clauseTitle = clauseTitle; self.policyVersion = policyVersion; self.rungID = rungID; self.actions = actions
        self.deadline = deadline; self.nextActions = nextActions; self.serviceID = serviceID; self.serviceLabel = serviceLabel
        self.customerName = customerName; self.customerLanguage = customerLanguage; self.resellerName = resellerName; self.events = events
    }
}
