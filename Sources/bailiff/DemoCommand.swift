import ArgumentParser
import BailiffCore
import BailiffStore
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Demo data.", subcommands: [Generate.self, Cases.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a generated inventory as a JSON import file (the one `serve --demo` loads, or a bigger one for benchmarks)."
        )

        @Option(help: ArgumentHelp("Where to write the file.", valueName: "file"))
        var out: String

        @Option(help: "Number of resellers.") var resellers = 4
        @Option(help: "Number of customers.") var customers = 300
        @Option(help: "Number of services (each with an IPv4 /32 and an IPv6 /64; every tenth also a /29).") var services = 3_000
        @Option(help: "Random seed: the same seed gives the same file.") var seed: UInt64 = 2026

        func validate() throws {
            guard resellers >= 0, customers >= 1, services >= 0, services <= 120_000 else {
                throw ValidationError("need customers ≥ 1 and 0 ≤ services ≤ 120000 (the demo's IPv4 space holds that many)")
            }
        }

        func run() async throws {
            let now = Int64(Date().timeIntervalSince1970)
            let document = DemoInventory.generate(size: .init(resellers: resellers, customers: customers, services: services), seed: seed, now: now)
            try InventoryJSONWriter.write(document).write(toFile: out, atomically: true, encoding: .utf8)
            print("wrote \(out): \(document.services.count) services, \(document.assignments.count) assignments")
        }
    }

    struct Cases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic cases over the loaded inventory (a full queue for a demo, or 100,000 cases for bench/web.sh).")
        @OptionGroup var common: CommonOptions
        @Option(help: "How many cases.") var count = 10_000
        @Option(help: "Random seed.") var seed: UInt64 = 2026

        func validate() throws {
            guard (1...2_000_000).contains(count) else { throw ValidationError("--count must be 1–2000000") }
        }

        func run() async throws {
            let started = Date()
            let written = try await common.withStore { store, _ in try await DemoCaseWriter(store).write(count: count, seed: seed, now: Int64(Date().timeIntervalSince1970)) }
            print("wrote \(written) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }
}
