import ArgumentParser
import BailiffAudit
import BailiffCore
import BailiffStore
import Foundation

/// `bailiff audit …`: check the hash-chained audit log and anchor its head outside the database.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the audit log against its anchors, anchor its head, or show entries.",
        subcommands: [Verify.self, Anchor.self, Show.self])

    static func anchorFile(_ option: String?, _ configuration: BailiffConfiguration) -> String {
        option ?? configuration.auditAnchorFile(defaultIn: configuration.dataDirectory)
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the chain and compare it with every anchor; exit 1 at the first broken link.")
        @OptionGroup var common: CommonOptions
        @Option(help: "The anchor file (default: audit.anchor_file).") var anchors: String?

        func run() async throws {
            let configuration = try common.loadConfiguration()
            let path = Audit.anchorFile(anchors, configuration)
            let anchorList: [AuditAnchor]
            if FileManager.default.fileExists(atPath: path) {
                anchorList = try AuditAnchorFile.read(from: path)
            } else {
                print("warning: no anchor file at \(path): a deleted tail or a recomputed chain cannot be detected without anchors")
                anchorList = []
            }
            let result = try await common.withStore { store, _ in try await AuditLog.verify(store, anchors: anchorList) }
            switch result {
            case .intact(let count, let head):
                print("intact: \(count) entries, head \(head?.sequence ?? 0) \(head?.hash ?? "-"), checked against \(anchorList.count) anchors")
            case .broken(let broken):
                print("BROKEN: \(broken)")
                throw ExitCode(1)
            }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Append the current head to the anchor file (keep a copy off this machine too).")
        @OptionGroup var common: CommonOptions
        @Option(help: "The anchor file (default: audit.anchor_file).") var anchors: String?

        func run() async throws {
            let configuration = try common.loadConfiguration()
            let head = try await common.withStore { store, _ in try await AuditLog.head(store) }
            guard let head else { print("the audit log is empty; nothing to anchor"); return }
            let anchor = AuditAnchor(head: head, anchoredAt: Int64(Date().timeIntervalSince1970))
            try AuditAnchorFile.append(anchor, to: Audit.anchorFile(anchors, configuration))
            print(anchor.line)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit entries from a sequence number on.")
        @OptionGroup var common: CommonOptions
        @Option var from: Int64 = 1
        @Option var limit = 50

        func run() async throws {
            let entries = try await common.withStore { store, _ in try await AuditLog.entries(store, from: from, limit: limit) }
            for entry in entries {
                print("\(entry.sequence)\t\(Timestamp.format(entry.recordedAt))\t\(entry.actor)\t\(entry.action)\t\(entry.subject)\t\(entry.details)")
            }
        }
    }
}
