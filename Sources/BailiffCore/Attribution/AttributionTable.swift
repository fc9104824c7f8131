/// The in-memory attribution table: longest-prefix match over the assignments valid at an instant.
///
/// Built once from an inventory snapshot and then read-only, so it can be shared between
/// threads freely; a newer inventory makes a new table (see `AttributionService` in the server).
/// It keeps only what answering needs — ids, names, labels, statuses and validity — so that a
/// million prefixes stay within a small memory budget; full records (contacts, references) come
/// from the store.
public struct AttributionTable: Sendable {
    /// The inventory revision the table was built from.
    public let revision: Int64

    private let v4: PrefixIntervalIndex<UInt32>
    private let v6: PrefixIntervalIndex<UInt128>
    private let services: [ServiceAttribution.ServiceSummary]
    private let customerOfService: [Int32]
    private let customers: [ServiceAttribution.CustomerSummary]
    private let resellerOfCustomer: [Int32]
    private let resellers: [ServiceAttribution.ResellerSummary]
    private let infrastructure: [InfrastructureEntry]
    private let networks: [ProviderNetwork]

    /// Payloads encode what an entry stands for in their two top bits.
    private enum PayloadKind: Int32 { case service = 0, infrastructure = 1, network = 2 }
    private static func payload(_ kind: PayloadKind, _ index: Int) -> Int32 { kind.rawValue << 29 | Int32(index) }

    /// An attribution without the records materialised: cheap to make, for bulk work
    /// (flow records, feeds) that only needs to group by holder.
    public struct Match: Sendable, Hashable {
        fileprivate let family: IPFamily
        fileprivate let entry: Int32
        /// Index of the service in the table, or -1 when the match is not a service.
        public let serviceIndex: Int32
        public let isOurs: Bool
    }

    /// Builds the table; the snapshot is assumed valid (the import checks it), but records that
    /// reference nothing are skipped rather than trusted.
    public init(_ inventory: InventorySnapshot) {
        revision = inventory.revision
        var resellerIndex: [String: Int32] = [:]
        var resellers: [ServiceAttribution.ResellerSummary] = []
        for reseller in inventory.resellers {
            resellerIndex[reseller.id] = Int32(resellers.count)
            resellers.append(.init(id: reseller.id, name: reseller.name))
        }
        var customerIndex: [String: Int32] = [:]
        var customers: [ServiceAttribution.CustomerSummary] = [], resellerOfCustomer: [Int32] = []
        for customer in inventory.customers {
            customerIndex[customer.id] = Int32(customers.count)
            customers.append(.init(id: customer.id, name: customer.name))
            resellerOfCustomer.append(customer.resellerID.flatMap { resellerIndex[$0] } ?? -1)
        }
        var serviceIndex: [String: Int] = [:]
        var services: [ServiceAttribution.ServiceSummary] = [], customerOfService: [Int32] = []
        for service in inventory.services {
            guard let customer = customerIndex[service.customerID] else { continue }
            serviceIndex[service.id] = services.count
            services.append(.init(id: service.id, label: service.label, kind: service.kind, status: service.status))
            customerOfService.append(customer)
        }

        var v4Items: [PrefixIntervalIndex<UInt32>.Item] = []
        var v6Items: [PrefixIntervalIndex<UInt128>.Item] = []
        v4Items.reserveCapacity(inventory.assignments.count)
        func add(_ prefix: IPPrefix, _ validity: Validity, _ payload: Int32, rank: UInt8 = 0) {
            switch prefix.family {
            case .v4: v4Items.append(.init(network: UInt32(truncatingIfNeeded: prefix.bits), length: prefix.length, validity: validity, payload: payload, rank: rank))
            case .v6: v6Items.append(.init(network: prefix.bits, length: prefix.length, validity: validity, payload: payload, rank: rank))
            }
        }
        for assignment in inventory.assignments {
            guard let service = serviceIndex[assignment.serviceID] else { continue }
            add(assignment.prefix, assignment.validity, Self.payload(.service, service))
        }
        let always = Validity(from: .min)
        for (index, entry) in inventory.infrastructure.enumerated() { add(entry.prefix, always, Self.payload(.infrastructure, index)) }
        for (index, network) in inventory.networks.enumerated() { add(network.prefix, always, Self.payload(.network, index), rank: 1) }

        self.v4 = PrefixIntervalIndex(items: v4Items)
        self.v6 = PrefixIntervalIndex(items: v6Items)
        self.services = services; self.customerOfService = customerOfService
        self.customers = customers; self.resellerOfCustomer = resellerOfCustomer
        self.resellers = resellers
        self.infrastructure = inventory.infrastructure
        self.networks = inventory.networks
    }

    /// The fast path: which entry matches `address` at `instant` (seconds since the epoch).
    @inline(__always)
    public func match(_ address: IPAddress, at instant: Int64) -> Match? {
        let entry: Int?
        switch address {
        case .v4(let v4Address): entry = v4.match(v4Address.value, at: instant)
        case .v6(let v6Address): entry = v6.match(v6Address.value, at: instant)
        }
        guard let entry else { return nil }
        let payload = address.family == .v4 ? v4.payload(ofEntry: entry) : v6.payload(ofEntry: entry)
        let kind = payload >> 29
        return Match(
            family: address.family, entry: Int32(entry),
            serviceIndex: kind == PayloadKind.service.rawValue ? payload & 0x1FFF_FFFF : -1, isOurs: true
        )
    }

    /// Who held `address` at `instant` (seconds since the epoch).
    public func attribute(_ address: IPAddress, at instant: Int64) -> Attribution {
        guard let match = match(address, at: instant) else { return .notOurs }
        return resolve(match)
    }

    /// Turns a ``Match`` into the full answer.
    public func resolve(_ match: Match) -> Attribution {
        let entry = Int(match.entry)
        let payload: Int32, validity: Validity, prefix: IPPrefix
        switch match.family {
        case .v4:
            payload = v4.payload(ofEntry: entry); validity = v4.validity(ofEntry: entry)
            let (network, length) = v4.prefix(ofEntry: entry)
            prefix = IPPrefix(.v4(IPv4Address(network)), length: length)
        case .v6:
            payload = v6.payload(ofEntry: entry); validity = v6.validity(ofEntry: entry)
            let (network, length) = v6.prefix(ofEntry: entry)
            prefix = IPPrefix(.v6(IPv6Address(network)), length: length)
        }
        let index = Int(payload & 0x1FFF_FFFF)
        switch PayloadKind(rawValue: payload >> 29)! {
        case .infrastructure:
            return .providerInfrastructure(infrastructure[index])
        case .network:
            return .unassigned(networks[index])
        case .service:
            let service = services[index]
            let customerIndex = Int(customerOfService[index])
            let resellerIndex = Int(resellerOfCustomer[customerIndex])
            return .service(ServiceAttribution(
                service: service,
                customer: customers[customerIndex],
                reseller: resellerIndex >= 0 ? resellers[resellerIndex] : nil,
                assignment: Assignment(prefix: prefix, serviceID: service.id, validity: validity)
            ))
        }
    }

    /// Sizes, for `/metrics` and the benchmark.
    public var statistics: Statistics {
        Statistics(
            prefixes: v4.nodeCount + v6.nodeCount, entries: v4.entryCount + v6.entryCount,
            ranges: v4.rangeCount + v6.rangeCount, indexBytes: v4.approximateBytes + v6.approximateBytes
        )
    }

    public struct Statistics: Sendable, Hashable {
        /// Distinct prefixes (assignment, infrastructure and network prefixes together).
        public var prefixes: Int
        /// Prefix-and-interval entries.
        public var entries: Int
        /// Elementary address ranges.
        public var ranges: Int
        /// Bytes of the two indexes' arrays (not the holder names).
        public var indexBytes: Int
    }
}
