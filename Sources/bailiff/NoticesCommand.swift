import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation

/// `bailiff notices`: check the operator's templates, and see a case's notice before it goes out.
struct Notices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check notice templates; preview the notice of a case.",
        subcommands: [Check.self, Preview.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read every template (shipped and mail.template_dir) and report the first problem.")
        @OptionGroup var common: CommonOptions
        @Option(help: ArgumentHelp("Template directory to check instead of mail.template_dir.", valueName: "dir")) var dir: String?

        func run() async throws {
            let configuration = try common.loadConfiguration()
            let directory = dir ?? configuration.mail.templateDirectory
            do {
                let templates = try MailSetup.templates(directory: directory)
                for name in templates.templates.keys.sorted() { print("ok  \(name)") }
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the notice a case's customer gets for its current step, without sending it.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Case id.") var caseID: Int64
        @Flag(help: "Print the whole message as it would be sent (headers, MIME parts).") var raw = false

        func run() async throws {
            let mail: OutgoingMail = try await common.withStore { store, configuration in
                guard let record = try await CaseRepository(store).find(id: caseID) else { throw ValidationError("no case \(caseID)") }
                do {
                    return try await NoticePreview.compose(record, store: store, configuration: configuration, history: try await PolicyCache(store: store).history(),
                                                           now: Int64(Date().timeIntervalSince1970))
                } catch let problem as NoticePreview.Problem {
                    throw ValidationError(problem.description)
                }
            }
            if raw {
                print(String(decoding: mail.rendered(), as: UTF8.self), terminator: "")
            } else {
                print("To: \(mail.to.map(\.address).joined(separator: ", "))")
                if !mail.cc.isEmpty { print("Cc: \(mail.cc.map(\.address).joined(separator: ", "))") }
                print("Subject: \(mail.subject)\n")
                print(mail.text, terminator: "")
            }
        }
    }
}
