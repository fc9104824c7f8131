import BailiffCore
import BailiffWeb
import Testing

@Suite struct TOTPTests {
    static let secret = Array("12345678901234567890".utf8)

    /// RFC 6238 Appendix B (SHA-1), last six of the eight digits.
    @Test(arguments: [(Int64(59), "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"), (2_000_000_000, "279037")])
    func matchesTheRFCVectors(time: Int64, code: String) {
        #expect(TOTP(secret: Self.secret).code(at: time) == code)
    }

    @Test func acceptsOneStepOfDriftAndEachCodeOnce() {
        let totp = TOTP(secret: Self.secret)
        let now: Int64 = 1_234_567_890
        let previous = totp.code(at: now - 30), next = totp.code(at: now + 30), tooOld = totp.code(at: now - 60)
        #expect(totp.verify(previous, at: now, lastUsedStep: nil) == totp.step(at: now) - 1)
        #expect(totp.verify(next, at: now, lastUsedStep: nil) == totp.step(at: now) + 1)
        #expect(totp.verify(tooOld, at: now, lastUsedStep: nil) == nil)
        let used = totp.verify(totp.code(at: now), at: now, lastUsedStep: nil)!
        #expect(totp.verify(totp.code(at: now), at: now, lastUsedStep: used) == nil, "a code works once")
        #expect(totp.verify(previous, at: now, lastUsedStep: used) == nil, "nor an older one after it")
        #expect(totp.verify("12345", at: now, lastUsedStep: nil) == nil && totp.verify("abcdef", at: now, lastUsedStep: nil) == nil)
    }

    @Test func base32RoundTripsAndTheURINamesTheSecret() {
        for length in 0..<25 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) & 0xFF) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")  // RFC 4648 §10, unpadded
        #expect(Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZ1W") == nil)
        #expect(TOTP(secret: Self.secret).provisioningURI(account: "admin", issuer: "Bailiff").hasPrefix("otpauth://totp/Bailiff:admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"))
    }
}

@Suite struct HTMLTests {
    @Test func textIsEscapedAndMarkupIsNot() {
        let hostile = "<script>alert('x')</script><img src=x onerror=\"y\"> & \u{0}\u{7}"
        let page: HTML = "<p title=\"\(hostile)\">\(hostile)</p>"
        #expect(!page.rendered.contains("<script") && !page.rendered.contains("<img") && !page.rendered.contains("\"y\""))
        #expect(page.rendered.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.rendered.contains("&amp; \u{FFFD}\u{FFFD}"))
        let inner: HTML = "<b>\("bold")</b>"
        #expect(("<p>\(inner)</p>" as HTML).rendered == "<p><b>bold</b></p>")
    }

    @Test func markdownRendersThePolicyAndNothingDangerous() {
        let source = """
            # Acceptable Use Policy {#top}

            Some **bold** and *soft* text with `code`, a [clause](#spam), a [bad link](javascript:alert(1)) and <script>x</script>.

            - one
            - two

            ```policy
            {"version": "1"}
            ```
            """
        let html = Markdown.render(source).rendered
        #expect(html.contains("<h2 id=\"top\">Acceptable Use Policy</h2>"))
        #expect(html.contains("<strong>bold</strong>") && html.contains("<em>soft</em>") && html.contains("<code>code</code>"))
        #expect(html.contains("<a href=\"#spam\">clause</a>") && !html.contains("javascript:") && html.contains("bad link"))
        #expect(html.contains("&lt;script&gt;") && !html.contains("<script>"))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(!html.contains("version"), "the policy's data block is not shown")
    }

    @Test func theChartIsSVGWithATextAlternative() {
        let svg = BarChart(title: "Open <cases>", bars: [("spam", 3), ("scan<ning>", 0)]).svg().rendered
        #expect(svg.contains("<svg") && svg.contains("aria-label=\"Open &lt;cases&gt;: spam: 3, scan&lt;ning&gt;: 0\""))
        #expect(!svg.contains("<ning>") && !svg.contains("style="))
    }
}

@Suite struct AccessRuleTests {
    @Test func customersAndResellersSeeTheirOwnAndNeverHiddenCategories() {
        let access = CaseAccess(hiddenCategories: ["child-abuse"])
        let mine = CaseAccess.Ownership(customerID: "A", resellerID: "R", category: "spam")
        let hidden = CaseAccess.Ownership(customerID: "A", resellerID: "R", category: "child-abuse")
        let direct = CaseAccess.Ownership(customerID: "D", resellerID: nil, category: "spam")
        #expect(access.maySee(mine, .customer(id: "A")) && access.maySee(mine, .reseller(id: "R")))
        #expect(!access.maySee(mine, .customer(id: "B")) && !access.maySee(mine, .reseller(id: "S")))
        #expect(!access.maySee(hidden, .customer(id: "A")) && !access.maySee(hidden, .reseller(id: "R")))
        #expect(!access.maySee(direct, .reseller(id: "R")), "a direct customer's case is no reseller's")
        #expect(access.maySee(hidden, .staff(name: "x", role: .readOnly)))
        #expect(access.mayWork(mine, .staff(name: "x", role: .agent)) && !access.mayWork(mine, .staff(name: "x", role: .readOnly)))
        #expect(!access.mayWork(mine, .customer(id: "A")) && access.mayAnswer(mine, .customer(id: "A")) && !access.mayAnswer(mine, .staff(name: "x", role: .admin)))
    }

    @Test func fiveFailuresLockForFifteenMinutesThenTheCountStartsAgain() {
        let lockout = LoginLockout()
        var state = LoginLockout.State(failures: 0, lockedUntil: nil)
        for attempt in 1...4 {
            state = lockout.failed(state, now: 1_000)
            #expect(state.failures == attempt && !lockout.isLocked(state, now: 1_000))
        }
        state = lockout.failed(state, now: 1_000)
        #expect(lockout.isLocked(state, now: 1_000) && lockout.isLocked(state, now: 1_899) && !lockout.isLocked(state, now: 1_900))
        state = lockout.failed(state, now: 2_000)
        #expect(state.failures == 1 && !lockout.isLocked(state, now: 2_000), "an expired lock starts a fresh count")
        #expect(lockout.succeeded() == LoginLockout.State(failures: 0, lockedUntil: nil))
    }

    @Test func theRateLimiterAllowsABurstThenOnePerInterval() {
        var limiter = RateLimiter(burst: 3, refillSeconds: 10)
        #expect((0..<3).allSatisfy { _ in limiter.allow("a", now: 0) })
        #expect(!limiter.allow("a", now: 1) && limiter.allow("b", now: 1))
        #expect(limiter.allow("a", now: 11) && !limiter.allow("a", now: 12))
    }

    @Test func secretTokensAreRandomAndStoredAsDigests() {
        let a = SecretToken.generate(), b = SecretToken.generate()
        #expect(a != b && SecretToken.isWellFormed(a) && !SecretToken.isWellFormed(a + "x") && !SecretToken.isWellFormed("../" + a.dropFirst(3)))
        #expect(SecretToken.digest(a).count == 64 && SecretToken.digest(a) != SecretToken.digest(b))
        #expect(constantTimeEqual("abc", "abc") && !constantTimeEqual("abc", "abd") && !constantTimeEqual("abc", "abcd"))
    }
}

@Suite struct FormTests {
    @Test func theQueueQueryReadsItsParametersAndGivesThemBack() {
        let (query, problems) = CaseQueueQuery.parse(["category": "spam", "due": "overdue", "assignee": "-", "page": "3", "per_page": "20", "reseller": "R1"])
        #expect(problems.isEmpty && query.category == .spam && query.due == .overdue && query.assignee == "" && query.page == 3 && query.offset == 40)
        let again = CaseQueueQuery.parse(Dictionary(uniqueKeysWithValues: query.parameters()))
        #expect(again.0 == query)
        let (_, bad) = CaseQueueQuery.parse(["category": "nope", "page": "0", "per_page": "5000", "state": "x"])
        #expect(bad.count == 4)
    }

    @Test func anIntellectualPropertyComplaintNeedsTheThreeThings() {
        var form = PublicReportForm(fields: ["category": "ip-infringement", "email": "rights@example.org", "target": "192.0.2.7",
                                             "description": "Our film is offered for download on this server."])
        let problems = form.problems()
        #expect(problems.count == 3 && problems.allSatisfy { $0.hasPrefix("Intellectual property") })
        form.priorContact = "We wrote to the site owner on 1 November; no reply."
        form.material = "Film 'Example' at http://192.0.2.7/film.mkv"
        form.proof = "Copyright registration number PA-123-456"
        #expect(form.problems().isEmpty)
        let message = String(decoding: form.message(reference: "F-TEST", receivedAt: 1_764_000_000, host: "abuse.example"), as: UTF8.self)
        #expect(message.contains("Message-ID: <form.F-TEST@abuse.example>") && message.contains("Reply-To: rights@example.org") && message.contains("Proof of ownership:"))
    }

    @Test func theFormRefusesWhatItCannotUse() {
        let form = PublicReportForm(fields: ["category": "nope", "email": "not an address", "target": "somewhere", "time": "yesterday-ish", "description": "short"])
        #expect(form.problems().count == 5)
        #expect(PublicReportForm(fields: ["category": "spam", "email": "a@example.org", "target": "https://example.net/x", "time": "2026-11-29 14:05",
                                          "description": "Spam advertising this site, headers attached."]).problems().isEmpty)
    }
}
