import ArgumentParser
import BailiffCore
import BailiffStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data into Bailiff.", subcommands: [Inventory.self])

    struct Inventory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import resellers, customers, services, IP assignments and the provider's own space from CSV or JSON.",
            discussion: "The whole file is checked first; if any row is bad, every bad row is listed with its line and nothing is changed. Re-importing the same file changes nothing. Formats: see the README."
        )

        @OptionGroup var common: CommonOptions

        @Argument(help: ArgumentHelp("The inventory file (.csv or .json).", valueName: "file"))
        var file: String

        @Flag(help: "The file is the inventory now: assignments missing from it end now, new ones begin now (rows carry no dates).")
        var snapshot = false

        @Option(help: ArgumentHelp("File format, when the extension does not tell: csv or json.", valueName: "format"))
        var format: String?

        @Flag(name: .customLong("dry-run"), help: "Check the file and show what would change, without writing.")
        var dryRun = false

        func validate() throws {
            if let format, InventoryFileFormat(rawValue: format) == nil { throw ValidationError("--format must be csv or json") }
        }

        func run() async throws {
            let configuration = try common.loadConfiguration()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file); check the path and permissions")
            }
            let bytes = [UInt8](data)
            let fileFormat = format.flatMap(InventoryFileFormat.init(rawValue:)) ?? InventoryFileFormat.detect(path: file, bytes: bytes)
            let (document, problems) = InventoryFileReader.read(bytes, format: fileFormat)

            let store = try await common.openStore(configuration)
            let repository = InventoryRepository(store)
            let now = Int64(Date().timeIntervalSince1970)
            let mode: InventoryImportMode = snapshot ? .snapshot : .history
            do {
                if dryRun {
                    let plan = try InventoryImportPlanner.plan(document, current: try await repository.loadSnapshot(), mode: mode, now: now, readProblems: problems)
                    print("dry run, nothing written: \(plan.summary)")
                } else {
                    let (plan, revision) = try await repository.importInventory(document, mode: mode, now: now, source: file, readProblems: problems)
                    print(plan.isEmpty ? "nothing to change: \(plan.summary)" : "imported (inventory revision \(revision)): \(plan.summary)")
                }
            } catch let error as InventoryImportError {
                await store.shutdown()
                throw CleanExit.message(error.description, failure: true)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}

extension CleanExit {
    /// Prints `text` to standard error and exits non-zero (ArgumentParser's own error path would prefix "Error:" and usage).
    static func message(_ text: String, failure: Bool) -> any Error {
        FileHandle.standardError.write(Data((text + "\n").utf8))
        return ExitCode(failure ? 1 : 0)
    }
}
