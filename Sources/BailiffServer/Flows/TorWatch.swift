import AsyncHTTPClient
import BailiffCore
import BailiffNet
import BailiffStore
import Foundation
import Logging

/// Reads the Tor directory (exit lists, consensuses, microdescriptors) on a schedule and reports
/// the provider's addresses that exit as `tor-exit` events. Relays and bridges that do not exit
/// are allowed by the AUP and are never reported.
public struct TorWatch: Sendable {
    let sources: [String]
    let store: Store
    let reporter: any SensorReporter
    let logger: Logger
    /// An address already reported is reported again only after this long (seconds): the case
    /// collects it once, and a daily event keeps the evidence fresh.
    let repeatAfter: Int64

    public init(sources: [String], store: Store, reporter: any SensorReporter, repeatAfter: Int64 = 86_400, logger: Logger) {
        self.sources = sources; self.store = store; self.reporter = reporter; self.repeatAfter = repeatAfter; self.logger = logger
    }

    /// Reads every source into one directory; a source that cannot be read is logged and skipped.
    public static func read(_ sources: [String], logger: Logger) async -> TorDirectory {
        var directory = TorDirectory()
        for source in sources {
            do {
                let text: String
                if source.hasPrefix("http://") || source.hasPrefix("https://") {
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: source), timeout: .seconds(60))
                    guard response.status == .ok else { throw StoreError("\(source) answered \(response.status.code)") }
                    text = String(buffer: try await response.body.collect(upTo: 64 << 20))
                } else {
                    text = try String(contentsOfFile: source, encoding: .utf8)
                }
                if directory.read(text, name: source) == nil { logger.warning("not a Tor exit list, consensus or microdescriptor file", metadata: ["source": "\(source)"]) }
            } catch {
                logger.warning("could not read a Tor directory source", metadata: ["source": "\(source)", "error": "\(error)"])
            }
        }
        return directory
    }

    /// The exits inside the provider's networks, as a sensor report (nil when there are none new).
    public static func report(_ exits: [TorExit], space: ProviderSpace, now: Int64, skip: (String) -> Bool = { _ in false }) -> SensorReport? {
        let ours = exits.filter { IPAddress($0.address).map(space.contains) ?? false }.filter { !skip($0.address) }
        guard !ours.isEmpty else { return nil }
        return SensorReport(sensor: "tor", generatedAt: now, events: ours.map { exit in
            SensorReport.Event(ip: exit.address, category: AbuseCategory.torExit.rawValue, occurredAt: exit.seenAt ?? now, detector: exit.source,
                               summary: "\(exit.address) is a Tor exit: \(exit.reason)",
                               evidence: [exit.relay.map { "relay \($0)" + (exit.nickname.map { " (\($0))" } ?? "") }].compactMap { $0 })
        })
    }

    public func run(every interval: Duration) async {
        var reported: [String: Int64] = [:]
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970)
            do {
                let directory = await Self.read(sources, logger: logger)
                let space = ProviderSpace(try await BlackholeRepository(store).providerNetworks())
                if let report = Self.report(directory.exits(), space: space, now: now, skip: { reported[$0].map { now - $0 < repeatAfter } ?? false }) {
                    try await reporter.deliver(report)
                    for event in report.events { reported[event.ip] = now }
                    logger.notice("Tor exits on the provider's addresses", metadata: ["addresses": "\(report.events.map(\.ip).joined(separator: " "))"])
                }
            } catch {
                logger.warning("the Tor watch failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
