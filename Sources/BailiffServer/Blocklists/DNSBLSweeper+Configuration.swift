import BailiffCore
import BailiffStore
import Foundation
import Logging
import Prometheus

extension DNSBLSweeper {
    /// The sweeper the configuration describes (`dnsbl.*`), reporting into this store; nil when
    /// no list is configured.
    public static func configured(_ configuration: BailiffConfiguration, store: Store, table: @escaping @Sendable () async throws -> AttributionTable,
                                  policies: @escaping @Sendable () async throws -> PolicyHistory, registry: PrometheusCollectorRegistry?,
                                  logger: Logger) throws -> DNSBLSweeper? {
        let lists = try configuration.blocklists()
        guard !lists.isEmpty else { return nil }
        return DNSBLSweeper(store: store, lists: lists, server: configuration.blocklistServer, options: configuration.blocklistQueryOptions,
                            window: configuration.dnsbl.window, maximumAddresses: configuration.dnsbl.maximumAddresses,
                            table: table, policies: policies, reporter: StoreSensorReporter(store: store), registry: registry, logger: logger)
    }
}
