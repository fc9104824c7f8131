/// The kinds of record in an inventory file and the fields each may carry.
enum InventoryRecordKind: String, CaseIterable, Sendable {
    case network, infrastructure, reseller, customer, service, assignment

    /// The JSON section holding records of this kind.
    var section: String {
        switch self {
        case .network: "networks"
        case .infrastructure: "infrastructure"
        case .reseller: "resellers"
        case .customer: "customers"
        case .service: "services"
        case .assignment: "assignments"
        }
    }

    var requiredFields: [String] {
        switch self {
        case .network: ["prefix"]
        case .infrastructure: ["prefix", "role"]
        case .reseller: ["id", "name"]
        case .customer: ["id", "name"]
        case .service: ["id", "customer", "label"]
        case .assignment: ["prefix", "service"]
        }
    }

    var optionalFields: [String] {
        let contacts = ContactRole.allCases.map(\.rawValue)
        switch self {
        case .network: return ["label"]
        case .infrastructure: return ["label"]
        case .reseller: return ["language", "created"] + contacts
        case .customer: return ["reseller", "language", "created", "flags"] + contacts
        case .service: return ["kind", "status", "references"]
        case .assignment: return ["from", "until"]
        }
    }

    var allowedFields: Set<String> { Set(requiredFields + optionalFields) }
}
