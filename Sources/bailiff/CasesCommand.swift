import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation
import Logging

/// `bailiff cases …`: the case list, one case with its timeline, and what staff do on cases.
struct Cases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show cases; confirm, note, log time, link, resolve or override; show standing; run the engine once.",
        subcommands: [List.self, Show.self, Triage.self, Assign.self, Hold.self, Confirm.self, Note.self, LogTime.self, Link.self, Resolve.self, Override.self, Standing.self, Run.self])

    /// Opens the store, runs `body` with a case service, and closes the store whatever happens.
    static func withService<T>(_ common: CommonOptions, _ body: (Store, CaseService) async throws -> T) async throws -> T {
        try await common.withStore { store, _ in
            let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
            let service = CaseService(store: store, policies: { try await policies.history() }, logger: Logger(label: "bailiff.cases"))
            _ = try await PolicyCache.publishDefaultIfNone(store, now: Int64(Date().timeIntervalSince1970))
            return try await body(store, service)
        }
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    static func line(_ record: CaseRepository.CaseRecord) -> String {
        "#\(record.id)\t\(record.status)\t\(record.category)\tservice \(record.serviceID)\tcustomer \(record.customerID)"
            + (record.resellerID.map { "\treseller \($0)" } ?? "") + (record.deadline.map { "\tdeadline \(Timestamp.format($0))" } ?? "")
            + "\tclause \(record.clause)\tpolicy \(record.policyVersion)"
    }

    static func json(_ record: CaseRepository.CaseRecord) -> String {
        let quote = JSONText.quote
        var fields = ["\"id\": \(record.id)", "\"token\": \(quote(record.token))", "\"status\": \(quote(record.status))",
                      "\"category\": \(quote(record.category))", "\"service\": \(quote(record.serviceID))", "\"customer\": \(quote(record.customerID))",
                      "\"clause\": \(quote(record.clause))", "\"policyVersion\": \(quote(record.policyVersion))",
                      "\"openedAt\": \(quote(Timestamp.format(record.openedAt)))"]
        if let reseller = record.resellerID { fields.append("\"reseller\": \(quote(reseller))") }
        if let rung = record.rung { fields.append("\"rung\": \(rung)") }
        if let deadline = record.deadline { fields.append("\"deadline\": \(quote(Timestamp.format(deadline)))") }
        if let linked = record.linkedTo { fields.append("\"linkedTo\": \(linked)") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases, newest first.")
        @OptionGroup var common: CommonOptions
        @Option var status: String?
        @Option var category: String?
        @Option var customer: String?
        @Option var reseller: String?
        @Option var limit = 100
        @Flag(help: "One JSON object per line.") var json = false

        func run() async throws {
            let records = try await Cases.withService(common) { store, _ in
                try await CaseRepository(store).list(status: status, category: category, customerID: customer, resellerID: reseller, limit: limit)
            }
            for record in records { print(json ? Cases.json(record) : Cases.line(record)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One case with its timeline and action intents.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64

        func run() async throws {
            try await Cases.withService(common) { store, _ in
                let repository = CaseRepository(store)
                guard let record = try await repository.find(id: id) else { throw ValidationError("no case \(id)") }
                print(Cases.line(record))
                print("reply address token: \(record.token)")
                for entry in try await repository.timeline(caseID: id) {
                    print("  \(Timestamp.format(entry.at))  \(entry.kind)  \(entry.actor)  \(entry.text)")
                }
                for intent in try await repository.intents(caseID: id) {
                    print("  intent \(intent.key)  \(intent.status)")
                }
            }
        }
    }

    struct Triage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Events no case took: not ours, provider infrastructure, unassigned, unresolved URLs.")
        @OptionGroup var common: CommonOptions
        @Option var limit = 100

        func run() async throws {
            let events = try await Cases.withService(common) { store, _ in try await CaseRepository(store).triage(limit: limit) }
            for event in events {
                print("\(Timestamp.format(event.occurredAt))\t\(event.attribution)\t\(event.category)\t\(event.ip ?? event.url ?? "-")\t\(event.reporter ?? "-")\tmessage \(event.sha256.prefix(16)) #\(event.position)")
            }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a case to a member of staff (--to), or take it back (no --to).")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Option var to: String?
        @Option var by: String
        func run() async throws { try await Cases.withService(common) { _, service in try await service.assign(caseID: id, to: to, staff: by, now: Cases.now) } }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a case's evidence on legal hold (kept past retention), or --release it.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Option var by: String
        @Option var reason: String
        @Flag var release = false
        func run() async throws {
            try await Cases.withService(common) { _, service in try await service.setLegalHold(caseID: id, !release, staff: by, reason: reason, now: Cases.now) }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm a held rung; the engine goes on at once.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Option var by: String
        @Option var reason: String
        func run() async throws { try await Cases.withService(common) { _, service in try await service.confirm(caseID: id, staff: by, reason: reason, now: Cases.now) } }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to a case's timeline.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Argument var text: String
        @Option var by: String
        func run() async throws { try await Cases.withService(common) { _, service in try await service.addNote(caseID: id, staff: by, text: text, now: Cases.now) } }
    }

    struct LogTime: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log-time", abstract: "Log staff minutes on a case.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Argument var minutes: Int
        @Option var by: String
        @Option var note = ""
        func run() async throws { try await Cases.withService(common) { _, service in try await service.logTime(caseID: id, staff: by, minutes: minutes, note: note, now: Cases.now) } }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Link a case to another of the same incident.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Argument var other: Int64
        @Option var by: String
        func run() async throws { try await Cases.withService(common) { _, service in try await service.link(id, to: other, staff: by, now: Cases.now) } }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve a case with the remediation statement or staff decision.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Option var by: String
        @Option(help: "What was fixed, or why the case is closed.") var statement: String
        func run() async throws { try await Cases.withService(common) { _, service in try await service.resolve(caseID: id, staff: by, statement: statement, now: Cases.now) } }
    }

    struct Override: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Override a decision: set the case's status, with a written reason.")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Option var status: String
        @Option var by: String
        @Option var reason: String
        func run() async throws {
            guard let value = CaseStatus(rawValue: status) else {
                throw ValidationError("status must be one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await Cases.withService(common) { _, service in try await service.override(caseID: id, status: value, staff: by, reason: reason, now: Cases.now) }
        }
    }

    struct Standing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirmed violations of a customer or reseller per category in the last DAYS days.")
        @OptionGroup var common: CommonOptions
        @Option var customer: String?
        @Option var reseller: String?
        @Option var days = 365
        func validate() throws {
            guard (customer == nil) != (reseller == nil) else { throw ValidationError("give --customer or --reseller") }
        }
        func run() async throws {
            let standing = try await Cases.withService(common) { store, _ in
                try await CaseRepository(store).standing(customerID: customer, resellerID: reseller, since: Cases.now - Int64(days) * 86_400)
            }
            // The victim of an attack is not at fault: attack-target does not count.
            let counted = standing.filter { $0.key != AbuseCategory.attackTarget.rawValue }
            if counted.isEmpty { print("no confirmed violations in \(days) days") }
            for (category, count) in counted.sorted(by: { $0.key < $1.key }) { print("\(category)\t\(count)") }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign new events to cases and decide due cases once (the server does this continuously).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Decide as of this instant (RFC 3339), to simulate time.") var at: String?
        func run() async throws {
            let now = try CommonOptions.instant(at)
            let (assigned, decided) = try await Cases.withService(common) { _, service in
                var assigned = 0
                while case let count = try await service.assignPending(now: now), count > 0 { assigned += count }
                return (assigned, try await service.runDue(now: now))
            }
            print("\(assigned) events assigned to cases; \(decided) due cases decided")
        }
    }
}
