/// A record of an inventory file with the line it came from.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var line: Int
    public var value: Value

    public init(line: Int, _ value: Value) {
        self.line = line
        self.value = value
    }
}

/// An assignment as a file states it: dates are optional because a snapshot import has none.
public struct AssignmentRow: Sendable, Hashable {
    public var prefix: IPPrefix
    public var serviceID: String
    public var from: Int64?
    public var until: Int64?

    public init(prefix: IPPrefix, serviceID: String, from: Int64? = nil, until: Int64? = nil) {
        self.prefix = prefix; self.serviceID = serviceID; self.from = from; self.until = until
    }
}

/// The records of one inventory file, read but not yet checked against each other or the store.
public struct InventoryDocument: Sendable, Hashable {
    public var networks: [Located<ProviderNetwork>] = []
    public var infrastructure: [Located<InfrastructureEntry>] = []
    public var resellers: [Located<Reseller>] = []
    public var customers: [Located<Customer>] = []
    public var services: [Located<Service>] = []
    public var assignments: [Located<AssignmentRow>] = []

    public init() {}

    public var recordCount: Int {
        networks.count + infrastructure.count + resellers.count + customers.count + services.count + assignments.count
    }
}
