import BailiffCore
import Foundation
import Testing
@testable import BailiffReports

/// Every mail of the shared corpus through the whole analyser: each is parsed or recognised as
/// not a report, unless it is listed below with the reason it cannot be — and a listed mail that
/// starts to parse must be taken off the list.
@Suite(.enabled(if: Corpus.root != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
struct CorpusExpectationTests {
    /// Corpus mails that are rightly quarantined, with the words their reason must contain.
    /// (Samples anonymised into private ranges are parsed: the report names those addresses,
    /// and attribution, not the parser, finds that nobody here holds them.)
    static let exceptions: [String: String] = [
        // The zipped sample CSV is empty.
        "AbuseIO/branch-3.0/extra/feed-samples/shadowserver/2015-01-01-scan_mongodb-sample-asn.csv.zip.eml": "CSV is empty",
        "AbuseIO/history/extra/notifier-samples/shadowserver/2015-01-01-scan_mongodb-sample-asn.csv.zip.eml": "CSV is empty",
        // A YAML file that happens to be named .eml.
        "AbuseIO/history/extra/notifier-samples/netcraft/Netcraft_Example_7.eml": "not a mail message",
        // IntelMQ's mail-collector fixtures: a localhost URL and text attachments with no address.
        "intelmq/mail/foobartxt.eml": "no outside IP address or URL",
        "intelmq/mail/foobarzip.eml": "no outside IP address",
        "intelmq/mail/text_attachment.eml": "no outside IP address",
    ]

    @Test func everyCorpusMailIsUnderstoodOrListedWithItsReason() throws {
        let root = try #require(Corpus.root)
        var parsed = 0, notReports = 0, excepted = 0
        var listedAndSeen: Set<String> = []
        // Every .eml file, whether or not it looks like a mail: the analyser must say what it is.
        var files: [(String, [UInt8])] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension.lowercased() == "eml", let data = try? Data(contentsOf: url) else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)), [UInt8](data)))
        }
        #expect(files.count >= 170)
        for (relative, bytes) in files.sorted(by: { $0.0 < $1.0 }) {
            let analysis = ReportAnalyzer().analyze(bytes, context: AnalysisContext(receivedAt: 1_780_000_000))
            switch analysis.status {
            case .parsed:
                parsed += 1
                #expect(!analysis.events.isEmpty, "\(relative) is parsed without events")
                #expect(Self.exceptions[relative] == nil, "\(relative) parses now: take it off the exception list")
            case .notAReport:
                notReports += 1
            case .quarantined:
                guard let expected = Self.exceptions[relative] else {
                    Issue.record("\(relative) is quarantined: \(analysis.reason ?? "no reason")")
                    continue
                }
                listedAndSeen.insert(relative)
                excepted += 1
                #expect(analysis.reason?.contains(expected) == true, "\(relative): \(analysis.reason ?? "")")
            }
        }
        #expect(listedAndSeen == Set(Self.exceptions.keys), "listed but not found or not quarantined: \(Set(Self.exceptions.keys).subtracting(listedAndSeen).sorted())")
        // At least 95 % of the mails that are reports are parsed.
        #expect(Double(parsed) >= 0.95 * Double(files.count - notReports), "parsed \(parsed) of \(files.count - notReports) reports")
        print("corpus: \(files.count) mails, \(parsed) parsed, \(notReports) not reports, \(excepted) listed exceptions")
        #expect(parsed >= 160, "parsed \(parsed), not reports \(notReports), listed exceptions \(excepted)")
    }
}
