import BailiffCore

/// What one blocklist sweep changes in the listing history, decided from the listings still open
/// and this sweep's answers.
///
/// Only a `clean` answer ends a listing: an `unknown` answer (timeout, SERVFAIL, a list whose
/// test points failed) says nothing, so the listing stays open and nothing new is concluded. A
/// listing this sweep did not ask about (another address set, a list since disabled) is left
/// as it is.
public struct DNSBLSweepPlan: Sendable {
    /// A listing the history holds as open.
    public struct OpenListing: Sendable, Hashable {
        public var id: Int64
        public var address: IPAddress
        public var list: String

        public init(id: Int64, address: IPAddress, list: String) { self.id = id; self.address = address; self.list = list }
    }

    /// A `listed` answer of this sweep.
    public struct Observation: Sendable, Hashable {
        public var address: IPAddress
        public var list: String
        public var zone: String
        public var verdict: DNSBLVerdict

        public init(address: IPAddress, list: String, zone: String, verdict: DNSBLVerdict) {
            self.address = address; self.list = list; self.zone = zone; self.verdict = verdict
        }

        /// `127.0.0.2 (abuse: SBL), 127.0.0.4 (abuse: XBL)`.
        public var codesText: String {
            verdict.codes.map { "\($0.code) (\($0.codeClass.rawValue): \($0.meaning))" }.joined(separator: ", ")
        }
    }

    /// An open listing answered `listed` again (codes and reason may have changed).
    public struct Continued: Sendable, Hashable {
        public var id: Int64
        public var observation: Observation
    }

    /// Listed now and not open before: a new listing.
    public var appeared: [Observation] = []
    /// Open and listed again.
    public var continued: [Continued] = []
    /// Open and answered `clean`: delisted.
    public var delisted: [OpenListing] = []
    /// Open and answered `unknown`: nothing is concluded.
    public var undecided: [OpenListing] = []

    /// One answer of the sweep: address, list, zone, verdict.
    public typealias Answer = (address: IPAddress, list: String, zone: String, verdict: DNSBLVerdict)

    public init(open: [OpenListing], answers: [Answer]) {
        var openByKey: [String: OpenListing] = [:]
        for listing in open { openByKey["\(listing.address)|\(listing.list)"] = listing }
        for answer in answers {
            let key = "\(answer.address)|\(answer.list)"
            switch (answer.verdict.state, openByKey[key]) {
            case (.listed, nil):
                appeared.append(Observation(address: answer.address, list: answer.list, zone: answer.zone, verdict: answer.verdict))
            case (.listed, let listing?):
                continued.append(Continued(id: listing.id, observation: Observation(address: answer.address, list: answer.list, zone: answer.zone, verdict: answer.verdict)))
            case (.clean, let listing?):
                delisted.append(listing)
            case (.unknown, let listing?):
                undecided.append(listing)
            case (.clean, nil), (.unknown, nil):
                break
            }
        }
    }
}

/// What a new listing means for the provider, by the class of its codes and who holds the address.
///
/// - An **abuse** listing of an address a customer's service holds is a violation of that
///   customer: a `blocklisted` event for the service, which opens a delisting case under the policy.
/// - An abuse listing of the provider's own infrastructure (a relay, a resolver) or of an address
///   nobody holds, and every **neighbourhood** listing (the range or network is listed, not the
///   address), go to a provider case: staff attribute it to a customer from evidence before any
///   notice or fee.
/// - A **policy** listing (Spamhaus PBL: "should not send mail directly") is information only.
public enum DNSBLListingRoute: Sendable, Hashable {
    case customer(serviceID: String, customerID: String, resellerID: String?)
    /// `key` groups listings into one provider case: the address, or the list and range.
    case provider(key: String, why: String)
    case information(String)

    public static func route(_ observation: DNSBLSweepPlan.Observation, attribution: Attribution) -> DNSBLListingRoute {
        switch observation.verdict.strongestClass {
        case .abuse?:
            switch attribution {
            case .service(let held):
                return .customer(serviceID: held.service.id, customerID: held.customer.id, resellerID: held.reseller?.id)
            case .providerInfrastructure(let entry):
                return .provider(key: observation.address.description,
                                 why: "the provider's own \(entry.role.rawValue) \(entry.label) is listed on \(observation.list)")
            case .unassigned(let network):
                return .provider(key: observation.address.description,
                                 why: "\(observation.address) in \(network.prefix) is held by nobody now; find who sent from it")
            case .notOurs:
                return .information("\(observation.address) is outside the provider's space")
            }
        case .neighbourhood?:
            if case .notOurs = attribution { return .information("\(observation.address) is outside the provider's space") }
            let range = Self.range(of: observation.address)
            return .provider(key: "\(observation.list) \(range)",
                             why: "\(observation.list) lists the range \(range) or the network around \(observation.address), not the address alone")
        case .policy?:
            return .information("a policy listing on \(observation.list) (\(observation.codesText)): not a violation")
        case .error?, nil:
            return .information("no listing code")
        }
    }

    /// The range a neighbourhood listing is grouped by: the IPv4 /24 or the IPv6 /64.
    public static func range(of address: IPAddress) -> IPPrefix {
        IPPrefix(address, length: address.family == .v4 ? 24 : 64)
    }
}

extension DNSBLSweepPlan {
    /// The sensor report for the customers' new abuse listings: each a `blocklisted` event with
    /// the list, the codes, the TXT reason and the delisting page as evidence. Nil when none.
    public static func sensorReport(_ listings: [(Observation, delistURL: String)], now: Int64) -> SensorReport? {
        guard !listings.isEmpty else { return nil }
        return SensorReport(sensor: "dnsbl", generatedAt: now, events: listings.map { observation, delistURL in
            SensorReport.Event(
                ip: observation.address.description, category: AbuseCategory.blocklisted.rawValue, occurredAt: now,
                detector: observation.list,
                summary: "\(observation.address) is listed on \(observation.list) (\(observation.zone)): \(observation.codesText)",
                evidence: [observation.verdict.text.map { "TXT: \($0)" }, delistURL.isEmpty ? nil : "delisting: \(delistURL)"].compactMap { $0 })
        })
    }
}
