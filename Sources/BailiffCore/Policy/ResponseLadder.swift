/// One step of a category's response: what it does, how long the customer has, and what
/// follows when the deadline passes without the case being resolved.
public struct LadderRung: Sendable, Hashable {
    /// Stable name within the ladder (`notice`, `suspend`, …), cited in timelines and intents.
    public var id: String
    public var actions: [EnforcementAction]
    /// Hours the customer has to resolve the case before `onDeadline` applies.
    public var deadlineHours: Int?
    public var onDeadline: DeadlineFollowUp?
    /// The line of the rung in the policy file, for messages.
    public var line: Int

    public init(id: String, actions: [EnforcementAction], deadlineHours: Int? = nil, onDeadline: DeadlineFollowUp? = nil, line: Int = 0) {
        self.id = id; self.actions = actions; self.deadlineHours = deadlineHours; self.onDeadline = onDeadline; self.line = line
    }

    /// Whether nothing can follow this rung (the service is gone or the case is closed).
    public var isTerminal: Bool { actions.contains(.terminate) || actions.contains(.close) }
}

/// What happens when a rung's deadline passes.
public enum DeadlineFollowUp: String, Sendable, Hashable, Codable {
    /// Climb to the next rung.
    case next
    /// Ask staff to decide.
    case staffReview = "staff-review"
    /// Close the case (e.g. an attack that ended).
    case close
}

/// The rules of one category: the clause it enforces and how the response escalates.
public struct CategoryRule: Sendable, Hashable {
    public var category: AbuseCategory
    /// The clause id in the policy text.
    public var clause: String
    public var severity: Severity
    public var ladder: [LadderRung]
    /// Confirmed cases of this category within this many days count as prior violations: a
    /// repeat starts further up the ladder (the n-th violation starts at rung n, capped).
    public var standingWindowDays: Int
    /// Whether a case counts against the customer's and reseller's standing (not for
    /// `attack-target`, where the customer is the victim).
    public var countsTowardStanding: Bool
    /// Whether customers and resellers may see the case (child abuse: never).
    public var visibleInPortals: Bool
    /// Whether notices to customer and reseller may carry the evidence.
    public var noticesCarryEvidence: Bool
    /// Whether a complaint must be compliant (intellectual property) before the customer hears of it.
    public var requiresCompliantComplaint: Bool
    /// Whether the notice asks the customer for the complaining recipients' opt-in records
    /// (mass mailers keep them, the AUP says): records given before a deadline hold the next
    /// rung for staff to judge; none by the deadline and the complaint counts as proof.
    public var requestsOptInEvidence: Bool
    public var line: Int

    public init(
        category: AbuseCategory, clause: String, severity: Severity, ladder: [LadderRung], standingWindowDays: Int = 365,
        countsTowardStanding: Bool = true, visibleInPortals: Bool = true, noticesCarryEvidence: Bool = true,
        requiresCompliantComplaint: Bool = false, requestsOptInEvidence: Bool = false, line: Int = 0
    ) {
        self.category = category; self.clause = clause; self.severity = severity; self.ladder = ladder
        self.standingWindowDays = standingWindowDays; self.countsTowardStanding = countsTowardStanding
        self.visibleInPortals = visibleInPortals; self.noticesCarryEvidence = noticesCarryEvidence
        self.requiresCompliantComplaint = requiresCompliantComplaint; self.requestsOptInEvidence = requestsOptInEvidence; self.line = line
    }

    /// The rung a case starts on given the customer's prior violations of this category.
    public func startingRung(priorViolations: Int) -> Int {
        max(0, min(priorViolations, ladder.count - 1))
    }
}
