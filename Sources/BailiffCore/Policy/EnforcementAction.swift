/// What a rung of a response ladder does. Each becomes an action intent that the enforcement
/// adapters carry out (notices by e-mail, the panel, the router, the firewall, billing).
public enum EnforcementAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Tell the customer (and its reseller, who is liable for it) what was reported and what follows.
    case notify
    /// Close outbound port 25 for the service's addresses.
    case closePort25 = "close-port-25"
    /// Stop the service in a way the customer cannot undo.
    case suspend
    /// Resume a suspended service.
    case unsuspend
    /// End the service for good.
    case terminate
    /// Null-route an attacked address (RFC 7999 BLACKHOLE).
    case blackhole
    /// Withdraw the null route.
    case liftBlackhole = "lift-blackhole"
    /// Keep the evidence out of reach of retention and of everyone but named staff.
    case sealEvidence = "seal-evidence"
    /// Open a police-notification record that staff must complete.
    case notifyPolice = "notify-police"
    /// Answer the reporter (e.g. a non-compliant intellectual-property complaint: what is missing).
    case answerReporter = "answer-reporter"
    /// Ask staff to confirm before anything more happens.
    case requestStaffReview = "request-staff-review"
    /// Record the delisting charge from the case's time log.
    case bill
    /// Close the case.
    case close

    /// Actions that take a service away; automatic only on trusted evidence.
    public var isDisruptive: Bool { self == .suspend || self == .terminate }
}

/// How far Bailiff believes a source: anyone can write to abuse@, and a competitor can lie.
public enum TrustLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: TrustLevel, rhs: TrustLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How serious a category is, for ordering work queues.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case low, medium, high, critical
}
