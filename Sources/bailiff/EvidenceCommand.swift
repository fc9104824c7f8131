import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation

/// `bailiff evidence …`: retention and sealed exports.
struct Evidence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the retention rules now, or export a case's evidence as a hashed bundle.",
                                                    subcommands: [Retention.self, Export.self])

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove evidence whose retention ran out (the server does this hourly).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Apply as of this instant (RFC 3339).") var at: String?

        func run() async throws {
            let now = try CommonOptions.instant(at)
            let (total, version) = try await common.withStore { store, _ in
                _ = try await PolicyCache.publishDefaultIfNone(store, now: now)
                guard let policy = try await PolicyRepository(store).history().inForce(at: now) else { throw ValidationError("no policy published") }
                var total = 0
                while case let removed = try await EvidenceRetention(store).removeExpired(policy: policy, now: now), !removed.isEmpty { total += removed.count }
                return (total, policy.version)
            }
            print("\(total) messages' evidence removed under policy \(version)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a case's messages, timeline and SHA256SUMS into a new directory (e.g. for the police).")
        @OptionGroup var common: CommonOptions
        @Option var `case`: Int64
        @Option var out: String
        @Option var by: String

        func run() async throws {
            let digest = try await common.withStore { store, _ in
                try await EvidenceRetention(store).exportBundle(caseID: `case`, to: out, by: by, now: Int64(Date().timeIntervalSince1970))
            }
            print("bundle written to \(out); SHA256SUMS digest \(digest) (recorded on the case and in the audit log)")
        }
    }
}
