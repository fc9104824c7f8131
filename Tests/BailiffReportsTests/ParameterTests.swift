import Testing
@testable import BailiffReports

@Suite("RFC 2045 §5.1 / RFC 2231 parameters")
struct ParameterTests {
    @Test("content types", arguments: [
        ("text/plain; charset=us-ascii (Plain text)", "text/plain", "charset", "us-ascii"),
        ("TEXT/HTML; CHARSET=\"UTF-8\"", "text/html", "charset", "UTF-8"),
        ("multipart/mixed; boundary=\"a\\\"b\\\\c\"", "multipart/mixed", "boundary", "a\"b\\c"),
        ("text / plain ; (comment ; with (nesting)) format = flowed", "text/plain", "format", "flowed"),
        ("application/pdf; name=my report.pdf", "application/pdf", "name", "my report.pdf"),
        ("multipart/mixed; boundary=----=_Part_1_2.3", "multipart/mixed", "boundary", "----=_Part_1_2.3"),
        ("text/plain;;; charset=utf-8;", "text/plain", "charset", "utf-8"),
        ("application/x; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", "application/x", "title", "This is ***fun***"),
        ("application/x; name*0*=utf-8''%E2%82%AC; name*1=\" rate\"; name*2*=%21", "application/x", "name", "€ rate!"),
        ("application/x; name*1=\"b\"; name*0=\"a\"", "application/x", "name", "ab"),       // out of order
        ("application/x; name=\"=?utf-8?B?w6Q=?=.txt\"", "application/x", "name", "ä.txt"),  // RFC 2047 in params (common)
        ("application/x; name*=iso-8859-1''caf%E9", "application/x", "name", "café"),
        ("application/x; name=\"plain\"; name*=utf-8''%C3%A9", "application/x", "name", "é"),   // RFC 2231 wins
    ])
    func contentType(value: String, mime: String, param: String, expected: String) {
        let (ct, _) = ContentType.parse(value)
        #expect(ct?.mimeType == mime)
        #expect(ct?.parameters[param] == expected)
    }

    @Test("disposition and filename with RFC 2231 continuation")
    func disposition() throws {
        let m = try parseOK("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: application/octet-stream
        Content-Disposition: ATTACHMENT;
          filename*0*=utf-8''%E2%82%AC%20;
          filename*1=invoice.pdf

        x
        --b--
        """)
        let part = try #require(m.root.children.first)
        #expect(part.disposition?.type == "attachment")
        #expect(part.isAttachment)
        #expect(part.filename == "€ invoice.pdf")
    }

    @Test("malformed values become defects", arguments: [
        "text/plain; charset=\"unterminated",
        "text/plain; (unterminated comment",
        "garbage",
        "text/plain; name*0=a; name*2=c",
        "text/plain; =novalue; x",
    ])
    func malformed(value: String) throws {
        let m = try parseOK("Content-Type: \(value)\n\nbody")
        #expect(!m.defects.isEmpty)
        #expect(m.root.contentType.type == "text")
        #expect(m.root.text == "body")
    }

    @Test("invalid content type falls back to text/plain")
    func fallback() throws {
        let m = try parseOK("Content-Type: not a type\n\nx")
        #expect(m.root.mimeType == "text/plain")
        #expect(m.hasDefect(.malformedContentType))
    }
}
