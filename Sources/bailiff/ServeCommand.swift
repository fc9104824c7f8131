import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging
import Prometheus

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server: HTTP (health, metrics), the LMTP listener for the MTA, and the attribution table.")

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("HTTP port (default 8080); env BAILIFF_HTTP_PORT.", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Address to bind (default 127.0.0.1); env BAILIFF_HTTP_HOST.", valueName: "address"))
    var host: String?

    @Flag(help: "On an empty database, load a generated demo inventory first (resellers, customers, thousands of services).")
    var demo = false

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0–65535") }
    }

    func run() async throws {
        var configuration = try common.loadConfiguration()
        if let port { configuration.httpPort = port }
        if let host { configuration.httpHost = host }
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "bailiff")
        let store = try await common.openStore(configuration, quiet: false)
        logger.info("database ready", metadata: ["store": "\(store.configuration)"])
        do {
            if demo { try await loadDemoIfEmpty(store, logger: logger) }
            if try await PolicyCache.publishDefaultIfNone(store, now: Int64(Date().timeIntervalSince1970)) {
                logger.notice("no policy was published; the built-in default policy is now in force (bailiff policy default prints it)")
            }
            let policies = PolicyCache(store: store)
            let registry = PrometheusCollectorRegistry()
            let attribution = try await AttributionService(store: store, registry: registry, logger: logger)
            let context = BailiffApplication.Context(configuration: configuration, store: store, attribution: attribution, registry: registry)
            let app = try await BailiffApplication.make(context)
            if demo { try await printDemoCredentials(store, configuration) }
            logger.info("listening", metadata: ["url": "http://\(configuration.httpHost):\(configuration.httpPort)/"])
            let refreshInterval = Duration.milliseconds(Int(configuration.attributionRefreshSeconds * 1000))
            let lmtp: LMTPServer.Listener? = configuration.lmtpEnabled
                ? try await LMTPServer(
                    host: configuration.lmtpHost, port: configuration.lmtpPort, hostname: ProcessInfo.processInfo.hostName,
                    limits: .init(maximumMessageBytes: configuration.intakeMaximumMessageBytes),
                    sink: EvidenceRepository(store), registry: registry, logger: logger
                ).bind()
                : nil
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await attribution.run(every: refreshInterval) }
                let processor = ReportProcessor(store: store, table: { attribution.current }, resolver: configuration.hostResolver, logger: logger)
                group.addTask { await processor.run(every: .seconds(1)) }
                let cases = CaseService(store: store, policies: { try await policies.history() }, logger: logger)
                group.addTask { await cases.run(every: .seconds(1)) }
                var adapters: [any EnforcementAdapter] = []
                if !configuration.enforcementCommand.isEmpty {
                    adapters.append(CommandAdapter(path: configuration.enforcementCommand, actions: configuration.enforcementCommandActions))
                }
                if !configuration.enforcementWebhookURL.isEmpty {
                    adapters.append(WebhookAdapter(url: configuration.enforcementWebhookURL, secret: configuration.enforcementWebhookSecret,
                                                   actions: configuration.enforcementWebhookActions))
                }
                if !configuration.panels.proxmoxURL.isEmpty {
                    adapters.append(ProxmoxAdapter(baseURL: configuration.panels.proxmoxURL, tokenID: configuration.panels.proxmoxTokenID,
                                                   tokenSecret: configuration.panels.proxmoxTokenSecret, actions: configuration.panels.proxmoxActions))
                }
                if !configuration.panels.whmcsURL.isEmpty {
                    adapters.append(WHMCSAdapter(url: configuration.panels.whmcsURL, identifier: configuration.panels.whmcsIdentifier,
                                                 secret: configuration.panels.whmcsSecret, actions: configuration.panels.whmcsActions))
                }
                if configuration.blackhole.enabled {
                    adapters.append(BlackholeAdapter(store: store, nextHopV4: configuration.blackhole.nextHopV4, nextHopV6: configuration.blackhole.nextHopV6,
                                                     communities: configuration.blackhole.communities))
                }
                if configuration.port25.enabled {
                    let firewall = Port25Firewall(store: store, placement: configuration.port25.placement, table: configuration.port25.table,
                                                  rulesetPath: configuration.port25.rulesetPath(dataDirectory: configuration.dataDirectory),
                                                  applyCommand: configuration.port25.applyCommand, logger: logger)
                    adapters.append(Port25Adapter(firewall: firewall))
                    group.addTask { await firewall.run(every: .seconds(5)) }
                }
                let templates = try MailSetup.templates(directory: configuration.mail.templateDirectory)
                if let relay = MailSetup.relay(configuration.mail, hostname: ProcessInfo.processInfo.hostName) {
                    let identity = MailSetup.identity(configuration.mail, httpBase: "http://\(configuration.httpHost):\(configuration.httpPort)")
                    adapters.append(NoticeMailer(store: store, policies: { try await policies.history() },
                                                 composer: NoticeComposer(templates: templates, identity: identity), client: SMTPClient(relay: relay)))
                    adapters.append(ReporterMailer(store: store, identity: identity, client: SMTPClient(relay: relay)))
                    let amendments = AmendmentMailer(store: store, identity: identity, client: SMTPClient(relay: relay),
                                                     ratePerMinute: configuration.mail.amendmentRatePerMinute, logger: logger)
                    group.addTask { await amendments.run() }
                    logger.info("notices go out through the relay", metadata: ["relay": "\(relay.host):\(relay.port)", "security": "\(relay.security.rawValue)"])
                } else {
                    logger.notice("no mail relay is set (mail.smtp_host): notices are recorded as dry runs")
                }
                if adapters.isEmpty { logger.notice("no enforcement adapter is enabled: every action is recorded as a dry run") }
                let outbox = ActionOutbox(store: store, adapters: adapters, logger: logger)
                group.addTask { await outbox.run(every: .seconds(2)) }
                let retention = RetentionService(store: store, policies: { try await policies.history() }, logger: logger)
                group.addTask { await retention.run(every: .seconds(3_600)) }
                group.addTask { await WebHousekeeping(store: store, logger: logger).run(every: .seconds(3_600)) }
                if configuration.auditAnchorSeconds > 0 {
                    let anchoring = AuditAnchoring(store: store, path: configuration.auditAnchorFile(defaultIn: configuration.dataDirectory), logger: logger)
                    let interval = Duration.milliseconds(Int(configuration.auditAnchorSeconds * 1000))
                    group.addTask { await anchoring.run(every: interval) }
                }
                if let lmtp { group.addTask { try await lmtp.serve() } }
                if !configuration.flows.listen.isEmpty {
                    let (space, opened) = try await FlowService.load(store)
                    let pipeline = FlowPipeline(collector: configuration.flows.collector, detectors: configuration.flows.detectors, space: space, port25Opened: opened)
                    let listener = FlowListener(pipeline: pipeline, logger: logger)
                    for address in configuration.flows.listen {
                        let channel = try await listener.bind(address)
                        logger.info("collecting flows", metadata: ["listen": "\(address)", "port": "\(channel.localAddress?.port ?? 0)"])
                        group.addTask { try await withTaskCancellationHandler { try await channel.closeFuture.get() } onCancel: { channel.close(promise: nil) } }
                    }
                    let flows = FlowService(pipeline: pipeline, reporter: StoreSensorReporter(store: store), store: store, site: configuration.flows.site,
                                            blackholeProbeMinutes: configuration.flows.blackholeProbeMinutes, registry: registry, logger: logger)
                    group.addTask { await flows.run(every: .seconds(1)) }
                }
                if configuration.dnsbl.sweepHours > 0,
                   let sweeper = try DNSBLSweeper.configured(configuration, store: store, table: { attribution.current },
                                                             policies: { try await policies.history() }, registry: registry, logger: logger) {
                    let interval = Duration.seconds(configuration.dnsbl.sweepHours * 3_600)
                    group.addTask { await sweeper.run(every: interval) }
                }
                if !configuration.flows.torSources.isEmpty {
                    let tor = TorWatch(sources: configuration.flows.torSources, store: store, reporter: StoreSensorReporter(store: store), logger: logger)
                    let interval = Duration.seconds(configuration.flows.torIntervalMinutes * 60)
                    group.addTask { await tor.run(every: interval) }
                }
                do {
                    try await app.execute()
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
                try await app.asyncShutdown()
                group.cancelAll()
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// New demo passwords at every start: printed here, stored only as hashes.
    private func printDemoCredentials(_ store: Store, _ configuration: BailiffConfiguration) async throws {
        let credentials = try await DemoDesk.seed(store, baseURL: configuration.webBaseURL, now: Int64(Date().timeIntervalSince1970))
        var text = "\nDemo sign-in (new passwords at every start with --demo) at \(configuration.webBaseURL)/login\n"
        for account in credentials.staff {
            text += "  \(account.name.padding(toLength: 7, withPad: " ", startingAt: 0)) password \(account.password)  role \(account.role.rawValue)  TOTP secret \(account.totpSecret)\n"
        }
        text += "  The authenticator code: `bailiff staff code admin` (or enrol the secret in an authenticator app).\n"
        if let link = credentials.customerLink { text += "  Customer portal (one-time link): \(link)\n" }
        if let link = credentials.resellerLink { text += "  Reseller portal (one-time link): \(link)\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func loadDemoIfEmpty(_ store: Store, logger: Logger) async throws {
        let repository = InventoryRepository(store)
        guard try await repository.revision() == 0 else {
            logger.info("the database already holds an inventory; --demo leaves it as it is")
            return
        }
        let now = Int64(Date().timeIntervalSince1970)
        let (plan, _) = try await repository.importInventory(DemoInventory.generate(now: now), mode: .history, now: now, source: "demo")
        logger.info("demo inventory loaded", metadata: ["summary": "\(plan.summary)"])
    }
}
