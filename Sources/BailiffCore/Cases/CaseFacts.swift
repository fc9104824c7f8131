/// Everything the decision engine may know about a case: a plain value, so that a decision
/// can be computed, tested and explained without a database.
public struct CaseFacts: Sendable, Hashable {
    public var category: AbuseCategory
    public var status: CaseStatus
    /// The rung the case stands on; nil before the first decision.
    public var rung: Int?
    /// A rung the engine wanted to enter but held for staff confirmation (not trusted enough).
    public var pendingRung: Int?
    /// When the current rung's deadline passes.
    public var deadline: Int64?
    /// The time of the case's first event: it picks the policy version in force.
    public var firstEventAt: Int64
    /// The distinct sources of the case's events.
    public var sources: [EvidenceSource]
    /// Confirmed violations of this category by the customer within the category's window.
    public var priorViolations: Int
    /// For complaints that must be compliant (intellectual property): the verdict, and what is missing.
    public var complaintCompliant: Bool?
    public var complaintMissing: [String]
    /// Staff confirmed the pending rung.
    public var staffConfirmed: Bool
    /// For spam: how each reported mail's recipient classifies; nil when a report did not say.
    public var spamRecipients: [SpamRecipient]?
    /// Where the customer's opt-in records stand (for categories that ask for them).
    public var optInEvidence: OptInEvidence

    /// The customer's answer to a request for opt-in records.
    public enum OptInEvidence: String, Sendable, Hashable {
        /// Nothing given.
        case none
        /// Documents given, not yet judged by staff.
        case submitted
        /// Staff found that they show the recipients' consent.
        case accepted
        /// Staff found that they do not.
        case rejected
    }

    public init(
        category: AbuseCategory, status: CaseStatus = .open, rung: Int? = nil, pendingRung: Int? = nil, deadline: Int64? = nil,
        firstEventAt: Int64, sources: [EvidenceSource], priorViolations: Int = 0, complaintCompliant: Bool? = nil,
        complaintMissing: [String] = [], staffConfirmed: Bool = false, spamRecipients: [SpamRecipient]? = nil,
        optInEvidence: OptInEvidence = .none
    ) {
        self.category = category; self.status = status; self.rung = rung; self.pendingRung = pendingRung; self.deadline = deadline
        self.firstEventAt = firstEventAt; self.sources = sources; self.priorViolations = priorViolations
        self.complaintCompliant = complaintCompliant; self.complaintMissing = complaintMissing; self.staffConfirmed = staffConfirmed
        self.spamRecipients = spamRecipients; self.optInEvidence = optInEvidence
    }
}
