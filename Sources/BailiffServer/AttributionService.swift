import BailiffCore
import BailiffStore
import Logging
import Prometheus
import Synchronization

/// Keeps the in-memory attribution table current for a running server.
///
/// The table is rebuilt whenever the inventory revision in the store grows — whoever changed
/// it: this process, a `bailiff import` run beside it, or another node on the same PostgreSQL.
/// Lookups read the current table without waiting for a rebuild.
public final class AttributionService: Sendable {
    private let repository: InventoryRepository
    private let table: Mutex<AttributionTable>
    private let logger: Logger
    private let metrics: Metrics

    struct Metrics: Sendable {
        let revision: Gauge
        let prefixes: Gauge
        let rebuilds: Counter
        let rebuildSeconds: Gauge

        init(_ registry: PrometheusCollectorRegistry) {
            revision = registry.makeGauge(name: "bailiff_attribution_revision", help: "Inventory revision the attribution table was built from")
            prefixes = registry.makeGauge(name: "bailiff_attribution_prefixes", help: "Distinct prefixes in the attribution table")
            rebuilds = registry.makeCounter(name: "bailiff_attribution_rebuilds_total", help: "Attribution table rebuilds")
            rebuildSeconds = registry.makeGauge(name: "bailiff_attribution_rebuild_seconds", help: "Duration of the last attribution table rebuild")
        }
    }

    /// Loads the inventory and builds the first table.
    public init(store: Store, registry: PrometheusCollectorRegistry, logger: Logger) async throws {
        repository = InventoryRepository(store)
        self.logger = logger
        metrics = Metrics(registry)
        let started = ContinuousClock.now
        let first = AttributionTable(try await repository.loadSnapshot())
        table = Mutex(first)
        record(first, duration: ContinuousClock.now - started)
    }

    /// The table in use now.
    public var current: AttributionTable { table.withLock { $0 } }

    /// Who held `address` at `instant`, by the current table.
    public func attribute(_ address: IPAddress, at instant: Int64) -> Attribution {
        current.attribute(address, at: instant)
    }

    /// Rebuilds the table if the store's revision moved past it; returns whether it did.
    @discardableResult
    public func refreshIfStale() async throws -> Bool {
        let stored = try await repository.revision()
        guard stored > current.revision else { return false }
        let started = ContinuousClock.now
        let rebuilt = AttributionTable(try await repository.loadSnapshot())
        table.withLock { if rebuilt.revision > $0.revision { $0 = rebuilt } }
        record(rebuilt, duration: ContinuousClock.now - started)
        logger.info("attribution table rebuilt", metadata: ["revision": "\(rebuilt.revision)", "prefixes": "\(rebuilt.statistics.prefixes)"])
        return true
    }

    /// Polls the store until cancelled. A failed poll is logged and retried; it never stops the loop.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await refreshIfStale()
            } catch {
                logger.warning("could not refresh the attribution table; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func record(_ table: AttributionTable, duration: Duration) {
        metrics.revision.set(Double(table.revision))
        metrics.prefixes.set(Double(table.statistics.prefixes))
        metrics.rebuilds.increment()
        metrics.rebuildSeconds.set(duration.inSeconds)
    }
}
