import Testing
@testable import BailiffReports

@Suite("Dates, ids, Received")
struct DateAndIDTests {
    // 2015-03-17 19:12:13 UTC = 1426619533
    @Test("RFC 5322 §3.3 and obsolete forms", arguments: [
        ("Tue, 17 Mar 2015 20:12:13 +0100", 1426619533 as Int64?),
        ("17 Mar 2015 20:12:13 +0100", 1426619533),
        ("Tue, 17 Mar 15 20:12:13 +0100", 1426619533),              // two-digit year
        ("Tue, 17 Mar 115 20:12:13 +0100", 1426619533),             // three-digit year
        ("Tue, 17 Mar 2015 14:12:13 EST", 1426619533),
        ("Tue, 17 Mar 2015 11:12:13 PST", 1426619533),
        ("Tue, 17 Mar 2015 19:12:13 GMT", 1426619533),
        ("Tue, 17 Mar 2015 19:12:13 UT", 1426619533),
        ("Tue, 17 Mar 2015 19:12 +0000", 1426619520),               // missing seconds
        ("Tue,  17  Mar  2015  20:12:13  +0100  (CET)", 1426619533),
        ("Tue Mar 17 19:12:13 2015", 1426619533),                   // asctime
        ("17 March 2015 19:12:13 Z", 1426619533),
        ("Thu, 1 Jan 1970 00:00:00 +0000", 0),
        ("Sat, 29 Feb 2020 12:00:00 -0000", 1582977600),
        ("Fri, 30 Feb 2015 12:00:00 +0000", nil),
        ("yesterday", nil),
        ("Tue, 17 Mar 2015 25:12:13 +0100", nil),
        ("", nil),
    ])
    func dates(value: String, expected: Int64?) {
        #expect(RFC5322Date.parse(value) == expected)
    }

    @Test("message ids", arguments: [
        ("<abc@example.org>", ["abc@example.org"]),
        ("  <a@b> (comment <x@y>) <c@d>", ["a@b", "c@d"]),
        ("<a@b>,<c@d>\t<e\n f@g>", ["a@b", "c@d", "ef@g"]),
        ("bare@example.org", ["bare@example.org"]),
        ("<unterminated@x", []),
        ("", []),
    ])
    func ids(value: String, expected: [String]) {
        #expect(MessageIDs.parse(value) == expected)
    }

    @Test("message accessors")
    func accessors() throws {
        let m = try parseOK("""
        Received: from a.example (a.example [192.0.2.1]) by b.example with ESMTPS id 123 for <x@y>; Tue, 17 Mar 2015 20:12:13 +0100
        Received: from c.example by a.example; Tue, 17 Mar 2015 20:12:00 +0100
        Message-ID: <m1@example>
        In-Reply-To: <m0@example>
        References: <a@example> <m0@example>
        Date: Tue, 17 Mar 2015 20:12:13 +0100

        x
        """)
        #expect(m.received.count == 2)
        #expect(m.received[0].from == "a.example (a.example [192.0.2.1])")
        #expect(m.received[0].by == "b.example")
        #expect(m.received[0].with == "ESMTPS")
        #expect(m.received[0].for == "<x@y>")
        #expect(m.received[1].date == 1426619520)
        #expect(m.messageID == "m1@example")
        #expect(m.inReplyTo == ["m0@example"])
        #expect(m.references == ["a@example", "m0@example"])
        #expect(m.date == 1426619533)
    }
}
