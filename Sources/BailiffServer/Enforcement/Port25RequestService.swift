import BailiffCore
import BailiffNet
import BailiffStore
import Foundation

/// Takes requests to open outbound port 25 for one address — from a customer or reseller in the
/// portal, a panel through the API, or staff — gathers what the rules judge (account age,
/// standing, the service, reverse DNS), decides (``Port25RequestDecision``) and files the request;
/// an approval opens the port at once (the firewall loads the ruleset within seconds).
public struct Port25RequestService: Sendable {
    let store: Store
    let rules: Port25RequestRules
    /// The resolver asked for reverse DNS; nil: not looked up.
    let resolver: DNSClient.Server?
    let timeout: Duration

    public init(store: Store, rules: Port25RequestRules, resolver: DNSClient.Server?, timeout: Duration = .seconds(2)) {
        self.store = store; self.rules = rules; self.resolver = resolver; self.timeout = timeout
    }

    /// Who asks.
    public enum Requester: Sendable, Hashable {
        case customer(String)
        case reseller(String)
        /// Staff, or a panel acting for the provider; `actor` as the audit log shows it.
        case staff(actor: String)

        var actor: String {
            switch self {
            case .customer(let id): "customer:\(id)"
            case .reseller(let id): "reseller:\(id)"
            case .staff(let actor): actor
            }
        }

        var isStaff: Bool { if case .staff = self { true } else { false } }
    }

    /// Why a request was not taken (nothing was filed).
    public struct Rejection: Error, CustomStringConvertible, Sendable {
        public var description: String
        /// The address is not the requester's (answered as "not found": others' addresses are not confirmed).
        public var notTheirs = false
    }

    /// Files a request for `address`; returns it with the decision. An address already open, or
    /// with a request waiting for review, gets that answer instead of a second request.
    public func submit(address: IPAddress, purpose: String, by requester: Requester, now: Int64) async throws -> Port25Repository.Request {
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard purpose.split(whereSeparator: { $0.isWhitespace }).count >= 3 else {
            throw Rejection(description: "say in a few words what the server sends and to whom (its mail setup): port 25 opens for a stated purpose")
        }
        let snapshot = try await InventoryRepository(store).loadSnapshot(covering: address)
        guard case .service(let held) = AttributionTable(snapshot).attribute(address, at: now) else {
            throw Rejection(description: "\(address) is not held by a service now", notTheirs: !requester.isStaff)
        }
        switch requester {
        case .customer(let id) where held.customer.id != id, .reseller(let id) where held.reseller?.id != id:
            throw Rejection(description: "\(address) is not one of your addresses", notTheirs: true)
        default: break
        }
        let repository = Port25Repository(store)
        if try await repository.isOpen(address) { throw Rejection(description: "port 25 is open for \(address) already") }
        if let waiting = try await repository.requests(status: .pendingReview, customerID: held.customer.id).first(where: { $0.address == address }) {
            throw Rejection(description: "request \(waiting.id) for \(address) is waiting for the abuse team already")
        }
        let reverse = await reverseDNS(address)
        let facts = Port25RequestFacts(
            address: address, purpose: purpose, accountCreatedAt: snapshot.customers.first { $0.id == held.customer.id }?.createdAt,
            serviceStatus: held.service.status,
            confirmedMailCases: try await repository.confirmedMailCases(customerID: held.customer.id, since: now - Int64(rules.standingDays) * 86_400),
            reverseDNS: reverse, now: now)
        let decision = Port25RequestDecision.decide(facts, rules: rules)
        let reverseText: String?
        switch reverse {
        case .name(let name): reverseText = name
        case .missing: reverseText = "(none)"
        case .unknown: reverseText = nil
        }
        let id: Int64
        do {
            id = try await repository.file(address: address, serviceID: held.service.id, customerID: held.customer.id, resellerID: held.reseller?.id,
                                           requestedBy: requester.actor, purpose: purpose, decision: decision, reverseDNS: reverseText, now: now)
        } catch let refusal as Port25Repository.Refusal {
            throw Rejection(description: refusal.description)
        }
        return try await repository.request(id: id)!
    }

    /// The PTR name of `address`, asked of the configured resolver.
    func reverseDNS(_ address: IPAddress) async -> ReverseDNS {
        guard let resolver else { return .unknown("no resolver is configured for reverse DNS") }
        let name = DNSBLLookup.queryName(address, zone: address.family == .v4 ? "in-addr.arpa" : "ip6.arpa")
        var options = DNSClient.Options()
        options.timeout = timeout
        options.retries = 1
        let client: DNSClient
        do { client = try await DNSClient.connect(to: resolver, options: options) } catch { return .unknown("no socket for the lookup: \(error)") }
        let answer: DNSResponse
        do { answer = try await client.query(name, type: .ptr) } catch {
            await client.close()
            return .unknown("the lookup failed: \(error)")
        }
        await client.close()
        switch answer.responseCode {
        case .nameError?: return .missing
        case .noError?:
            for record in answer.answers { if case .ptr(let target) = record.data { return .name(target) } }
            return .missing
        default: return .unknown("the resolver answered \(answer.code)")
        }
    }
}

extension Port25RequestService {
    /// The service as the configuration describes it (`port25.*`; reverse DNS through
    /// `port25.reverse_dns_server`, else `dnsbl.server`, else the system's resolver; `off`: none).
    public static func configured(_ configuration: BailiffConfiguration, store: Store) -> Port25RequestService {
        let setting = configuration.port25.reverseDNSServer
        let resolver = setting == "off" ? nil : DNSClient.Server(parsing: setting) ?? configuration.blocklistServer
        return Port25RequestService(store: store, rules: configuration.port25.requests, resolver: resolver)
    }
}
