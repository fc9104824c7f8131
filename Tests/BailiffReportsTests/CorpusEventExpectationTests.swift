import BailiffCore
import Foundation
import Testing
@testable import BailiffReports

/// For one mail of every corpus folder, status and format, the events Bailiff must find — IPs,
/// ports, URLs, times, categories, reporters and the copyright-compliance verdict — committed in
/// `Expectations/corpus-events.jsonl` (one `bailiff parse --json` line per mail, without the
/// free-text reason) and compared exactly. Each line was read against its mail when written.
///
/// After a deliberate change, regenerate with `BAILIFF_WRITE_EXPECTATIONS=1 swift test --filter
/// CorpusEventExpectationTests` and review the diff line by line before committing it.
@Suite(.enabled(if: Corpus.root != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
struct CorpusEventExpectationTests {
    static let expectationFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Expectations/corpus-events.jsonl")

    /// The analysis of one corpus mail as its expectation line.
    static func line(for relative: String, bytes: [UInt8]) -> String {
        var analysis = ReportAnalyzer().analyze(bytes, context: AnalysisContext(receivedAt: 1_780_000_000))
        analysis.reason = nil
        return analysis.jsonLine(file: relative)
    }

    static func corpusMails(_ root: URL) -> [(relative: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension.lowercased() == "eml", let data = try? Data(contentsOf: url) else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)), [UInt8](data)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func expectedEventsOfOneMailPerFolderAndFormat() throws {
        let root = try #require(Corpus.root)
        let mails = Self.corpusMails(root)
        if ProcessInfo.processInfo.environment["BAILIFF_WRITE_EXPECTATIONS"] == "1" {
            var seen: Set<String> = []
            var lines: [String] = []
            for mail in mails {
                let analysis = ReportAnalyzer().analyze(mail.bytes, context: AnalysisContext(receivedAt: 1_780_000_000))
                let folder = (mail.relative as NSString).deletingLastPathComponent
                let key = "\(folder)|\(analysis.status.rawValue)|\(analysis.format ?? "")"
                guard seen.insert(key).inserted else { continue }
                lines.append(Self.line(for: mail.relative, bytes: mail.bytes))
            }
            try (lines.joined(separator: "\n") + "\n").write(to: Self.expectationFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.expectationFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(expected.count >= 35)
        let byPath = Dictionary(mails.map { ($0.relative, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var folders: Set<String> = []
        for line in expected {
            let file = try #require(line.firstRange(of: "\", \"status\"").map { String(line[line.index(line.startIndex, offsetBy: 10)..<$0.lowerBound]) })
            guard let bytes = byPath[file] else {
                Issue.record("\(file) is in the expectations but not in the corpus")
                continue
            }
            folders.insert((file as NSString).deletingLastPathComponent)
            #expect(Self.line(for: file, bytes: bytes) == line)
        }
        // Every folder of the corpus that holds mail has at least one expectation.
        let mailFolders = Set(mails.map { ($0.relative as NSString).deletingLastPathComponent })
        #expect(mailFolders.subtracting(folders).isEmpty, "folders without an expectation: \(mailFolders.subtracting(folders).sorted())")
    }
}
