import Foundation
import Testing
@testable import BailiffAudit

@Suite("AuditAnchor text form and anchor files")
struct AuditAnchorTests {
    let hash = "2c4c481df19a6f537e52e67ba64c2bbb78752023ad510d9536bc7ce17b30a899"

    @Test func lineRoundTrips() throws {
        let anchor = AuditAnchor(sequence: 1_000, hash: hash, anchoredAt: 1_700_000_000)
        #expect(anchor.line == "bailiff-audit-anchor v1 1000 \(hash) 1700000000")
        #expect(try AuditAnchor(line: anchor.line) == anchor)
        #expect(try AuditAnchor(line: "bailiff-audit-anchor v1 1 \(hash) 0").anchoredAt == 0)
    }

    @Test(arguments: [
        ("", AuditAnchorParseError.Problem.notAnAnchor),
        ("hello world", .notAnAnchor),
        ("bailiff-audit-anchor", .wrongFieldCount(1)),
        ("bailiff-audit-anchor v2 1 HASH 0", .unsupportedVersion("v2")),
        ("bailiff-audit-anchor v1 1 HASH", .wrongFieldCount(4)),
        ("bailiff-audit-anchor v1 1 HASH 0 extra", .wrongFieldCount(6)),
        ("bailiff-audit-anchor v1  1 HASH 0", .emptyField),
        ("bailiff-audit-anchor v1 1 HASH 0 ", .emptyField),
        ("bailiff-audit-anchor v1 1 HASH 0\r", .controlCharacter),
        ("bailiff-audit-anchor\tv1 1 HASH 0", .controlCharacter),
        ("bailiff-audit-anchor v1 0 HASH 0", .badSequence("0")),
        ("bailiff-audit-anchor v1 -5 HASH 0", .badSequence("-5")),
        ("bailiff-audit-anchor v1 +5 HASH 0", .badSequence("+5")),
        ("bailiff-audit-anchor v1 007 HASH 0", .badSequence("007")),
        ("bailiff-audit-anchor v1 x1 HASH 0", .badSequence("x1")),
        ("bailiff-audit-anchor v1 99999999999999999999 HASH 0", .badSequence("99999999999999999999")),
        ("bailiff-audit-anchor v1 1 abc 0", .badHash("abc")),
        ("bailiff-audit-anchor v1 1 HASHg 0", .badHash("HASHg")),
        ("bailiff-audit-anchor v1 1 HASH -1", .badAnchoredAt("-1")),
        ("bailiff-audit-anchor v1 1 HASH 01", .badAnchoredAt("01")),
        ("bailiff-audit-anchor v1 1 HASH 1.5", .badAnchoredAt("1.5")),
    ])
    func badLinesAreRejected(line: String, problem: AuditAnchorParseError.Problem) {
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "HASHg", with: String(hash.dropLast()) + "g")
                .replacingOccurrences(of: "HASH", with: hash)
        }
        let expected: AuditAnchorParseError.Problem = switch problem {
        case .badHash(let text): .badHash(fill(text))
        default: problem
        }
        #expect(throws: AuditAnchorParseError(lineNumber: 1, line: fill(line), problem: expected)) {
            try AuditAnchor(line: fill(line))
        }
    }

    @Test func errorsSayWhatIsWrongAndWhatIsExpected() throws {
        let error = try #require(throws: AuditAnchorParseError.self) {
            try AuditAnchor(line: "bailiff-audit-anchor v1 12 \(hash.uppercased()) 1700000000")
        }
        #expect(error.description.contains("anchor line 1 is invalid"))
        #expect(error.description.contains("upper-case"))
        #expect(error.description.contains("bailiff-audit-anchor v1 <sequence> <hash> <anchoredAt>"))
    }

    @Test func fileTextParsesEveryLineAndNamesTheBadOne() throws {
        let good = """
        bailiff-audit-anchor v1 10 \(hash) 100
        bailiff-audit-anchor v1 20 \(hash) 200

        """
        #expect(try AuditAnchorFile.parse(good).map(\.sequence) == [10, 20])
        #expect(try AuditAnchorFile.parse("").isEmpty)
        #expect(try AuditAnchorFile.parse("bailiff-audit-anchor v1 10 \(hash) 100").count == 1)

        let blankInside = "bailiff-audit-anchor v1 10 \(hash) 100\n\nbailiff-audit-anchor v1 20 \(hash) 200\n"
        #expect(throws: AuditAnchorParseError(lineNumber: 2, line: "", problem: .emptyLine)) {
            try AuditAnchorFile.parse(blankInside)
        }

        let badThird = good + "bailiff-audit-anchor v1 30 \(hash)\n"
        let error = try #require(throws: AuditAnchorParseError.self) { try AuditAnchorFile.parse(badThird) }
        #expect(error.lineNumber == 3)
        #expect(error.problem == .wrongFieldCount(4))
        #expect(error.description.contains("anchor line 3"))
    }

    @Test func fileAppendAndReadRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("auditchain-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anchors").path

        #expect(throws: AuditAnchorFileError.notFound(path: path)) { try AuditAnchorFile.read(from: path) }

        let first = AuditAnchor(sequence: 5, hash: hash, anchoredAt: 50)
        let second = AuditAnchor(sequence: 9, hash: hash, anchoredAt: 90)
        try AuditAnchorFile.append(first, to: path)
        try AuditAnchorFile.append(second, to: path)
        #expect(try AuditAnchorFile.read(from: path) == [first, second])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first.line + "\n" + second.line + "\n")

        // A torn final line stays visible instead of merging with the next anchor.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Array("bailiff-audit-anc".utf8))
        try handle.close()
        try AuditAnchorFile.append(second, to: path)
        let error = try #require(throws: AuditAnchorFileError.self) { try AuditAnchorFile.read(from: path) }
        guard case .malformed(_, let parseError) = error else {
            Issue.record("expected a malformed-file error, got \(error)")
            return
        }
        #expect(parseError.lineNumber == 3)
        #expect(parseError.problem == .notAnAnchor)
    }

    @Test func unwritablePathSaysWhatToCheck() {
        let error = #expect(throws: AuditAnchorFileError.self) {
            try AuditAnchorFile.append(AuditAnchor(sequence: 1, hash: hash, anchoredAt: 0), to: "/nonexistent-dir/anchors")
        }
        #expect(error?.description.contains("check that its directory exists") == true)
    }
}
