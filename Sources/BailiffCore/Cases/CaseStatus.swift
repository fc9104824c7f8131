/// Where a case stands. A case is one (service, category) matter: reports about it collect on
/// it while it is open.
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, nothing decided yet.
    case open
    /// A rung would take the service away but the evidence is not trusted enough: staff must confirm.
    case awaitingConfirmation = "awaiting-confirmation"
    /// Told; no deadline runs.
    case notified
    /// Told, and a deadline runs for the customer to resolve it.
    case awaitingCustomer = "awaiting-customer"
    /// The service is suspended.
    case suspended
    /// The customer stated what was fixed; staff may unsuspend and resolve.
    case remediated
    case resolved
    case terminated
    /// Not acted on: a non-compliant complaint, or not ours.
    case ignored
    /// Opened again after being resolved, because the abuse came back.
    case reopened

    /// Whether no further decision will be taken (until reopened).
    public var isClosed: Bool { self == .resolved || self == .terminated || self == .ignored }
}

/// One distinct source of evidence on a case, with how far it is trusted.
public struct EvidenceSource: Sendable, Hashable {
    public var reporter: String
    public var trust: TrustLevel
    public init(reporter: String, trust: TrustLevel) { self.reporter = reporter; self.trust = trust }
}
