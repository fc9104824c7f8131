import ArgumentParser
import BailiffCore
import BailiffNet
import Foundation

struct Tor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Tor directory: which addresses exit, and whether a torrc makes an exit relay.",
        subcommands: [Exits.self, CheckTorrc.self])

    struct Exits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every address that exits, from any mix of TorDNSEL exit lists, consensuses and microdescriptor files.",
            discussion: """
                An ExitAddress of an exit list exits. A relay exits when its exit-policy summary (p in an ns consensus, \
                p or p6 in its microdescriptor, matched by the consensus's m digest) is anything but "reject 1-65535", \
                whatever its flags. Relays and bridges that do not exit are not printed.
                """)

        @Flag(help: "One JSON object per exit with the relay and the reason, instead of one address per line.")
        var json = false

        @Argument(help: ArgumentHelp("Directory documents to read.", valueName: "file"))
        var files: [String]

        func validate() throws { if files.isEmpty { throw ValidationError("give at least one exit list, consensus or microdescriptor file") } }

        func run() async throws {
            var directory = TorDirectory()
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
                if directory.read(String(decoding: data, as: UTF8.self), name: file) == nil {
                    FileHandle.standardError.write(Data("\(file): not a Tor exit list, consensus or microdescriptor file; skipped\n".utf8))
                }
            }
            for problem in directory.problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            for exit in directory.exits() {
                if json {
                    var fields = ["\"address\": \(JSONText.quote(exit.address))", "\"source\": \(JSONText.quote(exit.source))",
                                  "\"reason\": \(JSONText.quote(exit.reason))"]
                    if let relay = exit.relay { fields.append("\"relay\": \(JSONText.quote(relay))") }
                    if let nickname = exit.nickname { fields.append("\"nickname\": \(JSONText.quote(nickname))") }
                    if let seen = exit.seenAt { fields.append("\"seen_at\": \(JSONText.quote(Timestamp.format(seen)))") }
                    print("{" + fields.joined(separator: ", ") + "}")
                } else {
                    print(exit.address)
                }
            }
        }
    }

    struct CheckTorrc: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-torrc",
            abstract: "Say whether a torrc makes an exit relay, and why. Exit status 0: not an exit; 1: an exit.")

        @Flag(help: "Print the verdict as JSON.")
        var json = false

        @Argument(help: ArgumentHelp("The torrc to read.", valueName: "file"))
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let verdict = TorrcCheck.verdict(String(decoding: data, as: UTF8.self))
            if json {
                print("{\"exits\": \(verdict.exits), \"reasons\": [\(verdict.reasons.map(JSONText.quote).joined(separator: ", "))]}")
            } else {
                print(verdict.exits ? "exit relay: traffic leaves the Tor network from this address" : "not an exit")
                for reason in verdict.reasons { print("  - \(reason)") }
            }
            if verdict.exits { throw ExitCode(1) }
        }
    }
}
