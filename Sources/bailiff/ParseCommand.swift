import ArgumentParser
import BailiffCore
import BailiffReports
import BailiffStore
import Foundation

struct Parse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse report files and print what they say, without storing anything.",
        discussion: """
            With --json, one JSON object per file per line: {"file", "status": parsed|not-a-report|quarantined, "format", \
            "reason", "events": [{"ip", "port", "url", "category", "occurredAt", "reporter"}]}, absent fields omitted. \
            Exit status 0 when every file could be read, even if some were quarantined.
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "One JSON object per file per line (a stable contract).")
    var json = false

    @Argument(help: ArgumentHelp("Mail files (RFC 5322) or JSON reports (XARF).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to parse") }
    }

    func run() async throws {
        let analyzer = ReportAnalyzer()
        let context = AnalysisContext(receivedAt: Int64(Date().timeIntervalSince1970))
        var unreadable = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                unreadable += 1
                continue
            }
            let analysis = analyzer.analyze([UInt8](data), context: context)
            print(json ? analysis.jsonLine(file: file) : analysis.summary(file: file))
        }
        if unreadable > 0 { throw ExitCode(1) }
    }
}
