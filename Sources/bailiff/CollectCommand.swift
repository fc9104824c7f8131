import ArgumentParser
import BailiffCore
import BailiffNet
import BailiffServer
import BailiffStore
import Foundation
import Logging
import NIOCore

struct Collect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the flow collector alone (at a remote site): NetFlow v5/v9, IPFIX and sFlow in, detections out to a server's API.",
        discussion: """
            Listens on flows.listen (or --listen), reads what the allowed exporters (flows.exporters) send, runs the detectors over the \
            provider's networks (--networks, or the inventory when a database is configured) and ships what they find to \
            --server with the sensor token (flows.sensor_token). Without --server, detections are printed as sensor-report JSON. \
            With --idle-exit, it stops once no datagram came for that many seconds and prints its figures (replays, benchmarks).
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("UDP host:port to listen on (repeatable); default flows.listen.", valueName: "host:port"))
    var listen: [String] = []

    @Option(help: ArgumentHelp("The provider's networks (repeatable); default: from the inventory database.", valueName: "prefix"))
    var networks: [String] = []

    @Option(help: ArgumentHelp("Server to ship detections to, e.g. https://abuse.example.net; default intake.server_url.", valueName: "url"))
    var server: String?

    @Option(name: .customLong("idle-exit"), help: ArgumentHelp("Stop after this many seconds without a datagram, and print the figures.", valueName: "seconds"))
    var idleExit: Double?

    func run() async throws {
        let configuration = try common.loadConfiguration()
        LoggingSetup.bootstrap(level: configuration.logLevel == "info" ? "notice" : configuration.logLevel)
        let logger = Logger(label: "bailiff.collect")
        let listeners = listen.isEmpty ? configuration.flows.listen : listen
        guard !listeners.isEmpty else { throw ValidationError("nothing to listen on: give --listen host:port or set flows.listen") }
        var prefixes: [IPPrefix] = []
        for text in networks {
            guard let prefix = try? IPPrefix(parsing: text) else { throw ValidationError("--networks \(text) is not a prefix such as 203.0.113.0/24") }
            prefixes.append(prefix)
        }
        var opened: Set<IPAddress> = []
        if prefixes.isEmpty {
            let (space, approved) = try await common.withStore { store, _ in try await FlowService.load(store) }
            prefixes = space.prefixes; opened = approved
        }
        guard !prefixes.isEmpty else { throw ValidationError("no provider networks: give --networks or import an inventory with networks") }
        let pipeline = FlowPipeline(collector: configuration.flows.collector, detectors: configuration.flows.detectors,
                                    space: ProviderSpace(prefixes), port25Opened: opened)
        let target = server ?? (configuration.intakeServerURL.isEmpty ? nil : configuration.intakeServerURL)
        let reporter: any SensorReporter
        if let target {
            guard !configuration.flows.sensorToken.isEmpty else { throw ValidationError("set flows.sensor_token to ship detections to \(target)") }
            reporter = HTTPSensorReporter(serverURL: target, token: configuration.flows.sensorToken)
        } else {
            reporter = PrintingSensorReporter()
        }
        let listener = FlowListener(pipeline: pipeline, logger: logger)
        var channels: [any Channel] = []
        for address in listeners {
            let channel = try await listener.bind(address)
            channels.append(channel)
            logger.notice("collecting flows", metadata: ["listen": "\(address)", "port": "\(channel.localAddress?.port ?? 0)"])
        }
        let service = FlowService(pipeline: pipeline, reporter: reporter, store: nil, site: configuration.flows.site, blackholeProbeMinutes: 0,
                                  registry: nil, logger: logger)
        let started = CPUTime.now()
        if let idleExit {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await service.run(every: .seconds(1)) }
                var last = pipeline.statistics.datagrams, quietSince = ContinuousClock.now
                while true {
                    try await Task.sleep(for: .milliseconds(200))
                    let now = pipeline.statistics.datagrams
                    if now != last { last = now; quietSince = .now } else if last > 0, ContinuousClock.now - quietSince >= .seconds(idleExit) { break }
                }
                group.cancelAll()
            }
            let cpu = CPUTime.now() - started
            let statistics = pipeline.statistics
            let malformed = statistics.malformed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print("datagrams=\(statistics.datagrams) flows=\(statistics.flows) packets=\(statistics.packets) bytes=\(statistics.bytes) "
                  + "lost_flows=\(statistics.lostFlows) lost_datagrams=\(statistics.lostDatagrams) refused=\(statistics.refused) "
                  + "malformed=\(statistics.malformedTotal)\(malformed.isEmpty ? "" : " (\(malformed))") cpu_seconds=\(String(format: "%.3f", cpu)) "
                  + "flows_per_cpu_second=\(cpu > 0 ? Int(Double(statistics.flows) / cpu) : 0)")
        } else {
            await service.run(every: .seconds(1))
        }
        for channel in channels { try? await channel.close() }
    }
}

/// Prints each sensor report as JSON on standard output (a collector with no server).
struct PrintingSensorReporter: SensorReporter {
    func deliver(_ report: SensorReport) async throws {
        FileHandle.standardOutput.write(Data(report.json().utf8))
    }
}

/// The process's CPU time (user + system), seconds.
enum CPUTime {
    static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }
}
