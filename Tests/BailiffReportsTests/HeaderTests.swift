import Testing
@testable import BailiffReports

@Suite("RFC 5322 header block")
struct HeaderTests {
    @Test("split at first empty line, unfold, case-insensitive lookup", arguments: LineEnding.allCases)
    func basic(le: LineEnding) throws {
        let m = try parseOK("Subject: hello\n  world\nX-Thing: a\nsubject: second\n\nbody: not a header\n", le)
        #expect(m.headers.count == 3)
        #expect(m.headers["SUBJECT"] == "hello  world")
        #expect(m.headers.values("Subject") == ["hello  world", "second"])
        #expect(m.root.text == "body: not a header\n")
        let raw = String(decoding: m.headers.field("subject")!.raw, as: UTF8.self)
        #expect(raw == (le == .crlf ? "Subject: hello\r\n  world" : "Subject: hello\n  world"))
    }

    @Test("mbox From line is skipped")
    func mbox() throws {
        let m = try parseOK("From abuse@example.org Tue Mar 17 20:12:13 2015\nSubject: x\n\nbody")
        #expect(m.headers.count == 1)
        #expect(m.headers["subject"] == "x")
        #expect(m.defects.isEmpty)
    }

    @Test("junk lines are defects, not failures")
    func junk() throws {
        let m = try parseOK("Subject: x\nthis line has no colon\n\tstray\nTo: y\n\nbody")
        #expect(m.headers["to"] == "y")
        #expect(m.hasDefect(.junkHeaderLine))
        #expect(m.root.text == "body")
    }

    @Test("obsolete whitespace before colon, 8-bit header bytes")
    func obsolete() throws {
        var bytes = Array("Subject : caf".utf8) + [0xE9] + Array("\nFrom: x\n\n".utf8)
        var m = try parseOK(bytes)
        #expect(m.headers["subject"] == "café") // Latin-1 fallback
        bytes = Array("Subject: café\n\n".utf8)
        m = try parseOK(bytes)
        #expect(m.headers["subject"] == "café") // RFC 6532 UTF-8
    }

    @Test("headers only, no body")
    func noBody() throws {
        let m = try parseOK("Subject: only headers")
        #expect(m.root.body.isEmpty)
        #expect(m.subject == "only headers")
    }

    @Test("non-messages fail with a reason", arguments: [
        ("", MIMEParseFailure.Reason.empty),
        ("\r\n\r\n  \n", .empty),
        ("just some text\nwithout headers\n", .noHeader),
        (String(decoding: [0x00, 0xFF, 0x13, 0x37, 0x89, 0x0A, 0x41], as: UTF8.self), .noHeader),
    ])
    func failures(input: String, reason: MIMEParseFailure.Reason) {
        guard case .failure(let f) = MIMEParser.parse(input) else {
            Issue.record("expected failure"); return
        }
        #expect(f.reason == reason)
        #expect(!f.message.isEmpty)
    }
}
