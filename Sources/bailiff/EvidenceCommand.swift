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
            let now = try at.map { text -> Int64 in
                guard let instant = Timestamp.parse(text) else { throw ValidationError("--at must be an RFC 3339 time") }
                return instant
            } ?? Int64(Date().timeIntervalSince1970)
            let store = try await common.openStore(try common.loadConfiguration())
            do {
                _ = try await PolicyCache.publishDefaultIfNone(store, now: now)
                guard let policy = try await PolicyRepository(store).history().inForce(at: now) else { throw ValidationError("no policy published") }
                var total = 0
                while case let removed = try await EvidenceRetention(store).removeExpired(policy: policy, now: now), !removed.isEmpty { total += removed.count }
                print("\(total) messages' evidence removed under policy \(policy.version)")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a case's messages, timeline and SHA256SUMS into a new directory (e.g. for the police).")
        @OptionGroup var common: CommonOptions
        @Option var `case`: Int64
        @Option var out: String
        @Option var by: String

        func run() async throws {
            let store = try await common.openStore(try common.loadConfiguration())
            do {
                let digest = try await EvidenceRetention(store).exportBundle(caseID: `case`, to: out, by: by, now: Int64(Date().timeIntervalSince1970))
                print("bundle written to \(out); SHA256SUMS digest \(digest) (recorded on the case and in the audit log)")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}
