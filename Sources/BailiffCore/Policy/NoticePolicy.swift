/// How the policy wants people told: what notices may show, and how feeds are batched.
public struct NoticePolicy: Sendable, Hashable {
    /// Remove third parties' personal data (e-mail addresses, other customers' addresses) from
    /// evidence excerpts before a customer sees them.
    public var redactPersonalData: Bool
    /// Notices of non-urgent rungs for one customer are gathered and sent together every so
    /// many hours; 0 sends each at once.
    public var digestHours: Int
    /// A notice repeating the same finding (case, rung) within this many hours is not sent again.
    public var suppressHours: Int
    /// Actions that make a rung urgent: its notice goes out at once, never in a digest.
    public var urgentActions: Set<EnforcementAction>

    public init(redactPersonalData: Bool = true, digestHours: Int = 24, suppressHours: Int = 24,
                urgentActions: Set<EnforcementAction> = [.suspend, .terminate, .blackhole, .notifyPolice]) {
        self.redactPersonalData = redactPersonalData; self.digestHours = digestHours; self.suppressHours = suppressHours
        self.urgentActions = urgentActions
    }

    /// Whether a rung's notice goes out at once: it does something urgent.
    public func isUrgent(_ rung: LadderRung) -> Bool { !urgentActions.isDisjoint(with: rung.actions) }
}
