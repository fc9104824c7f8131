import Testing
import BailiffCore
@testable import BailiffReports

/// SpamCop reports: the corpus sample (forwarded by a ticket system) and hand-written reports
/// in SpamCop's V5 layout, URL reports, and a report naming its source only in the attached spam.
struct SpamCopRecognizerTests {
    @Test(.enabled(if: FeedCorpus.isAvailable)) func vpsfreeSample() throws {
        let message = try feedMessage(try FeedCorpus.bytes("vpsfree-cz-configuration/spec/fixtures/emails/spamcop.eml"))
        let analysis = try #require(SpamCopRecognizer().analyze(message, context: feedContext()))
        #expect(analysis.status == .parsed)
        #expect(analysis.format == "spamcop")
        let event = try #require(analysis.events.first)
        #expect(analysis.events.count == 1)
        #expect(event.ip == IPAddress("10.42.9.42"))
        #expect(event.occurredAt == epoch("2025-01-02T03:04:05Z"))  // "Email from 10.42.9.42 / Thu, 02 Jan 2025 03:04:05 +0000"
        #expect(event.timeSource == .report)
        #expect(event.category == .spam)
        #expect(event.excerpt == "Email from 10.42.9.42 / Thu, 02 Jan 2025 03:04:05 +0000")
    }

    @Test(.enabled(if: FeedCorpus.isAvailable)) func otherCorpusMailsAreNotClaimed() throws {
        for path in ["vpsfree-cz-configuration/spec/fixtures/emails/fail2ban.eml", "AbuseIO/extra/notifier-samples/blocklistde/Blocklistde_Example_1.eml",
                     "AbuseIO/extra/notifier-samples/shadowserver/2015-01-01-scan_ntp-sample-asn.csv.zip.eml"] {
            #expect(SpamCopRecognizer().analyze(try feedMessage(try FeedCorpus.bytes(path)), context: feedContext()) == nil)
        }
    }

    static let urlReport = """
    From: SpamCop <1234567890@reports.spamcop.net>
    To: abuse@example.net
    Subject: [SpamCop (http://shop.example.com/pills) id:7012345678]Cheap meds
    Date: Wed, 11 Jul 2018 12:00:00 -0000

    [ SpamCop V5.3.0 ]
    This message is brief for your comfort.  Please use links below for details.

    Spamvertised web site: http://shop.example.com/pills
    https://www.spamcop.net/w3m?i=z7012345678z0123456789abcdef
    http://shop.example.com/pills is 198.51.100.20; Wed, 11 Jul 2018 11:45:50 GMT

    [ Offending message ]
    Subject: Cheap meds

    """

    @Test func spamvertisedWebSite() throws {
        let analysis = try #require(SpamCopRecognizer().analyze(try feedMessage(Self.urlReport), context: feedContext()))
        #expect(analysis.status == .parsed)
        let event = try #require(analysis.events.first)
        #expect(analysis.events.count == 1)
        #expect(event.url == "http://shop.example.com/pills")
        #expect(event.ip == IPAddress("198.51.100.20"))
        #expect(event.occurredAt == epoch("2018-07-11T11:45:50Z"))
        #expect(event.category == .spam)
    }

    @Test func sourceFromAttachedSpamReceivedChain() throws {
        let text = """
        From: SpamCop <1234567890@reports.spamcop.net>
        To: abuse@example.net
        Subject: Spam report
        Date: Wed, 11 Jul 2018 12:00:00 -0000
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="s"

        --s
        Content-Type: text/plain

        [ SpamCop V5.3.0 ]
        Please see the attached message.
        --s
        Content-Type: message/rfc822

        Received: from mx.example.org (mx.example.org [192.0.2.25])
            by inbound.example.net with ESMTP id 1; Wed, 11 Jul 2018 11:40:00 +0000
        Received: from unknown (HELO spammer) ([203.0.113.66])
            by mx.example.org with SMTP; Wed, 11 Jul 2018 11:39:58 +0000
        Subject: Buy now

        spam
        --s--

        """
        // 192.0.2.25 is our own relay: the next hop out is the source.
        let analysis = try #require(SpamCopRecognizer().analyze(try feedMessage(text), context: feedContext(infrastructure: ["192.0.2.25"])))
        #expect(analysis.status == .parsed)
        #expect(analysis.events.first?.ip == IPAddress("203.0.113.66"))
        #expect(analysis.events.first?.occurredAt == epoch("2018-07-11T11:39:58Z"))
        #expect(analysis.reason == "source from the Received chain of the attached spam")
    }

    @Test func subjectOnlyAndNothing() throws {
        let subjectOnly = "From: x@reports.spamcop.net\nSubject: [SpamCop (192.0.2.99) id:1]\nDate: Wed, 11 Jul 2018 12:00:00 -0000\n\nno details\n"
        let analysis = try #require(SpamCopRecognizer().analyze(try feedMessage(subjectOnly), context: feedContext()))
        #expect(analysis.events.first?.ip == IPAddress("192.0.2.99"))
        #expect(analysis.events.first?.timeSource == .messageDate)
        let nothing = "From: x@reports.spamcop.net\nSubject: hello\n\nno details\n"
        #expect(SpamCopRecognizer().analyze(try feedMessage(nothing), context: feedContext())
                == .quarantined("spamcop", "SpamCop report without a source address or URL"))
        let notSpamCop = "From: x@example.org\nSubject: hello\n\nEmail from 192.0.2.1 / today\n"
        #expect(SpamCopRecognizer().analyze(try feedMessage(notSpamCop), context: feedContext()) == nil)
    }
}
