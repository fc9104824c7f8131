/// The whole inventory at one revision: what the store loads and the attribution table is built from.
public struct InventorySnapshot: Sendable, Hashable {
    /// Increases with every change to the inventory; a table built at revision N is stale once the
    /// store's revision is greater.
    public var revision: Int64
    public var resellers: [Reseller]
    public var customers: [Customer]
    public var services: [Service]
    public var assignments: [Assignment]
    public var networks: [ProviderNetwork]
    public var infrastructure: [InfrastructureEntry]

    public init(
        revision: Int64 = 0, resellers: [Reseller] = [], customers: [Customer] = [], services: [Service] = [],
        assignments: [Assignment] = [], networks: [ProviderNetwork] = [], infrastructure: [InfrastructureEntry] = []
    ) {
        self.revision = revision; self.resellers = resellers; self.customers = customers; self.services = services
        self.assignments = assignments; self.networks = networks; self.infrastructure = infrastructure
    }
}
