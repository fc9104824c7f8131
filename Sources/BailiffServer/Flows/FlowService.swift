import BailiffCore
import BailiffNet
import BailiffStore
import Foundation
import Logging
import Prometheus

/// Takes what the flow detectors found to the evidence store (or a server), keeps the detectors'
/// view of the provider's networks and opened port-25 addresses current, and probes attack
/// blackholes: withdrawn after a while, announced again when the attack is still there.
public struct FlowService: Sendable {
    let pipeline: FlowPipeline
    let reporter: any SensorReporter
    /// The database when running inside `bailiff serve`; nil for a remote `bailiff collect`.
    let store: Store?
    let site: String
    let blackholeProbeMinutes: Int
    let logger: Logger
    let metrics: Metrics?

    struct Metrics: Sendable {
        let datagrams: Counter, flows: Counter, malformed: Counter, refused: Counter, lost: Counter, detections: Counter

        init(_ registry: PrometheusCollectorRegistry) {
            datagrams = registry.makeCounter(name: "bailiff_flow_datagrams_total", help: "Flow datagrams received")
            flows = registry.makeCounter(name: "bailiff_flow_records_total", help: "Flow records decoded")
            malformed = registry.makeCounter(name: "bailiff_flow_malformed_total", help: "Flow datagrams dropped as malformed")
            refused = registry.makeCounter(name: "bailiff_flow_refused_total", help: "Flow datagrams from exporters not allowed")
            lost = registry.makeCounter(name: "bailiff_flow_lost_total", help: "Flows or datagrams lost, by the exporters' sequence numbers")
            detections = registry.makeCounter(name: "bailiff_flow_detections_total", help: "Detections reported by the flow detectors")
        }
    }

    public init(pipeline: FlowPipeline, reporter: any SensorReporter, store: Store?, site: String, blackholeProbeMinutes: Int,
                registry: PrometheusCollectorRegistry?, logger: Logger) {
        self.pipeline = pipeline; self.reporter = reporter; self.store = store; self.site = site
        self.blackholeProbeMinutes = blackholeProbeMinutes; self.logger = logger; self.metrics = registry.map(Metrics.init)
    }

    /// The provider space and opened port-25 addresses from the database.
    public static func load(_ store: Store) async throws -> (ProviderSpace, Set<IPAddress>) {
        let networks = try await BlackholeRepository(store).providerNetworks()
        let opened = try await Port25Repository(store).approvals().map(\.address)
        return (ProviderSpace(networks), Set(opened))
    }

    /// Runs until cancelled: detections out every `interval`, housekeeping every minute.
    public func run(every interval: Duration = .seconds(1)) async {
        var backlog: [SensorReport] = []
        var lastHousekeeping = ContinuousClock.now - .seconds(3_600)
        var reported = FlowStatistics()
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970 * 1_000)
            let detections = pipeline.drain(now: now)
            backlog = await handle(detections, backlog: backlog, now: now / 1_000)
            reported = updateMetrics(since: reported, detections: detections.count)
            if ContinuousClock.now - lastHousekeeping >= .seconds(60) {
                lastHousekeeping = ContinuousClock.now
                await housekeeping(now: now / 1_000)
            }
            try? await Task.sleep(for: interval)
        }
        // What the open windows hold goes out before the service stops.
        let last = pipeline.finish()
        if !last.isEmpty { _ = await deliver(backlog + [Self.report(last, site: site, now: Int64(Date().timeIntervalSince1970))]) }
    }

    /// Reports detections (after what is still waiting in `backlog`) and announces again the
    /// blackholes of attacks that go on; returns what could not be delivered yet.
    public func handle(_ detections: [FlowDetection], backlog: [SensorReport] = [], now: Int64) async -> [SensorReport] {
        var reports = backlog
        if !detections.isEmpty { reports.append(Self.report(detections, site: site, now: now)) }
        let left = await deliver(reports)
        for detection in detections where detection.category == AbuseCategory.attackTarget.rawValue {
            await reapplyBlackhole(detection, now: now)
        }
        return left
    }

    /// Delivers reports in order; returns those that could not be delivered (kept for the next
    /// round, at most 1,000: beyond that the oldest are dropped and logged).
    func deliver(_ reports: [SensorReport]) async -> [SensorReport] {
        for (index, report) in reports.enumerated() {
            do {
                try await reporter.deliver(report)
                logger.info("sensor report delivered", metadata: ["events": "\(report.events.count)", "sensor": "\(report.sensor)"])
            } catch {
                logger.warning("could not deliver a sensor report; will retry", metadata: ["error": "\(error)"])
                let kept = Array(reports[index...])
                if kept.count > 1_000 { logger.error("dropping the oldest undelivered sensor reports", metadata: ["dropped": "\(kept.count - 1_000)"]) }
                return Array(kept.suffix(1_000))
            }
        }
        return []
    }

    /// Detections as one sensor report.
    public static func report(_ detections: [FlowDetection], site: String, now: Int64) -> SensorReport {
        SensorReport(sensor: "flows", site: site.isEmpty ? nil : site, generatedAt: now, events: detections.map { detection in
            let counters = detection.counters.sorted { $0.key < $1.key }.map { "\($0.key)=\(SensorReport.Event.format($0.value))" }.joined(separator: " ")
            let window = "window \(Timestamp.format(detection.windowStart / 1_000)) to \(Timestamp.format(detection.windowEnd / 1_000))"
            let peers = detection.topPeers.isEmpty ? [] : ["top peers: " + detection.topPeers.map { "\($0.address) (\($0.count))" }.joined(separator: ", ")]
            return SensorReport.Event(
                ip: detection.address, category: detection.category, occurredAt: detection.windowStart / 1_000, detector: detection.detector,
                summary: detection.summary, counters: detection.counters,
                evidence: ["detector \(detection.detector), \(window)", counters] + peers + detection.sampleFlows)
        })
    }

    /// Withdraws the blackholes that are due for a look at their attack; refreshes the detectors'
    /// view of the inventory. The service does this every minute.
    public func housekeeping(now: Int64) async {
        guard let store else { return }
        do {
            let (space, opened) = try await Self.load(store)
            pipeline.update(space: space, port25Opened: opened)
            if blackholeProbeMinutes > 0 {
                let blackholes = BlackholeRepository(store)
                for entry in try await blackholes.dueForProbe(announcedBefore: now - Int64(blackholeProbeMinutes) * 60) {
                    try await blackholes.withdrawForProbe(entry, now: now)
                    logger.notice("blackhole withdrawn to probe the attack", metadata: ["prefix": "\(entry.prefix)", "case": "\(entry.caseID)"])
                }
            }
        } catch {
            logger.warning("flow housekeeping failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    private func reapplyBlackhole(_ detection: FlowDetection, now: Int64) async {
        guard let store, let address = IPAddress(detection.address) else { return }
        do {
            if let caseID = try await BlackholeRepository(store).reapplyIfWithdrawn(address, evidence: detection.summary, now: now) {
                logger.notice("attack still present: blackhole announced again", metadata: ["address": "\(address)", "case": "\(caseID)"])
            }
        } catch {
            logger.warning("could not re-apply a blackhole", metadata: ["address": "\(address)", "error": "\(error)"])
        }
    }

    private func updateMetrics(since before: FlowStatistics, detections: Int) -> FlowStatistics {
        let now = pipeline.statistics
        guard let metrics else { return now }
        metrics.datagrams.increment(by: Int64(now.datagrams - before.datagrams))
        metrics.flows.increment(by: Int64(now.flows - before.flows))
        metrics.malformed.increment(by: Int64(now.malformedTotal - before.malformedTotal))
        metrics.refused.increment(by: Int64(now.refused - before.refused))
        metrics.lost.increment(by: Int64((now.lostFlows + now.lostDatagrams) &- (before.lostFlows + before.lostDatagrams)))
        metrics.detections.increment(by: Int64(detections))
        return now
    }
}
