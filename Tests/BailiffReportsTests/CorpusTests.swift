import Foundation
import Testing
@testable import BailiffReports

/// Real-world reports from ../shared/corpus (see its README.md and MANIFEST.tsv).
// In CI (CI=true) the corpus must be there: a missing corpus fails instead of skipping.
@Suite("Real-world corpus", .enabled(if: Corpus.root != nil || ProcessInfo.processInfo.environment["CI"] == "true",
    "shared/corpus not found above the package and BAILIFF_TEST_CORPUS is not set; real-world tests skipped"))
struct CorpusTests {
    static let mails = Corpus.mails()

    @Test("the corpus is there")
    func corpusIsPresent() {
        #expect(Corpus.root != nil, "shared/corpus was not found above the package; set BAILIFF_TEST_CORPUS")
        #expect(Corpus.mails().count > 100)
    }

    @Test("every mail in the corpus parses")
    func allParse() throws {
        #expect(Self.mails.count >= 150, "found only \(Self.mails.count) mails")
        for (path, bytes) in Self.mails {
            switch MIMEParser.parse(bytes) {
            case .failure(let f): Issue.record("\(path): \(f)")
            case .success(let m):
                #expect(m.allParts.count >= 1)
                #expect(!m.headers.isEmpty, "\(path)")
                #expect(m.textBody != nil || m.allParts.contains { $0.text != nil } || m.allParts.contains { !$0.body.isEmpty }, "\(path)")
            }
            MIMEParser.exercise(bytes)
        }
    }

    @Test("ARF samples have a message/feedback-report part")
    func arf() throws {
        var checked = 0
        for (path, bytes) in Self.mails where path.contains("sisimai-set-of-emails") || path.contains("stalwart-mail-auth") {
            // Only samples that declare a feedback-report part in a Content-Type header line.
            let declares = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).contains {
                $0.lowercased().hasPrefix("content-type:") && $0.lowercased().contains("message/feedback-report")
            }
            guard declares else { continue }
            let m = try parseOK(bytes)
            #expect(!m.parts(withMIMEType: "message/feedback-report").isEmpty, "\(path)")
            let report = m.parts(withMIMEType: "message/feedback-report").first
            #expect(report?.text?.lowercased().contains("feedback-type") == true, "\(path)")
            checked += 1
        }
        #expect(checked >= 18, "checked \(checked) ARF samples")
    }

    @Test("stalwart ARF reports: every one is multipart/report with feedback-report")
    func stalwart() throws {
        let arf = Self.mails.filter { $0.path.contains("stalwart-mail-auth") }
        #expect(arf.count == 5)
        for (path, bytes) in arf {
            let m = try parseOK(bytes)
            #expect(m.root.mimeType == "multipart/report", "\(path)")
            #expect(m.parts(withMIMEType: "message/feedback-report").count == 1, "\(path)")
        }
    }

    /// A few corpus samples are truncated copies (body cut off after the headers of a
    /// multipart), so they legitimately carry `noBoundaryFound`; allow at most 5 %.
    @Test("most real mails parse without structural defects")
    func structuralDefects() {
        let structural: Set<MIMEDefect.Code> = [.noBoundaryFound, .missingBoundaryParameter, .nestingTooDeep, .tooManyParts, .messageTooLarge]
        var bad: [String] = []
        for (path, bytes) in Self.mails {
            if case .success(let m) = MIMEParser.parse(bytes), m.defects.contains(where: { structural.contains($0.code) }) {
                bad.append("\(path): \(m.defects.filter { structural.contains($0.code) })")
            }
        }
        #expect(bad.count * 20 <= Self.mails.count, "\(bad.joined(separator: "\n"))")
    }
}
