import ArgumentParser
import BailiffCore
import BailiffStore
import BailiffWeb
import Foundation

/// `bailiff api-token`: bearer tokens of the JSON API, each with scopes.
struct APIToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-token",
        abstract: "Tokens of the JSON API (/api/v1): create one with scopes, list them, revoke one.",
        discussion: "Scopes: \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")). The API is described at /api/openapi.yaml.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once (only its SHA-256 is stored; audited).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "A name for the token (who uses it: 'panel', 'grafana').") var name: String
        @Option(help: "Comma-separated scopes, e.g. cases:read,events:read.") var scopes: String?
        @Flag(help: "Every scope.") var allScopes = false
        @Option(help: "Who creates it (for the audit log).") var by: String = "cli"

        func validate() throws {
            guard (scopes == nil) != !allScopes else { throw ValidationError("give --scopes or --all-scopes") }
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
                throw ValidationError("a token name is 1–64 letters, digits, '.', '_' or '-'")
            }
        }

        func run() async throws {
            let chosen: Set<APIScope>
            if allScopes { chosen = Set(APIScope.allCases) } else {
                switch APIScope.parse(scopes ?? "") {
                case .success(let parsed) where !parsed.isEmpty: chosen = parsed
                case .success: throw ValidationError("name at least one scope: \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))")
                case .failure(let unknown): throw ValidationError("unknown scope '\(unknown.name)'; scopes are \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            let token = SecretToken.generate()
            try await common.withStore { store, _ in
                try await APITokenRepository(store).create(name: name, tokenHash: SecretToken.digest(token), scopes: chosen.map(\.rawValue),
                                                           by: "staff:\(by)", now: Int64(Date().timeIntervalSince1970))
            }
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens with their scopes (never the tokens themselves).")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            for token in try await common.withStore({ store, _ in try await APITokenRepository(store).all() }) {
                let state = token.revokedAt.map { "revoked \(Timestamp.format($0))" } ?? "active"
                print("\(token.name)\t\(token.scopes.joined(separator: ","))\t\(state)\tcreated \(Timestamp.format(token.createdAt)) by \(token.createdBy)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once (audited).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The token's name.") var name: String
        @Option(help: "Who revokes it.") var by: String = "cli"

        func run() async throws {
            let revoked = try await common.withStore { store, _ in try await APITokenRepository(store).revoke(name: name, by: "staff:\(by)", now: Int64(Date().timeIntervalSince1970)) }
            guard revoked else { throw ValidationError("no active token named '\(name)'") }
            print("revoked \(name)")
        }
    }
}
