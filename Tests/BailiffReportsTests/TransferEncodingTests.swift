import Testing
@testable import BailiffReports

@Suite("RFC 2045 §6 transfer encodings")
struct TransferEncodingTests {
    @Test("base64", arguments: [
        ("SGVsbG8=", "Hello", false),
        ("SGVs\r\n bG8", "Hello", false),          // whitespace, missing padding
        ("SG!Vs*bG8=", "Hello", true),              // invalid characters skipped
        ("SGk=SGk=", "HiHi", false),                // concatenated blobs
        ("SGVsbG8gV", "Hello ", false),             // lone trailing char dropped
    ])
    func base64(input: String, expected: String, invalid: Bool) {
        let r = Base64Decoder.decode(Array(input.utf8))
        #expect(String(decoding: r.bytes, as: UTF8.self) == expected)
        #expect((r.invalidCharacters > 0) == invalid)
    }

    @Test("quoted-printable", arguments: [
        ("a=3Db", "a=b", 0),
        ("soft=\nbreak", "softbreak", 0),
        ("soft=  \r\nbreak", "softbreak", 0),
        ("trailing   \nspace", "trailing\nspace", 0),
        ("keep=20\nspace", "keep \nspace", 0),
        ("bad=ZZescape", "bad=ZZescape", 1),
        ("end=", "end", 0),
        ("lower=e9", "lower\u{E9}", 0),
        ("=4", "=4", 1),
    ])
    func quotedPrintable(input: String, expected: String, invalid: Int) {
        let bytes = Array(input.utf8)
        let r = QuotedPrintableDecoder.decode(bytes, 0..<bytes.count)
        #expect(Bytes.latin1(r.bytes) == expected)
        #expect(r.invalidEscapes == invalid)
    }

    @Test("declared encodings in a message", arguments: [
        ("7bit", "plain", "plain", nil as MIMEDefect.Code?),
        ("8BIT", "plain", "plain", nil),
        ("binary", "plain", "plain", nil),
        ("base64", "cGxhaW4=", "plain", nil),
        ("Quoted-Printable", "pl=61in", "plain", nil),
        ("x-uuencode", "begin 644", "begin 644", .unknownTransferEncoding),
        ("base64", "cGxh!!aW4=", "plain", .invalidBase64),
    ])
    func inMessage(cte: String, body: String, expected: String, defect: MIMEDefect.Code?) throws {
        let m = try parseOK("Content-Transfer-Encoding: \(cte)\n\n\(body)")
        #expect(m.root.text == expected)
        if let defect { #expect(m.hasDefect(defect)) } else { #expect(m.defects.isEmpty, "\(m.defects)") }
    }
}
