import BailiffCore
import BailiffStore
import Foundation

/// Carries out `blackhole` and `lift-blackhole` by recording the routes Bailiff wants; the
/// ExaBGP feed (`bailiff exabgp`, run by ExaBGP as its process) announces and withdraws them
/// and writes the speaker's confirmation on the case's timeline.
///
/// Only single attacked addresses inside the provider's own networks are accepted, and at most
/// `maximumRoutes` per case: anything wider needs a person.
public struct BlackholeAdapter: EnforcementAdapter {
    public let name = "bgp"
    public let actions: Set<String> = [EnforcementAction.blackhole.rawValue, EnforcementAction.liftBlackhole.rawValue]
    let store: Store
    let nextHopV4: IPAddress
    let nextHopV6: IPAddress
    let communities: [String]
    let maximumRoutes: Int
    let clock: @Sendable () -> Int64

    public init(store: Store, nextHopV4: IPAddress = BlackholeRoute.defaultNextHopV4, nextHopV6: IPAddress = BlackholeRoute.defaultNextHopV6,
                communities: [String] = BlackholeRoute.defaultCommunities, maximumRoutes: Int = 4,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store; self.nextHopV4 = nextHopV4; self.nextHopV6 = nextHopV6; self.communities = communities
        self.maximumRoutes = maximumRoutes; self.clock = clock
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        let repository = BlackholeRepository(store)
        let now = clock()
        do {
            if work.action == EnforcementAction.liftBlackhole.rawValue {
                let prefixes = try await repository.requestWithdrawal(caseID: work.caseID, now: now)
                return .done(prefixes.isEmpty ? "no route of this case was announced" : "withdrawal of \(prefixes.joined(separator: ", ")) handed to the BGP feed")
            }
            let addresses = try await repository.addresses(caseID: work.caseID)
            guard !addresses.isEmpty else { return .failed("the case names no address to blackhole") }
            guard addresses.count <= maximumRoutes else {
                return .failed("the case names \(addresses.count) addresses (more than \(maximumRoutes)); a person must decide what to null-route")
            }
            let networks = try await repository.providerNetworks()
            var routes: [BlackholeRoute] = []
            for address in addresses {
                do {
                    routes.append(try BlackholeRoute(address: address, within: networks, nextHop: address.family == .v4 ? nextHopV4 : nextHopV6, communities: communities))
                } catch {
                    return .failed(error.description)
                }
            }
            for route in routes { try await repository.requestAnnouncement(route, caseID: work.caseID, now: now) }
            return .done("handed to the BGP feed: " + routes.map(\.announceCommand).joined(separator: "; "))
        } catch {
            return .retry("could not record the route: \(error)")
        }
    }
}
