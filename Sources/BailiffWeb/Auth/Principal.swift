/// Who is asking: a member of staff, a customer, a reseller, or nobody signed in.
public enum Principal: Sendable, Hashable {
    case staff(name: String, role: StaffRole)
    case customer(id: String)
    case reseller(id: String)

    /// How the principal appears on timelines and in the audit log.
    public var actor: String {
        switch self {
        case .staff(let name, _): "staff:\(name)"
        case .customer(let id): "customer:\(id)"
        case .reseller(let id): "reseller:\(id)"
        }
    }

    public var kind: Kind {
        switch self {
        case .staff: .staff
        case .customer: .customer
        case .reseller: .reseller
        }
    }

    public enum Kind: String, Sendable, Hashable, CaseIterable { case staff, customer, reseller }
}
