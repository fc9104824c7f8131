/// What the pages show of a case; filled from the store by the server.
public struct CaseSummary: Sendable, Hashable {
    public var id: Int64
    public var category: String
    public var status: String
    public var serviceID: String
    public var customerID: String
    public var resellerID: String?
    public var rung: Int?
    public var deadline: Int64?
    public var openedAt: Int64
    public var updatedAt: Int64
    public var assignee: String?
    public var clause: String
    public var policyVersion: String

    public init(id: Int64, category: String, status: String, serviceID: String, customerID: String, resellerID: String?, rung: Int?, deadline: Int64?,
                openedAt: Int64, updatedAt: Int64, assignee: String?, clause: String, policyVersion: String) {
        self.id = id; self.category = category; self.status = status; self.serviceID = serviceID; self.customerID = customerID
        self.resellerID = resellerID; self.rung = rung; self.deadline = deadline; self.openedAt = openedAt; self.updatedAt = updatedAt
        self.assignee = assignee; self.clause = clause; self.policyVersion = policyVersion
    }

    public var ownership: CaseAccess.Ownership { .init(customerID: customerID, resellerID: resellerID, category: category) }
}

/// One line of a case's timeline.
public struct TimelineLine: Sendable, Hashable {
    public var at: Int64, kind: String, actor: String, text: String
    public init(at: Int64, kind: String, actor: String, text: String) { self.at = at; self.kind = kind; self.actor = actor; self.text = text }
}

/// One reported event on a case.
public struct EventLine: Sendable, Hashable {
    public var sha256: String, position: Int, ip: String?, url: String?, category: String, occurredAt: Int64, reporter: String?, trust: String?, excerpt: String?
    public init(sha256: String, position: Int, ip: String?, url: String?, category: String, occurredAt: Int64, reporter: String?, trust: String?, excerpt: String?) {
        self.sha256 = sha256; self.position = position; self.ip = ip; self.url = url; self.category = category; self.occurredAt = occurredAt
        self.reporter = reporter; self.trust = trust; self.excerpt = excerpt
    }
}

/// An action the engine asked the adapters for.
public struct IntentLine: Sendable, Hashable {
    public var action: String, rung: String, status: String, reason: String, at: Int64
    public init(action: String, rung: String, status: String, reason: String, at: Int64) {
        self.action = action; self.rung = rung; self.status = status; self.reason = reason; self.at = at
    }
}

/// A mail sent about the case (a notice) or received on it (a reply, a bounce).
public struct MailLine: Sendable, Hashable {
    public var at: Int64, direction: String, party: String, detail: String
    public init(at: Int64, direction: String, party: String, detail: String) { self.at = at; self.direction = direction; self.party = party; self.detail = detail }
}

/// Everything the staff case page shows.
public struct CaseDossier: Sendable {
    public var summary: CaseSummary
    public var serviceLabel: String?
    public var customerName: String?
    public var resellerName: String?
    public var timeline: [TimelineLine]
    public var events: [EventLine]
    public var intents: [IntentLine]
    public var mails: [MailLine]
    public var minutesLogged: Int
    public var ladder: [String]
    public var hidden: Bool
    /// The customer's other cases, newest first (a few), with how many there are in all.
    public var otherCases: [CaseSummary] = []
    public var otherCaseCount = 0

    public init(summary: CaseSummary, serviceLabel: String?, customerName: String?, resellerName: String?, timeline: [TimelineLine], events: [EventLine],
                intents: [IntentLine], mails: [MailLine], minutesLogged: Int, ladder: [String], hidden: Bool) {
        self.summary = summary; self.serviceLabel = serviceLabel; self.customerName = customerName; self.resellerName = resellerName
        self.timeline = timeline; self.events = events; self.intents = intents; self.mails = mails; self.minutesLogged = minutesLogged
        self.ladder = ladder; self.hidden = hidden
    }
}
