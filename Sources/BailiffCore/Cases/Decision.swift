/// What the engine decided for a case at an instant, and why — every part of it citable.
public struct Decision: Sendable, Hashable {
    /// The actions to carry out, each with its idempotency key suffix (`rung-<id>/<action>`), so
    /// that a repeated decision never repeats an action.
    public var actions: [PlannedAction]
    public var status: CaseStatus
    public var rung: Int?
    public var pendingRung: Int?
    public var deadline: Int64?
    /// The clause of the policy this enforces, and the version that governs the case.
    public var clause: String
    public var policyVersion: String
    /// A sentence for the timeline: what happened and why now, on whose word.
    public var reason: String

    public init(actions: [PlannedAction], status: CaseStatus, rung: Int?, pendingRung: Int?, deadline: Int64?, clause: String, policyVersion: String, reason: String) {
        self.actions = actions; self.status = status; self.rung = rung; self.pendingRung = pendingRung; self.deadline = deadline
        self.clause = clause; self.policyVersion = policyVersion; self.reason = reason
    }
}

/// One action of a decision.
public struct PlannedAction: Sendable, Hashable {
    public var action: EnforcementAction
    /// The rung it belongs to (`notice`, `suspend`, …).
    public var rungID: String
    /// Unique within the case: the same step is never carried out twice.
    public var key: String { "rung-\(rungID)/\(action.rawValue)" }

    public init(action: EnforcementAction, rungID: String) { self.action = action; self.rungID = rungID }
}
