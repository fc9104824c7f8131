/// The roles a notice can be addressed to.
public enum ContactRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Where abuse notices go first.
    case abuse
    case technical
    case billing
}

/// E-mail addresses by role, for notices.
public struct Contacts: Hashable, Sendable, Codable {
    public var addresses: [ContactRole: [String]]

    public init(_ addresses: [ContactRole: [String]] = [:]) {
        self.addresses = addresses.filter { !$0.value.isEmpty }
    }

    public subscript(role: ContactRole) -> [String] { addresses[role] ?? [] }

    public var isEmpty: Bool { addresses.isEmpty }

    /// The addresses of the first role in `order` that has any: who to write to when a matter
    /// belongs to one role first (abuse notices, contract changes).
    public func preferred(_ order: [ContactRole]) -> [String] {
        order.lazy.map { self[$0] }.first { !$0.isEmpty } ?? []
    }
}

/// Marks on a customer account that change how policy treats it.
public enum CustomerFlag: String, Sendable, Hashable, Codable, CaseIterable {
    /// The customer declared that it sends bulk mail (and so must keep opt-in records).
    case bulkMailer = "bulk-mailer"
    /// Staff asked that enforcement on this account never happen without a human.
    case manualEnforcementOnly = "manual-enforcement-only"
}

/// A company that resells the provider's services and is liable for its customers (AUP, "Resellers").
public struct Reseller: Hashable, Sendable, Codable, Identifiable {
    /// The provider's identifier for the reseller (e.g. the billing system's client id).
    public var id: String
    public var name: String
    /// Preferred language of notices, a BCP 47 tag such as `en` or `et`.
    public var language: String
    /// When the account was opened, seconds since the epoch.
    public var createdAt: Int64?
    public var contacts: Contacts

    public init(id: String, name: String, language: String = "en", createdAt: Int64? = nil, contacts: Contacts = .init()) {
        self.id = id; self.name = name; self.language = language; self.createdAt = createdAt; self.contacts = contacts
    }
}

/// A customer of the provider, directly or through a reseller.
public struct Customer: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// The reseller the customer buys through, if any.
    public var resellerID: String?
    public var name: String
    public var language: String
    public var createdAt: Int64?
    public var flags: Set<CustomerFlag>
    public var contacts: Contacts

    public init(
        id: String, resellerID: String? = nil, name: String, language: String = "en", createdAt: Int64? = nil,
        flags: Set<CustomerFlag> = [], contacts: Contacts = .init()
    ) {
        self.id = id; self.resellerID = resellerID; self.name = name; self.language = language
        self.createdAt = createdAt; self.flags = flags; self.contacts = contacts
    }
}

/// What kind of machine a service is.
public enum ServiceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case vps
    case dedicated
    case colocation
    case other
}

/// The lifecycle state of a service as the provider's panel knows it.
public enum ServiceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active
    case suspended
    case terminated
}

/// A machine a customer rents.
public struct Service: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var customerID: String
    public var label: String
    public var kind: ServiceKind
    public var status: ServiceStatus
    /// Identifiers of the same service in other systems, e.g. `whmcs.service_id = 4711`,
    /// `proxmox.node = pve3`, `proxmox.vmid = 131`; enforcement adapters look them up by name.
    public var references: [String: String]

    public init(
        id: String, customerID: String, label: String, kind: ServiceKind = .vps, status: ServiceStatus = .active,
        references: [String: String] = [:]
    ) {
        self.id = id; self.customerID = customerID; self.label = label; self.kind = kind
        self.status = status; self.references = references
    }
}

/// A prefix held by a service during an interval.
///
/// No two assignments of the same prefix overlap in time; nested prefixes may (a /32 inside a
/// /24 of another service is normal), and the most specific one valid at an instant wins.
public struct Assignment: Hashable, Sendable, Codable {
    public var prefix: IPPrefix
    public var serviceID: String
    public var validity: Validity

    public init(prefix: IPPrefix, serviceID: String, validity: Validity) {
        self.prefix = prefix; self.serviceID = serviceID; self.validity = validity
    }
}

/// Address space the provider announces: an address outside all of these is "not ours".
public struct ProviderNetwork: Hashable, Sendable, Codable {
    public var prefix: IPPrefix
    public var label: String

    public init(prefix: IPPrefix, label: String) { self.prefix = prefix; self.label = label }
}

/// What a piece of the provider's own infrastructure does.
public enum InfrastructureRole: String, Sendable, Hashable, Codable, CaseIterable {
    case mailRelay = "mail-relay"
    case resolver
    case router
    case nameServer = "name-server"
    case management
    case other
}

/// An address or prefix used by the provider itself; reports about it concern the provider.
public struct InfrastructureEntry: Hashable, Sendable, Codable {
    public var prefix: IPPrefix
    public var role: InfrastructureRole
    public var label: String

    public init(prefix: IPPrefix, role: InfrastructureRole, label: String) {
        self.prefix = prefix; self.role = role; self.label = label
    }
}

extension IPPrefix: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try IPPrefix(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
