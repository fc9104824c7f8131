import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging

struct Reparse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse stored messages again (after a parser improved): the quarantined ones, all, or one by its SHA-256.",
        discussion: "The raw bytes are never changed; each message's earlier events are replaced by the new result."
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Every stored message, not only the quarantined ones.")
    var all = false

    @Argument(help: ArgumentHelp("SHA-256 of one message (as bailiff ingest prints it).", valueName: "sha256"))
    var sha256: String?

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let store = try await common.openStore(configuration)
        do {
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot())
            let processor = ReportProcessor(store: store, table: { table }, resolver: configuration.hostResolver, logger: Logger(label: "bailiff.reparse"))
            if let sha256 {
                let analysis = try await processor.process(sha256: sha256)
                print(analysis.summary(file: sha256))
            } else {
                let marked = try await ReportRepository(store).markForReparse(status: all ? nil : "quarantined")
                var done = 0
                while true {
                    let processed = try await processor.processPending()
                    if processed == 0 { break }
                    done += processed
                }
                let reports = ReportRepository(store)
                print("re-parsed \(done) message(s) (\(marked) marked); now \(try await reports.count(status: "parsed")) parsed, "
                      + "\(try await reports.count(status: "quarantined")) quarantined, \(try await reports.count(status: "not-a-report")) not a report")
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
