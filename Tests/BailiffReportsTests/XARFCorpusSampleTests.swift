import BailiffCore
import Foundation
import Testing

@testable import BailiffReports

/// Every XARF JSON sample of the shared corpus: abusix-xarf positives parse into one event with
/// the mapped category, abusix-xarf negatives are quarantined with a reason naming the defect
/// the file name points at, xarf-spec v3/v4 samples parse.
@Suite("XARF corpus samples", .enabled(if: XARFTestCorpus.isAvailable, "shared/corpus not found; set BAILIFF_TEST_CORPUS"))
struct XARFCorpusSampleTests {
    static let context = AnalysisContext(receivedAt: 1_900_000_000)

    static let abusixPositives = XARFTestCorpus.jsonFiles(under: "abusix-xarf/samples/positive")
    static let abusixNegatives = XARFTestCorpus.jsonFiles(under: "abusix-xarf/samples/negative")
    static let specSamples = XARFTestCorpus.jsonFiles(under: "xarf-spec/samples")

    /// The category each positive sample must map to, by the file name's type word.
    static func expectedCategory(forSample path: String) -> AbuseCategory? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let table: [(String, AbuseCategory)] = [
            ("botnet", .malware), ("childabuse", .childAbuse), ("csam", .childAbuse), ("copyright", .ipInfringement),
            ("ddos", .networkAttack), ("loginattack", .intrusion), ("malware", .malware), ("openservice", .vulnerable),
            ("phishing", .phishing), ("portscan", .scanning), ("rpz", .malware), ("spam", .spam), ("trademark", .ipInfringement),
            ("exploit", .intrusion), ("harassment", .abusiveContent), ("potentially_compromised", .vulnerable),
            ("reporter_info", .spam), ("webcrawler", .scanning), ("no_version", .malware),
            // xarf-spec v4 names: category-type.json
            ("connection-ddos", .networkAttack), ("connection-infected-host", .malware), ("connection-login-attack", .intrusion),
            ("connection-port-scan", .scanning), ("connection-reconnaissance", .scanning), ("connection-scraping", .scanning),
            ("connection-sql-injection", .intrusion), ("connection-vulnerability-scan", .scanning),
            ("content-brand-infringement", .ipInfringement), ("content-csam", .childAbuse), ("content-csem", .childAbuse),
            ("content-exposed-data", .privacy), ("content-fraud", .fraud), ("content-malware", .malware),
            ("content-phishing", .phishing), ("content-remote-compromise", .vulnerable), ("content-suspicious-registration", .fraud),
            ("copyright-", .ipInfringement), ("infrastructure-botnet", .malware), ("infrastructure-compromised-server", .vulnerable),
            ("messaging-", .spam), ("reputation-", .blocklisted), ("vulnerability-", .vulnerable),
        ]
        // Longest matching prefix wins ("connection-ddos" before "ddos").
        return table.filter { name.hasPrefix($0.0) }.max { $0.0.count < $1.0.count }?.1
    }

    @Test("abusix positive sample parses", arguments: abusixPositives)
    func abusixPositive(path: String) throws {
        let analysis = XARFRecognizer.analyze(json: try XARFTestCorpus.bytes(path), context: Self.context)
        #expect(analysis.status == .parsed, "\(path): \(analysis.reason ?? "")")
        #expect(analysis.format == "xarf")
        let event = try #require(analysis.events.first)
        #expect(analysis.events.count == 1)
        #expect(event.category == Self.expectedCategory(forSample: path), "\(path)")
        #expect(event.timeSource == .report)
        #expect(event.ip != nil || event.url != nil, "\(path) names no source")
        #expect(event.reporter != nil)
        #expect(!(event.excerpt ?? "").isEmpty)
    }

    /// The field (or word) a negative sample's reason must mention, from its file name; where the
    /// sample's real defect differs from its name, the comment says why.
    static func expectedWord(forNegative path: String) -> String {
        let name = String(path.split(separator: "/").last ?? "").replacingOccurrences(of: ".json", with: "")
        let table: [String: String] = [
            "invalid_additional_fields": "Custom",
            "invalid_b64_flag": "Base64Encoded",
            "invalid_byte_count": "ByteCount",
            "invalid_date": "Report.Date",
            "invalid_destination": "Destination",
            "invalid_destination2": "Destination",
            "invalid_emails": "Address",
            "invalid_empty": "missing ReporterInfo",
            "invalid_empty_account": "Account",
            "invalid_email_as_identifier_potentially_compromised_account": "AccountIdentifier",
            "invalid_exploit_wrong_cve": "CVE",
            "invalid_exploit_wrong_vector": "CVSS.Vector",
            "invalid_exploit_wrong_version": "CVSS.Version",
            "invalid_file_hash": "FileHash",
            "invalid_file_info": "FileSize",
            "invalid_first_seen": "FirstSeen",
            "invalid_host_name": "RpzDomain",
            "invalid_infringed_props": "InfringedMaterial",
            "invalid_internal_processing_wrong_data_type": "InternalProcessing",
            "invalid_ip": "SourceIp",
            "invalid_ip2": "SourceIp",
            "invalid_missing_account": "missing Report.Account",
            "invalid_missing_report": "missing Report",
            "invalid_missing_report_class_report_type": "missing Report.ReportClass",
            "invalid_missing_reporter": "missing ReporterInfo",
            "invalid_missing_reporter_props": "ReporterInfo.ReporterOrg",
            "invalid_missing_reporter_props2": "ReporterInfo must be an object",
            "invalid_missing_reporter_props3": "ReporterInfo must be an object",
            "invalid_missing_reporter_props4": "ReporterInfo must be an object",
            "invalid_missing_reporter_props5": "missing ReporterInfo.ReporterOrgEmail",
            "invalid_missing_url": "SourceUrl",
            "invalid_on_behalf_of": "OnBehalfOf.Complainant",
            "invalid_openservice": "ServiceName",
            "invalid_openservice2": "TransportProtocol",
            "invalid_openservice3": "ServiceName",
            "invalid_openservice4": "ServiceName",
            "invalid_openservice_missing_service": "ServiceName",
            "invalid_ports": "SourcePort",
            "invalid_report_class_report_type": "Report.ReportClass",
            "invalid_report_class_report_type2": "Report.ReportClass",
            "invalid_report_part": "missing Report.Date",
            "invalid_reporter_info": "ReporterInfo.ShouldNotBeHere",
            "invalid_reporter_metadata": "ReporterCaseID",
            "invalid_reporter_metadata2": "ReporterCaseID",
            "invalid_sample": "Report.Samples",
            "invalid_sample_2": "Report.Samples[0]",
            "invalid_type": "ReportClass",
            "invalid_used_ip_in_potentially_compromised_account": "Report.SourceIp is not allowed",
            "invalid_used_url_in_potentially_compromised_account": "Report.SourceUrl is not allowed",
            "invalid_version": "Version",
            // These two samples also misspell the type as "Harassed", which the schemas do not
            // define, so no Harassment requirements apply: the reason names the type.
            "harassment_sample_no_description": "Harassed",
            "harassment_sample_no_harasser": "Harassed",
        ]
        return table[name] ?? "<no expectation for \(name)>"
    }

    @Test("abusix negative sample is quarantined, naming the defect", arguments: abusixNegatives)
    func abusixNegative(path: String) throws {
        let analysis = XARFRecognizer.analyze(json: try XARFTestCorpus.bytes(path), context: Self.context)
        #expect(analysis.status == .quarantined, "\(path) was accepted")
        #expect(analysis.events.isEmpty)
        let reason = analysis.reason ?? ""
        let word = Self.expectedWord(forNegative: path)
        #expect(reason.contains(word), "\(path): expected '\(word)' in: \(reason)")
    }

    @Test("xarf-spec sample parses", arguments: specSamples)
    func specSample(path: String) throws {
        let analysis = XARFRecognizer.analyze(json: try XARFTestCorpus.bytes(path), context: Self.context)
        #expect(analysis.status == .parsed, "\(path): \(analysis.reason ?? "")")
        let event = try #require(analysis.events.first)
        let name = String(path.split(separator: "/").last ?? "")
        let expected: AbuseCategory? =
            switch name {
            case "spam_v3_sample.json": .spam
            case "ddos_v3_sample.json": .networkAttack
            case "phishing_v3_sample.json": .phishing
            case "botnet_v3_sample.json": .malware
            default: Self.expectedCategory(forSample: path)
            }
        #expect(event.category == expected, "\(path)")
        #expect(event.timeSource == .report)
        #expect(event.ip != nil || event.url != nil)
    }

    @Test("the corpus holds the samples these tests count on")
    func counts() {
        #expect(Self.abusixPositives.count == 102)
        #expect(Self.abusixNegatives.count == 206)
        #expect(Self.specSamples.count == 36)
    }
}
