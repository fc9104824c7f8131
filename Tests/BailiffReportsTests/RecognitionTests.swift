import BailiffCore
import Foundation
import Testing
@testable import BailiffReports

@Suite struct ARFRecognitionTests {
    static let receivedAt: Int64 = 1_780_000_000

    static func analyze(_ text: String, infrastructure: Set<IPAddress> = []) -> ReportAnalysis {
        ReportAnalyzer().analyze(Array(text.utf8), context: AnalysisContext(receivedAt: receivedAt, isProviderInfrastructure: { infrastructure.contains($0) }))
    }

    /// The ARF fields Bailiff reads must match what stalwart-mail-auth's own expectation files
    /// say of its samples (feedback type, arrival date, source, agent, version, incidents, URIs,
    /// domains, original sender and recipient, reporting MTA).
    @Test(arguments: ["001", "002", "003", "004", "005"])
    func stalwartARFFieldsMatch(sample: String) throws {
        let folder = try #require(Corpus.root).appendingPathComponent("stalwart-mail-auth/resources/arf")
        let mail = try Data(contentsOf: folder.appendingPathComponent("\(sample).eml"))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(sample).json"))) as? [String: Any])
        guard case .success(let message) = MIMEParser.parse([UInt8](mail)) else { Issue.record("not a mail"); return }
        let part = try #require(message.allParts.first { $0.mimeType == "message/feedback-report" })
        let report = ARFReport.parse(try #require(part.text)).report
        // stalwart writes feedback types in CamelCase ("AuthFailure"); RFC 6591 spells them "auth-failure".
        #expect(report.feedbackType.replacingOccurrences(of: "-", with: "") == (expected["feedback_type"] as? String)?.lowercased())
        #expect(report.arrivalDate == (expected["arrival_date"] as? NSNumber)?.int64Value)
        #expect(report.sourceIP?.description == expected["source_ip"] as? String)
        #expect(report.userAgent == expected["user_agent"] as? String)
        #expect(report.version == (expected["version"] as? NSNumber).map { "\($0)" })
        #expect(report.incidents ?? 1 == (expected["incidents"] as? NSNumber)?.intValue)
        #expect(report.reportedURIs == expected["reported_uri"] as? [String])
        #expect(report.reportedDomains == expected["reported_domain"] as? [String])
        #expect(report.originalMailFrom == expected["original_mail_from"] as? String)
        #expect(report.originalRcptTo.first == expected["original_rcpt_to"] as? String)
        #expect(report.reportingMTA == expected["reporting_mta"] as? String)
        let analysis = ReportAnalyzer().analyze([UInt8](mail), context: AnalysisContext(receivedAt: Self.receivedAt))
        #expect(analysis.status == .parsed && analysis.format == "arf")
        #expect(analysis.events.count == 1)
    }

    @Test func everySisimaiARFSampleYieldsOneSpamEvent() throws {
        let folder = try #require(Corpus.root).appendingPathComponent("sisimai-set-of-emails/maildir/bsd")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("arf-") }.sorted()
        #expect(files.count >= 15)
        for file in files {
            let analysis = ReportAnalyzer().analyze([UInt8](try Data(contentsOf: folder.appendingPathComponent(file))), context: AnalysisContext(receivedAt: Self.receivedAt))
            #expect(analysis.status != .quarantined, "\(file): \(analysis.reason ?? "")")
            if analysis.status == .parsed {
                #expect(analysis.events.count == 1 && analysis.events[0].ip != nil, "\(file)")
            }
        }
    }

    static let arfWithoutSourceIP = """
        From: fbl@mailbox.example
        To: abuse@provider.example
        Subject: complaint
        Date: Mon, 02 Jun 2025 10:00:00 +0000
        Received: from relay.mailbox.example ([203.0.113.250]) by mx.provider.example; Mon, 02 Jun 2025 10:00:01 +0000
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="b"

        --b
        Content-Type: text/plain

        A complaint.
        --b
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: FBL/2.0
        Version: 1

        --b
        Content-Type: message/rfc822

        Received: from mx.mailbox.example (10.1.2.3) by store.mailbox.example; Sun, 01 Jun 2025 23:00:05 +0000
        Received: from out.provider.example (out.provider.example [198.18.0.25]) by mx.mailbox.example; Sun, 01 Jun 2025 23:00:04 +0000
        Received: from vps-77 (vps-77.customers.provider.example [198.18.1.77]) by out.provider.example; Sun, 01 Jun 2025 23:00:03 +0000
        From: shop@vps77.example
        Subject: Buy now

        buy
        --b--
        """

    /// No Source-IP: the source is the first hop outside the reporter in the reported message's
    /// own chain — past the reporter's internal hop (10.1.2.3) and past our own mail relay
    /// (198.18.0.25) to the customer's machine; never the report's own Received header.
    @Test func sourceComesFromTheReportedMessagesChainNotTheReportersHeaders() {
        let analysis = Self.analyze(Self.arfWithoutSourceIP, infrastructure: [try! IPAddress(parsing: "198.18.0.25")])
        #expect(analysis.status == .parsed)
        #expect(analysis.events.map(\.ip?.description) == ["198.18.1.77"])
        #expect(analysis.events.first?.occurredAt == Timestamp.parse("2025-06-01T23:00:03Z"))
        #expect(analysis.events.first?.timeSource == .report)
        // Without knowing our relay, the relay itself is the first outside hop.
        #expect(Self.analyze(Self.arfWithoutSourceIP).events.map(\.ip?.description) == ["198.18.0.25"])
    }

    @Test func notSpamAndSourcelessReports() {
        let notSpam = Self.arfWithoutSourceIP.replacingOccurrences(of: "Feedback-Type: abuse", with: "Feedback-Type: not-spam")
        #expect(Self.analyze(notSpam).status == .notAReport)
        let sourceless = Self.arfWithoutSourceIP.components(separatedBy: "--b\nContent-Type: message/rfc822")[0] + "--b--\n"
        let analysis = Self.analyze(sourceless)
        #expect(analysis.status == .quarantined)
        #expect(analysis.reason?.contains("no Source-IP") == true)
    }
}

@Suite struct NotAReportAndFreeTextTests {
    static func analyze(_ text: String) -> ReportAnalysis {
        ReportAnalyzer().analyze(Array(text.utf8), context: AnalysisContext(receivedAt: 1_780_000_000))
    }

    @Test(arguments: [
        "From: MAILER-DAEMON@x.example\nContent-Type: multipart/report; report-type=delivery-status; boundary=z\n\n--z\nContent-Type: text/plain\n\nfailed\n--z--\n",
        "From: someone@x.example\nAuto-Submitted: auto-replied\nSubject: Re: abuse\n\nI am away until Monday.\n",
        "From: someone@x.example\nSubject: Out of Office: your message\n\nAway.\n",
        "From: noreply-dmarc@google.example\nSubject: Report domain: provider.example Submitter: google.com Report-ID: 123\n\nsee attachment\n",
        "From: news@shop.example\nList-Id: <news.shop.example>\nSubject: Our offers\n\nBuy 203.0.113.9 now\n",
        "From: support@other.example\nSubject: [Ticket#123] Your request has been received\n\nThank you.\n",
    ])
    func thingsThatAreNotReports(text: String) {
        #expect(Self.analyze(text).status == .notAReport)
    }

    @Test func freeTextTakesAddressesInContextNeverFromTransportHeaders() {
        let text = """
            From: admin@victim.example
            Received: from mail.victim.example (mail.victim.example [203.0.113.5]) by mx.provider.example
            Subject: SSH brute force

            Hello, your customer at 198.51.100.23 has been running a brute force attack against
            our SSH server (203.0.113.5 is ours) since 2025-06-01 12:34:56 UTC. Our internal
            host 10.0.0.8 logged it. Please stop it.
            """
        let analysis = Self.analyze(text)
        #expect(analysis.status == .parsed && analysis.format == "free-text")
        #expect(analysis.events.map(\.ip?.description) == ["198.51.100.23"])
        #expect(analysis.events.first?.category == .intrusion)
    }

    @Test func aTimeOnTheLineWinsThenTheReportsTimeThenTheMessageDate() {
        let text = "From: a@b.example\nDate: Tue, 03 Jun 2025 08:00:00 +0000\nSubject: spam\n\nmore spam from 198.51.100.41\n2025-06-01T12:00:00+02:00 spam from 198.51.100.40\nAt 2025-06-01 09:30:00 CEST from 198.51.100.42\n"
        let events = Self.analyze(text).events
        // .41's line has no time: the first time the report states applies to it.
        #expect(events.map(\.occurredAt) == [Timestamp.parse("2025-06-01T10:00:00Z")!, Timestamp.parse("2025-06-01T10:00:00Z")!, Timestamp.parse("2025-06-01T07:30:00Z")!])
        #expect(events.map(\.timeSource) == [.report, .report, .report])
        let undated = Self.analyze("From: a@b.example\nDate: Tue, 03 Jun 2025 08:00:00 +0000\nSubject: spam\n\nspam from 198.51.100.41\n").events
        #expect(undated.map(\.occurredAt) == [Timestamp.parse("2025-06-03T08:00:00Z")!])
        #expect(undated.map(\.timeSource) == [.messageDate])
    }

    @Test func zonesWrittenAfterATimeAreApplied() {
        #expect(FreeTextRecognizer.time(in: "seen 2015-09-14 07:49:54 CEST here") == Timestamp.parse("2015-09-14T05:49:54Z"))
        #expect(FreeTextRecognizer.time(in: "Time: 2015-05-15 17:03:11-07:00") == Timestamp.parse("2015-05-16T00:03:11Z"))
        #expect(FreeTextRecognizer.time(in: "2016-10-11 20:46 ~ 2016-10-11 21:16 (UTC)") == Timestamp.parse("2016-10-11T20:46:00Z"))
        #expect(FreeTextRecognizer.time(in: "on 2016-10-11 only") == Timestamp.parse("2016-10-11T00:00:00Z"))
        #expect(FreeTextRecognizer.time(in: "at 2022-11-27 23:27:05 (UTC)") == Timestamp.parse("2022-11-27T23:27:05Z"))
        #expect(FreeTextRecognizer.time(in: "2024-01-02 03:04:05 +0100 x") == Timestamp.parse("2024-01-02T02:04:05Z"))
        #expect(FreeTextRecognizer.time(in: "2024-01-02 03:04:05.123 PST") == Timestamp.parse("2024-01-02T11:04:05Z"))
        #expect(FreeTextRecognizer.time(in: #"10.0.0.1 - - [19/Apr/2026:03:09:22 +0200] "POST /xmlrpc.php""#) == Timestamp.parse("2026-04-19T01:09:22Z"))
    }

    @Test func unclassifiableOrEmptyTextIsQuarantinedWithAReason() {
        let vague = Self.analyze("From: a@b.example\nSubject: hello\n\nPlease look at 198.51.100.7, thanks.\n")
        #expect(vague.status == .quarantined && vague.reason?.contains("198.51.100.7") == true)
        let empty = Self.analyze("From: a@b.example\nSubject: spam\n\nyou know what you did\n")
        #expect(empty.status == .quarantined && empty.reason?.contains("no outside IP") == true)
        #expect(Self.analyze("").status == .quarantined)
        #expect(Self.analyze("\u{0}\u{1}binary").status == .quarantined)
    }

    @Test func addressScannerFindsAddressesAndNotLookalikes() {
        let text = "[192.0.2.1], 192.0.2.2. (2001:db8::5) 192.0.2.3:8080 version 1.2.3 at 12:00:01 fe80::1%eth0 999.1.1.1 2001:db8::"
        #expect(AddressScanner.addresses(in: text).map(\.description) == ["192.0.2.1", "192.0.2.2", "2001:db8::5", "192.0.2.3", "fe80::1", "2001:db8::"])
    }
}

@Suite struct IPNoticeTests {
    /// The anti-piracy notices of the corpus assert authority but never show a prior attempt to
    /// contact the infringer nor proof of ownership: a person applying the AUP calls them
    /// non-compliant for exactly those two reasons.
    @Test func corpusCopyrightNoticesAreNonCompliantForTheRightReasons() throws {
        let root = try #require(Corpus.root).appendingPathComponent("AbuseIO/extra/notifier-samples")
        var files: [URL] = []
        for folder in ["ip-echelon", "copyrightcompliance"] {
            let directory = root.appendingPathComponent(folder)
            files += try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.map { directory.appendingPathComponent($0) }
        }
        #expect(files.count >= 18)
        for file in files {
            let analysis = ReportAnalyzer().analyze([UInt8](try Data(contentsOf: file)), context: AnalysisContext(receivedAt: 1_780_000_000))
            #expect(analysis.format == "ip-notice", "\(file.lastPathComponent)")
            #expect(analysis.ipNotice?.missing == [.priorContactAttempt, .proofOfOwnership], "\(file.lastPathComponent)")
        }
    }

    @Test func aCompliantNoticeBecomesAnEventAndSaysSo() {
        let notice = """
            From: legal@studio.example
            Subject: DMCA notice: copyright infringement at 198.51.100.80
            Date: Mon, 02 Jun 2025 09:00:00 +0000

            We are the owner of the copyright in "Our Film" (copyright registration number PA0002345678).
            The infringing material is at http://198.51.100.80/films/our-film.mp4 (198.51.100.80).
            We contacted the site owner on 2025-05-20 and received no response.
            """
        let analysis = ReportAnalyzer().analyze(Array(notice.utf8), context: AnalysisContext(receivedAt: 1_780_000_000))
        #expect(analysis.status == .parsed && analysis.format == "ip-notice")
        #expect(analysis.ipNotice?.isCompliant == true)
        #expect(analysis.events.contains { $0.ip?.description == "198.51.100.80" && $0.category == .ipInfringement })
        #expect(analysis.jsonLine(file: "n").contains("\"compliance\": {\"compliant\": true, \"missing\": []}"))

        let bare = notice.replacingOccurrences(of: "We contacted the site owner on 2025-05-20 and received no response.", with: "")
            .replacingOccurrences(of: " (copyright registration number PA0002345678)", with: "")
        let missing = ReportAnalyzer().analyze(Array(bare.utf8), context: AnalysisContext(receivedAt: 1_780_000_000))
        #expect(missing.ipNotice?.missing == [.priorContactAttempt, .proofOfOwnership])
        #expect(missing.reason?.contains("non-compliant") == true)
    }
}

@Suite struct FreeTextKeywordTests {
    @Test func keywordsStartWordsAndShortOnesAreWholeWords() {
        #expect(FreeTextRecognizer.category(in: "we want to reduce soc resources") == nil)
        #expect(FreeTextRecognizer.category(in: "comment spamming from your network") == .spam)
        #expect(FreeTextRecognizer.category(in: "this is uce from 192.0.2.1") == .spam)
        #expect(FreeTextRecognizer.category(in: "a minor issue; see our privacy policy and threat intelligence") == nil)
        #expect(FreeTextRecognizer.category(in: "part of a ddos botnet") == .networkAttack)
        #expect(FreeTextRecognizer.category(in: "a botnet member") == .malware)
        #expect(FreeTextRecognizer.category(in: "account takeover attempts by a botnet") == .intrusion)
        #expect(FreeTextRecognizer.category(in: "open recursive resolver used for an amplification attack") == .vulnerable)
    }
}
