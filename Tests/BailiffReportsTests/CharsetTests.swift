import Testing
@testable import BailiffReports

@Suite("Charsets")
struct CharsetTests {
    @Test("decoding", arguments: [
        ("utf-8", [0xE2, 0x82, 0xAC] as [UInt8], "€"),
        ("US-ASCII", Array("abc".utf8), "abc"),
        ("latin1", [0x63, 0x61, 0x66, 0xE9], "café"),
        ("ISO_8859-1", [0xE9], "é"),
        ("windows-1252", [0x80, 0x93, 0x94], "€“”"),
        ("cp1252", [0x80], "€"),
        ("iso-8859-15", [0xA4], "€"),
        ("ISO-8859-2", [0xB1], "ą"),
        ("koi8-r", [0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "привет"),
        ("euc-jp", [0xA5, 0xC6, 0xA5, 0xB9, 0xA5, 0xC8], "テスト"),
        ("Shift_JIS", [0x83, 0x65, 0x83, 0x58, 0x83, 0x67], "テスト"),
        ("GB18030", [0xD6, 0xD0, 0xCE, 0xC4], "中文"),
        ("\"utf-8\"", [0x61], "a"),
    ])
    func decode(charset: String, bytes: [UInt8], expected: String) {
        let r = Charsets.decode(bytes, charset: charset)
        #expect(r.text == expected)
        #expect(r.problem == nil)
    }

    @Test("alias normalisation", arguments: [
        ("UTF8", "utf-8"), ("Latin-1", "iso-8859-1"), ("win-1251", "windows-1251"), ("x-sjis", "cp932"),
        ("ks_c_5601-1987", "cp949"), ("iso8859_5", "iso-8859-5"), (" \"GB2312\" ", "gb18030"), ("utf-8*de", "utf-8"),
    ])
    func normalize(name: String, expected: String) {
        #expect(Charsets.normalize(name) == expected)
    }

    @Test("unknown charset and invalid bytes fall back with a defect")
    func fallback() throws {
        var r = Charsets.decode(Array("abc".utf8), charset: "x-made-up")
        #expect(r.text == "abc")
        #expect(r.problem?.code == .unknownCharset)
        r = Charsets.decode([0x61, 0xFF, 0x62], charset: "utf-8")
        #expect(r.text == "a\u{FFFD}b")
        #expect(r.problem?.code == .invalidCharsetBytes)
        r = Charsets.decode([0x61, 0xFF, 0x62], charset: "shift_jis")
        #expect(r.problem?.code == .invalidCharsetBytes)
        #expect(r.text.hasPrefix("a"))
        r = Charsets.decode(Array("x".utf8), charset: "../../etc/passwd")
        #expect(r.problem?.code == .unknownCharset)

        let m = try parseOK(Array("Content-Type: text/plain; charset=bogus-9\n\nhi".utf8))
        #expect(m.root.text == "hi")
        #expect(m.hasDefect(.unknownCharset))
    }

    @Test("iconv wrapper handles large input and stateful encodings")
    func iconvLarge() throws {
        let conv = try #require(IconvConverter(from: "iso-2022-jp-2"))
        let unit: [UInt8] = [0x1B, 0x24, 0x42, 0x25, 0x46, 0x25, 0x39, 0x25, 0x48, 0x1B, 0x28, 0x42, 0x0A]
        let input = Array([[UInt8]](repeating: unit, count: 10_000).joined())
        let (text, invalid) = conv.convert(input)
        #expect(invalid == 0)
        #expect(text.count == 40_000)
    }
}
