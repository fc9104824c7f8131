/// The outcome of verifying an audit log with ``AuditVerifier``.
public enum AuditVerification: Sendable, Equatable {
    /// Every entry hashes correctly, links to the one before, and matches every anchor.
    /// `head` is the last entry (nil for an empty log); anchor it to protect what was verified.
    case intact(count: Int64, head: AuditEntry?)
    /// The first problem found, in sequence order.
    case broken(AuditBreak)

    /// Whether the log verified.
    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    /// The break, if the log did not verify.
    public var breakFound: AuditBreak? {
        if case .broken(let found) = self { return found }
        return nil
    }
}
