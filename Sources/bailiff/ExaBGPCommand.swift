import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging

struct ExaBGP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exabgp",
        abstract: "Run as ExaBGP's process: announce and withdraw the blackhole routes Bailiff decided.",
        discussion: """
            In exabgp.conf:  process bailiff { run /usr/bin/bailiff exabgp --data-dir /var/lib/bailiff; encoder text; }
            ExaBGP must acknowledge commands (api.ack, on by default). Commands go to standard output,
            logs to standard error. On start every wanted route is announced again.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Seconds between looks at the wanted routes.", valueName: "seconds"))
    var interval: Double = 1

    func run() async throws {
        let configuration = try common.loadConfiguration()
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "bailiff.exabgp")
        let store = try await common.openStore(configuration, quiet: true)
        let (lines, continuation) = AsyncStream<String>.makeStream()
        let reader = Thread {
            while let line = readLine() { continuation.yield(line.trimmingCharacters(in: .whitespaces)) }
            continuation.finish()
        }
        reader.start()
        let feed = ExaBGPFeed(store: store, send: { command in
            FileHandle.standardOutput.write(Data((command + "\n").utf8))
        }, acknowledgements: lines, logger: logger)
        logger.info("feeding ExaBGP", metadata: ["store": "\(store.configuration)"])
        await feed.run(every: .milliseconds(Int(interval * 1000)))
        await store.shutdown()
    }
}
