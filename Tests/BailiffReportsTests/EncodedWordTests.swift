import Testing
@testable import BailiffReports

@Suite("RFC 2047 encoded words")
struct EncodedWordTests {
    @Test(arguments: [
        ("=?UTF-8?B?4oKsIDEwMA==?=", "€ 100"),
        ("=?iso-8859-1?q?caf=E9_cr=E8me?=", "café crème"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),                       // whitespace between words dropped
        ("=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"),
        ("x =?utf-8?q?a?= y", "x a y"),                               // whitespace to text kept
        ("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?=", "€"),                   // multibyte char split across words
        ("=?windows-1251?B?7/Do4uXy?=", "привет"),
        ("=?koi8-r?b?0NLJ18XU?=", "привет"),
        ("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "テスト"),
        ("=?shift_jis?B?g2WDWINn?=", "テスト"),
        ("=?gb2312?B?1tDOxA==?=", "中文"),
        ("=?big5?B?pKSk5Q==?=", "中文"),
        ("=?utf-8*en?q?lang?=", "lang"),                               // RFC 2231 language suffix
        ("=?utf-8?x?bad?=", "=?utf-8?x?bad?="),                        // unknown encoding: left alone
        ("=?utf-8?q?unterminated", "=?utf-8?q?unterminated"),
        ("=?utf-8?b?!!!?=", "=?utf-8?b?!!!?="),
        ("=?no-such-charset?q?abc?=", "abc"),                          // lossy fallback
        ("plain = text ?= here", "plain = text ?= here"),
        ("=?=?=?=?", "=?=?=?=?"),
    ])
    func decode(input: String, expected: String) {
        #expect(EncodedWords.decode(input) == expected)
    }

    @Test("display name in From")
    func fromDisplayName() throws {
        let m = try parseOK("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\nSubject: =?utf-8?B?w6TDtsO8?=\n\n")
        #expect(m.root.from == "Jürgen Müller <jm@example.de>")
        #expect(m.subject == "äöü")
    }
}
