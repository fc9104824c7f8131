import ArgumentParser
import BailiffCore
import BailiffStore
import Foundation

/// `bailiff policy …`: the AUP as a versioned document.
struct Policy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate, publish and compare versions of the Acceptable Use Policy.",
        subcommands: [Validate.self, Publish.self, History.self, Diff.self, Default.self])

    static func read(_ path: String) throws -> (PolicyDocument, String) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        switch PolicyFile.read(text) {
        case .success(let document): return (document, text)
        case .failure(let failure): throw ValidationError("\(path) is not a valid policy:\n\(failure)")
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a policy file; every problem is listed with its line.")
        @Argument(help: "The policy file (Markdown with a ```policy rules block).") var file: String

        func run() async throws {
            let (document, _) = try Policy.read(file)
            print("\(file): valid — version \(document.version), \(document.clauses.count) clauses, rules for \(document.rules.count) categories")
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a policy version; it governs events from its effective instant on.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The policy file.") var file: String
        @Option(help: "Who publishes (recorded).") var by = ProcessInfo.processInfo.environment["USER"] ?? "operator"

        func run() async throws {
            let (document, text) = try Policy.read(file)
            let published = try await common.withStore { store, _ in
                try await PolicyRepository(store).publish(document, source: text, by: by, now: Int64(Date().timeIntervalSince1970))
            }
            print("published version \(published.version), effective \(Timestamp.format(published.effectiveAt))\(published.effectiveOnNotice ? " (the notice date)" : "")")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the published versions.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let versions = try await common.withStore { store, _ in try await PolicyRepository(store).all() }
            if versions.isEmpty { print("no policy published yet (bailiff serve publishes the built-in default)") }
            for version in versions {
                print("\(version.version)\teffective \(Timestamp.format(version.effectiveAt))\tpublished \(Timestamp.format(version.publishedAt)) by \(version.publishedBy)\tsha256 \(version.sha256.prefix(12))")
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare two published versions: clauses and rules that changed.")
        @OptionGroup var common: CommonOptions
        @Argument var from: String
        @Argument var to: String

        func run() async throws {
            let versions = try await common.withStore { store, _ in try await PolicyRepository(store).all() }
            func document(_ version: String) throws -> PolicyDocument {
                guard let published = versions.first(where: { $0.version == version }) else { throw ValidationError("version \(version) is not published") }
                guard case .success(let document) = PolicyFile.read(published.source) else { throw ValidationError("version \(version) no longer reads") }
                return document
            }
            let lines = PolicyDiff.lines(from: try document(from), to: try document(to))
            print(lines.isEmpty ? "no differences in clauses or rules" : lines.joined(separator: "\n"))
        }
    }

    struct Default: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the built-in default policy, to edit and publish as your own.")
        func run() async throws { print(DefaultPolicy.text) }
    }
}
