import ArgumentParser
import BailiffStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema (serve and import do this too).")

    @OptionGroup var common: CommonOptions

    @Flag(name: .customLong("revert-all"), help: "Undo every migration: drops all of Bailiff's tables and their data.")
    var revertAll = false

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let store = try await common.openStore(configuration, migrate: !revertAll)
        if revertAll { try await store.revertAllMigrations() }
        print(revertAll ? "all migrations reverted on \(store.configuration)" : "schema up to date on \(store.configuration)")
        await store.shutdown()
    }
}
