import BailiffCore
import BailiffNet
import BailiffStore
import Foundation
import Logging
import Prometheus

/// Sweeps the provider's addresses against the configured blocklists, on a schedule or on demand,
/// and acts on what changed (``DNSBLSweepPlan``, ``DNSBLListingRoute``):
/// - a new abuse listing of a customer's address becomes a `blocklisted` event of that service
///   (a sensor report in the evidence store), and the policy opens the delisting case: notice,
///   deadline, port 25 closed;
/// - a listing of the provider's own relay, of an address nobody holds, or of a range opens a
///   provider case for staff to attribute;
/// - a policy listing is recorded as information;
/// - a listing gone from the list is marked delisted and noted on its case.
///
/// IPv4: every address of the provider's networks. IPv6 (a /64 cannot be swept): the assigned
/// single addresses, the infrastructure's, and the addresses reports and flows named lately.
public struct DNSBLSweeper: Sendable {
    let store: Store
    let lists: [DNSBLList]
    let server: DNSClient.Server
    let options: DNSClient.Options
    let window: Int
    let maximumAddresses: Int
    let table: @Sendable () async throws -> AttributionTable
    let policies: @Sendable () async throws -> PolicyHistory
    let reporter: any SensorReporter
    let metrics: Metrics?
    let logger: Logger

    public init(store: Store, lists: [DNSBLList], server: DNSClient.Server, options: DNSClient.Options, window: Int, maximumAddresses: Int,
                table: @escaping @Sendable () async throws -> AttributionTable, policies: @escaping @Sendable () async throws -> PolicyHistory,
                reporter: any SensorReporter, registry: PrometheusCollectorRegistry?, logger: Logger) {
        self.store = store; self.lists = lists; self.server = server; self.options = options; self.window = window
        self.maximumAddresses = maximumAddresses; self.table = table; self.policies = policies; self.reporter = reporter
        self.metrics = registry.map { Metrics($0, lists: lists) }; self.logger = logger
    }

    /// What a sweep found and did.
    public struct Outcome: Sendable {
        public var sweepID: Int64
        public var addresses: Int
        public var queries: Int
        public var listed: Int
        public var unknown: Int
        public var appeared: [DNSBLSweepPlan.Observation]
        public var customerListings: Int
        public var providerCases: [Int64]
        public var delisted: Int
        /// Lists not used this sweep, and why (test points failed, daily budget spent).
        public var unusable: [String: String]
        public var duration: Duration
    }

    /// Sweeps `only` these addresses (a check on demand), or the provider's whole space.
    public func sweep(only: [IPAddress]? = nil, trigger: String, now: Int64) async throws -> Outcome {
        let targets: [IPAddress]
        if let only { targets = only } else { targets = try await Self.targets(store, maximum: maximumAddresses, now: now, logger: logger) }
        // Each list's daily budget (free-use limits): today's queries are read from the sweeps
        // recorded today, whichever process made them, so restarts and command-line sweeps count.
        let repository = BlocklistRepository(store)
        let spentToday = try await repository.queriesByList(since: now - now % 86_400)
        var usable: [DNSBLList] = []
        var unusable: [String: String] = [:]
        for list in lists {
            let planned = targets.filter(list.covers).count + 4
            let spent = spentToday[list.name] ?? 0
            if list.dailyBudget > 0, spent + planned > list.dailyBudget {
                unusable[list.name] = "the sweep needs \(planned) queries and \(max(0, list.dailyBudget - spent)) of the list's \(list.dailyBudget) a day are left"
            } else {
                usable.append(list)
            }
        }
        let started = ContinuousClock.now
        let client = try await DNSClient.connect(to: server, options: options)
        let (results, canaries) = await DNSBLChecker(client: client, window: window).check(targets, lists: usable)
        await client.close()
        let duration = ContinuousClock.now - started
        for canary in canaries where !canary.usable { unusable[canary.list] = canary.problems.joined(separator: "; ") }

        let open = try await repository.openListings().map { DNSBLSweepPlan.OpenListing(id: $0.id, address: $0.address, list: $0.list) }
        let plan = DNSBLSweepPlan(open: open, answers: results.map { ($0.address, $0.list, $0.zone, $0.verdict) })
        let attribution = try await table()
        let delistURLs = Dictionary(uniqueKeysWithValues: lists.map { ($0.name, $0.delistURL) })
        var appeared: [(BlocklistRepository.Sighting, BlocklistRepository.Route)] = []
        var customerListings: [(DNSBLSweepPlan.Observation, delistURL: String)] = []
        for observation in plan.appeared {
            let route: BlocklistRepository.Route
            switch DNSBLListingRoute.route(observation, attribution: attribution.attribute(observation.address, at: now)) {
            case .customer(let serviceID, let customerID, _):
                route = .customer(serviceID: serviceID, customerID: customerID)
                customerListings.append((observation, delistURLs[observation.list] ?? ""))
            case .provider(let key, let why): route = .provider(key: key, why: why)
            case .information(let note): route = .information(note)
            }
            appeared.append((Self.sighting(observation, delistURL: delistURLs[observation.list] ?? ""), route))
        }
        // The customers' events go in first: if they cannot be stored, the sweep is not recorded
        // and the next one finds the listings new again.
        if let report = DNSBLSweepPlan.sensorReport(customerListings, now: now) { try await reporter.deliver(report) }
        let policy = try await policies().inForce(at: now)
        let counts = Dictionary(grouping: results, by: \.verdict.state).mapValues(\.count)
        // Queries each list was sent: one per address, the test points, a TXT per listing.
        var queriesByList: [String: Int] = [:]
        for result in results where unusable[result.list] == nil {
            queriesByList[result.list, default: 0] += result.verdict.state == .listed ? 2 : 1
        }
        for list in usable { queriesByList[list.name, default: 0] += (list.ipv4 ? 2 : 0) + (list.ipv6 ? 2 : 0) }
        let milliseconds = Int64((duration.inSeconds * 1_000).rounded(.down))
        let recorded = try await repository.record(
            BlocklistRepository.Sweep(startedAt: now, durationMilliseconds: milliseconds, trigger: trigger, addresses: targets.count, queries: results.count,
                                      listed: counts[.listed] ?? 0, unknown: counts[.unknown] ?? 0,
                                      unusableLists: unusable.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }, queriesByList: queriesByList),
            appeared: appeared,
            seenAgain: plan.continued.map { ($0.id, Self.sighting($0.observation, delistURL: delistURLs[$0.observation.list] ?? "")) },
            delisted: plan.delisted.map(\.id), policyVersion: policy?.version ?? "?",
            clause: policy?.rules[.blocklisted]?.clause ?? "blocklisting", now: now)
        if let metrics {
            metrics.duration.set(duration.inSeconds)
            metrics.unknownRate.set(results.isEmpty ? 0 : Double(counts[.unknown] ?? 0) / Double(results.count))
            let open = try await repository.openCountsByList()
            for (name, gauge) in metrics.listed { gauge.set(Double(open[name] ?? 0)) }
        }
        return Outcome(sweepID: recorded.sweepID, addresses: targets.count, queries: results.count, listed: counts[.listed] ?? 0,
                       unknown: counts[.unknown] ?? 0, appeared: plan.appeared, customerListings: customerListings.count,
                       providerCases: recorded.providerCases, delisted: recorded.delisted, unusable: unusable, duration: duration)
    }

    static func sighting(_ observation: DNSBLSweepPlan.Observation, delistURL: String) -> BlocklistRepository.Sighting {
        BlocklistRepository.Sighting(address: observation.address, list: observation.list, zone: observation.zone, codes: observation.codesText,
                                     codeClass: observation.verdict.strongestClass?.rawValue ?? "abuse", reason: observation.verdict.text,
                                     delistURL: delistURL)
    }

    /// The addresses a full sweep asks about, IPv4 first, at most `maximum` (the rest are
    /// skipped with a warning: raise `dnsbl.max_addresses` or narrow the networks).
    public static func targets(_ store: Store, maximum: Int, now: Int64, logger: Logger) async throws -> [IPAddress] {
        let snapshot = try await InventoryRepository(store).loadSnapshot()
        var seen = Set<IPAddress>()
        var targets: [IPAddress] = []
        func add(_ address: IPAddress) { if seen.insert(address).inserted { targets.append(address) } }
        let networks = snapshot.networks.map(\.prefix)
        for prefix in networks where prefix.family == .v4 {
            let network = UInt32(truncatingIfNeeded: prefix.bits)
            let count = UInt64(1) << UInt64(32 - prefix.length)
            for offset in 0..<min(count, UInt64(maximum + 1)) { add(.v4(IPv4Address(network &+ UInt32(offset)))) }
        }
        // Single addresses outside the networks, and every IPv6 one.
        for prefix in snapshot.assignments.map(\.prefix) + snapshot.infrastructure.map(\.prefix) where prefix.length == prefix.family.bitWidth {
            add(prefix.network)
        }
        let space = ProviderSpace(networks)
        for address in try await BlocklistRepository(store).recentIPv6Addresses(since: now - 30 * 86_400) where space.contains(address) { add(address) }
        if targets.count > maximum {
            logger.warning("the provider's space has more addresses than a sweep asks about; the rest are skipped",
                           metadata: ["addresses": "\(targets.count)+", "dnsbl.max_addresses": "\(maximum)"])
            targets.removeLast(targets.count - maximum)
        }
        return targets
    }

    /// Sweeps every `interval` until cancelled; a failed sweep is logged and tried at the next.
    public func run(every interval: Duration) async {
        // The listed-addresses gauges show what the database holds from the start (sweeps run
        // by the command line included), not only after this process's first sweep.
        if let metrics, let open = try? await BlocklistRepository(store).openCountsByList() {
            for (name, gauge) in metrics.listed { gauge.set(Double(open[name] ?? 0)) }
        }
        while !Task.isCancelled {
            do {
                let outcome = try await sweep(trigger: "schedule", now: Int64(Date().timeIntervalSince1970))
                logger.info("blocklist sweep", metadata: [
                    "addresses": "\(outcome.addresses)", "queries": "\(outcome.queries)", "listed": "\(outcome.listed)", "unknown": "\(outcome.unknown)",
                    "new": "\(outcome.appeared.count)", "delisted": "\(outcome.delisted)", "seconds": "\(outcome.duration)",
                ])
                for (list, why) in outcome.unusable { logger.warning("a blocklist was not used in this sweep", metadata: ["list": "\(list)", "why": "\(why)"]) }
            } catch {
                logger.error("the blocklist sweep failed; trying again at the next", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    struct Metrics: Sendable {
        let listed: [String: Gauge]
        let duration: Gauge
        let unknownRate: Gauge

        init(_ registry: PrometheusCollectorRegistry, lists: [DNSBLList]) {
            let listedName = MetricNameDescriptor(namespace: "bailiff", subsystem: "dnsbl", metricName: "listed", unitName: "addresses",
                                                  helpText: "Provider addresses listed on the blocklist now")
            listed = Dictionary(uniqueKeysWithValues: lists.map { ($0.name, registry.makeGauge(descriptor: listedName, labels: [("list", $0.name)])) })
            duration = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "bailiff", subsystem: "dnsbl", metricName: "sweep", unitName: "seconds",
                                                                           helpText: "How long the last blocklist sweep took"))
            unknownRate = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "bailiff", subsystem: "dnsbl", metricName: "unknown", unitName: "ratio",
                                                                              helpText: "Share of the last sweep's answers that were unknown (timeouts, errors, unusable lists)"))
        }
    }
}
