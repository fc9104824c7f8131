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
        let settings = configuration.dnsbl
        let server = settings.server.isEmpty ? DNSClient.Server.system() : DNSClient.Server(parsing: settings.server) ?? .system()
        var options = DNSClient.Options()
        options.timeout = .milliseconds(settings.timeoutMilliseconds)
        options.retries = settings.retries
        return DNSBLSweeper(store: store, lists: lists, server: server, options: options, window: settings.window, maximumAddresses: settings.maximumAddresses,
                            table: table, policies: policies, reporter: StoreSensorReporter(store: store), registry: registry, logger: logger)
    }
}
