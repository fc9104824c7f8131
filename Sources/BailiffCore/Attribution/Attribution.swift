/// The answer to "who held this address at that time?".
public enum Attribution: Sendable, Hashable {
    /// A customer's service held the address.
    case service(ServiceAttribution)
    /// The address belongs to the provider's own infrastructure: the provider itself is responsible.
    case providerInfrastructure(InfrastructureEntry)
    /// The address is in the provider's space but nobody held it at that time.
    case unassigned(ProviderNetwork)
    /// The address is outside the provider's space.
    case notOurs

    /// A short name of the kind of answer, stable for JSON output.
    public var kind: String {
        switch self {
        case .service: "service"
        case .providerInfrastructure: "provider-infrastructure"
        case .unassigned: "unassigned"
        case .notOurs: "not-ours"
        }
    }
}

/// The holder of an address at an instant: service, customer, reseller and the assignment.
public struct ServiceAttribution: Sendable, Hashable {
    public struct ServiceSummary: Sendable, Hashable {
        public var id: String
        public var label: String
        public var kind: ServiceKind
        public var status: ServiceStatus
    }
    public struct CustomerSummary: Sendable, Hashable {
        public var id: String
        public var name: String
    }
    public struct ResellerSummary: Sendable, Hashable {
        public var id: String
        public var name: String
    }

    public var service: ServiceSummary
    public var customer: CustomerSummary
    public var reseller: ResellerSummary?
    /// The assignment that matched: its prefix and validity.
    public var assignment: Assignment
}
