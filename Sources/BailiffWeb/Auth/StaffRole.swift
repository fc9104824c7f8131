/// What a member of staff may do on the desk.
public enum StaffRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Everything, including the policy and staff accounts.
    case admin
    /// Works cases: notes, time, confirm, escalate, resolve, override, triage.
    case agent
    /// Reads everything staff can read; changes nothing.
    case readOnly = "read-only"

    public var mayWorkCases: Bool { self != .readOnly }
    public var mayAdminister: Bool { self == .admin }
}
