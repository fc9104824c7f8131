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
    /// Most are samples whose addresses were anonymised into private ranges (the corpus README
    /// warns of them): there is no one to attribute them to, and a parser must say so, not guess.
    static let exceptions: [String: String] = [
        // The zipped sample CSV is empty.
        "AbuseIO/branch-3.0/extra/feed-samples/shadowserver/2015-01-01-scan_mongodb-sample-asn.csv.zip.eml": "CSV is empty",
        "AbuseIO/history/extra/notifier-samples/shadowserver/2015-01-01-scan_mongodb-sample-asn.csv.zip.eml": "CSV is empty",
        // AbuseHub's own CSV layout, not a Shadowserver report type: no reader yet.
        "AbuseIO/extra/notifier-samples/abusehub/Abusehub_Example_1.eml": "unknown Shadowserver report type",
        "AbuseIO/extra/notifier-samples/abusehub/Abusehub_Example_2.eml": "unknown Shadowserver report type",
        // Anonymised copyright notices: the infringer's address is private.
        "AbuseIO/extra/notifier-samples/copyrightcompliance/Copyrightcompliance_Example_1.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/copyrightcompliance/Copyrightcompliance_Example_2.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample1.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample2.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample3.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample4.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample5.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample6.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample7.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample8.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample9.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample10.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample11.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample12.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample13.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample14.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample15.eml": "only private or provider addresses",
        "AbuseIO/extra/notifier-samples/ip-echelon/ip-echelon_sample16.eml": "only private or provider addresses",
        // A YAML file that happens to be named .eml.
        "AbuseIO/history/extra/notifier-samples/netcraft/Netcraft_Example_7.eml": "not a mail message",
        // IntelMQ's mail-collector fixtures: a localhost URL and a text attachment with no address.
        "intelmq/mail/foobartxt.eml": "no recognisable kind of abuse",
        "intelmq/mail/foobarzip.eml": "no outside IP address",
        "intelmq/mail/text_attachment.eml": "no outside IP address",
        // AITE reports are gzipped JSON: gzip attachments are not read yet.
        "parser-aite/samples/1.eml": "no outside IP address",
        "parser-aite/samples/2.eml": "no outside IP address",
        "parser-aite/samples/3.eml": "no outside IP address",
        "parser-aite/samples/4.eml": "no outside IP address",
        "parser-aite/samples/5.eml": "no outside IP address",
        // Names two addresses without saying what they did.
        "parser-nfoservers/samples/sample3.eml": "no recognisable kind of abuse",
        // Anonymised: the offender is 10.42.9.42 (private), so only the ticket system's URL is
        // left; PROKI's zip is an empty archive.
        "vpsfree-cz-configuration/spec/fixtures/emails/access_log_abuse.eml": "no recognisable kind of abuse",
        "vpsfree-cz-configuration/spec/fixtures/emails/leakix.eml": "no recognisable kind of abuse",
        "vpsfree-cz-configuration/spec/fixtures/emails/proki.eml": "no recognisable kind of abuse",
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
        // Of the mails that are reports and not known exceptions, all are parsed.
        #expect(parsed >= 130, "parsed \(parsed), not reports \(notReports), listed exceptions \(excepted)")
    }
}
