import Testing
@testable import BailiffReports

@Suite("RFC 2046 structure")
struct StructureTests {
    @Test("ARF report: multipart/report with feedback-report and message/rfc822", arguments: LineEnding.allCases)
    func arf(le: LineEnding) throws {
        let m = try parseOK(Fixtures.arf, le)
        #expect(m.root.mimeType == "multipart/report")
        #expect(m.root.contentType.parameters["report-type"] == "feedback-report")
        #expect(m.root.children.map(\.mimeType) == ["text/plain", "message/feedback-report", "message/rfc822"])
        let fr = try #require(m.parts(withMIMEType: "message/feedback-report").first)
        #expect(fr.text?.contains("Source-IP: 192.0.2.7") == true)
        let embedded = try #require(m.root.children[2].embeddedMessage)
        #expect(embedded.subject == "Earn money")
        #expect(embedded.received.count == 1)
        #expect(embedded.received.first?.by?.hasPrefix("example.com") == true)
        #expect(embedded.received.first?.date == 1110304800) // 2005-03-08 18:00:00 UTC
        #expect(embedded.text == "Spam Spam Spam\nSpam Spam Spam")
        #expect(m.subject == "Abuse report for 192.0.2.7")
        #expect(m.textBody?.hasPrefix("This is an email abuse report") == true)
        #expect(m.allParts.count == 5)
        #expect(m.defects.isEmpty, "\(m.defects)")
    }

    @Test("nested multipart, preamble/epilogue ignored, QP and base64", arguments: LineEnding.allCases)
    func nested(le: LineEnding) throws {
        let m = try parseOK(Fixtures.nested, le)
        #expect(m.allParts.map(\.mimeType) == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/octet-stream"])
        #expect(m.allParts.map(\.path) == ["", "1", "1.1", "1.2", "2"])
        let plain = m.allParts[2]
        #expect(plain.text == "Café crème brûlée")
        let bin = m.allParts[4]
        #expect(bin.body == Array(0...9))
        #expect(bin.filename == "evidence.bin")
        #expect(bin.text == nil)
        #expect(m.textBody == "Café crème brûlée")
        #expect(m.defects.isEmpty, "\(m.defects)")
    }

    @Test("boundary lines with trailing whitespace; missing close is a defect")
    func boundaries() throws {
        let m = try parseOK("Content-Type: multipart/mixed; boundary=\"xx\"\n\n--xx  \t\n\none\n--xx\n\ntwo\n--xxnot-a-boundary\nstill two\n")
        #expect(m.root.children.count == 2)
        #expect(m.root.children[0].text == "one")
        #expect(m.root.children[1].text == "two\n--xxnot-a-boundary\nstill two\n")
        #expect(m.hasDefect(.missingClosingBoundary))
    }

    @Test("no boundary parameter / boundary never found keep the body as text")
    func noBoundary() throws {
        var m = try parseOK("Content-Type: multipart/mixed\n\nhello")
        #expect(m.hasDefect(.missingBoundaryParameter))
        #expect(m.root.text == "hello")
        m = try parseOK("Content-Type: multipart/mixed; boundary=zz\n\nhello")
        #expect(m.hasDefect(.noBoundaryFound))
        #expect(m.root.text == "hello")
    }

    @Test("multipart/digest children default to message/rfc822")
    func digest() throws {
        let m = try parseOK("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: first\n\none\n--d\n\nSubject: second\n\ntwo\n--d--\n")
        #expect(m.root.children.map(\.mimeType) == ["message/rfc822", "message/rfc822"])
        #expect(m.root.children.compactMap { $0.embeddedMessage?.subject } == ["first", "second"])
    }

    @Test("message/global parsed, text/rfc822-headers and delivery-status kept as text")
    func messageTypes() throws {
        let m = try parseOK("""
        Content-Type: multipart/report; boundary=r

        --r
        Content-Type: message/global

        Subject: Grüße

        hi
        --r
        Content-Type: text/rfc822-headers

        Subject: only headers
        --r
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example
        --r--
        """)
        #expect(m.root.children[0].embeddedMessage?.subject == "Grüße")
        #expect(m.root.children[1].text == "Subject: only headers")
        #expect(m.root.children[2].text == "Reporting-MTA: dns; mx.example")
    }

    @Test("part without headers, and part starting with text")
    func headerlessParts() throws {
        let m = try parseOK("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno headers\n--b\nstraight into text\n--b--\n")
        #expect(m.root.children[0].text == "no headers")
        #expect(m.root.children[0].contentTypeIsDefault)
        #expect(m.root.children[1].text == "straight into text")
        #expect(m.hasDefect(.missingHeaderBodySeparator))
    }

    @Test("base64-encoded message/rfc822 is decoded then parsed")
    func encodedEmbedded() throws {
        let inner = "Subject: inner\n\nbody\n"
        let b64 = Array(inner.utf8).base64ForTest
        let m = try parseOK("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n\(b64)\n")
        #expect(m.root.embeddedMessage?.subject == "inner")
        #expect(m.root.embeddedMessage?.path == "msg")
    }

    @Test("embedded non-message is kept as text with a defect")
    func badEmbedded() throws {
        let m = try parseOK("Content-Type: message/rfc822\n\nthis is no message\n")
        #expect(m.root.embeddedMessage == nil)
        #expect(m.root.text == "this is no message\n")
        #expect(m.hasDefect(.malformedEmbeddedMessage))
    }

    @Test("textBody falls back to stripped HTML")
    func htmlBody() throws {
        let m = try parseOK("Content-Type: text/html\n\n<html><head><style>p{}</style></head><body><p>Hello &amp; <b>bye</b>&#33;</p><!-- c --></body></html>")
        #expect(m.textBody == "Hello & bye!")
    }
}

extension Array where Element == UInt8 {
    /// Tiny base64 encoder for building fixtures.
    var base64ForTest: String {
        let a = [Character]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var s = ""
        var i = 0
        while i < count {
            let b0 = Int(self[i]), b1 = i + 1 < count ? Int(self[i + 1]) : 0, b2 = i + 2 < count ? Int(self[i + 2]) : 0
            s.append(a[b0 >> 2]); s.append(a[((b0 & 3) << 4) | (b1 >> 4)])
            s.append(i + 1 < count ? a[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            s.append(i + 2 < count ? a[b2 & 63] : "=")
            i += 3
        }
        return s
    }
}
