/// How an inventory file relates to time.
public enum InventoryImportMode: String, Sendable, CaseIterable {
    /// Records carry their validity (`from`, optional `until`): the file states history as it was.
    case history
    /// The file is the inventory now: assignments missing from it end at the import instant and
    /// new ones begin then. Assignment rows carry no dates.
    case snapshot
}

/// The end of a stored assignment: the one of `prefix` that began at `from` now ends at `until`.
public struct AssignmentClosing: Sendable, Hashable {
    public var prefix: IPPrefix
    public var from: Int64
    public var until: Int64
}

/// What an import will change, computed before anything is written so that a bad file changes
/// nothing and a repeated file changes nothing either.
public struct InventoryImportPlan: Sendable, Hashable {
    public var resellers: [Reseller] = []
    public var customers: [Customer] = []
    public var services: [Service] = []
    public var networks: [ProviderNetwork] = []
    public var infrastructure: [InfrastructureEntry] = []
    /// Assignments to add.
    public var openings: [Assignment] = []
    /// Stored assignments that end.
    public var closings: [AssignmentClosing] = []
    /// Records of the file that matched the store exactly.
    public var unchanged = 0

    public var isEmpty: Bool {
        resellers.isEmpty && customers.isEmpty && services.isEmpty && networks.isEmpty && infrastructure.isEmpty
            && openings.isEmpty && closings.isEmpty
    }

    /// One line for people: what the import did.
    public var summary: String {
        "\(resellers.count) reseller(s), \(customers.count) customer(s), \(services.count) service(s), "
            + "\(networks.count) network(s), \(infrastructure.count) infrastructure entr(ies) added or changed; "
            + "\(openings.count) assignment(s) opened, \(closings.count) closed; \(unchanged) record(s) unchanged"
    }
}
