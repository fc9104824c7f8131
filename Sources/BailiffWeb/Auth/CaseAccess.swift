/// Who may see and change a case. One set of rules for the pages, the portals and the API, so
/// that no route decides for itself.
///
/// Customers see their own cases, resellers the cases of their own customers — never a case
/// of a category the policy keeps out of the portals (child abuse: the customer is not told
/// before the police and staff have acted). A case someone may not see does not exist for
/// them: the routes answer 404, not 403, so that existence itself does not leak.
public struct CaseAccess: Sendable {
    /// The parties of a case, as the rules need them.
    public struct Ownership: Sendable, Hashable {
        public var customerID: String
        public var resellerID: String?
        public var category: String

        public init(customerID: String, resellerID: String?, category: String) {
            self.customerID = customerID; self.resellerID = resellerID; self.category = category
        }
    }

    /// Categories customers and resellers never see (from the policy in force).
    public let hiddenCategories: Set<String>

    public init(hiddenCategories: Set<String>) { self.hiddenCategories = hiddenCategories }

    public func maySee(_ ownership: Ownership, _ principal: Principal) -> Bool {
        switch principal {
        case .staff: true
        case .customer(let id): ownership.customerID == id && !hiddenCategories.contains(ownership.category)
        case .reseller(let id): ownership.resellerID == id && !hiddenCategories.contains(ownership.category)
        }
    }

    /// Staff actions (confirm, escalate, resolve, override, notes, time).
    public func mayWork(_ ownership: Ownership, _ principal: Principal) -> Bool {
        if case .staff(_, let role) = principal { return role.mayWorkCases }
        return false
    }

    /// A customer answers their own case; a reseller may answer for its customer.
    public func mayAnswer(_ ownership: Ownership, _ principal: Principal) -> Bool {
        switch principal {
        case .staff: false
        case .customer, .reseller: maySee(ownership, principal)
        }
    }
}
