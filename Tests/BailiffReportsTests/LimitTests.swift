import Testing
@testable import BailiffReports

/// Pathological inputs must finish quickly (debug build timings are generous) with defects.
@Suite("Limits and pathological input")
struct LimitTests {
    func timed(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return clock.now - start
    }

    @Test("10,000 nested multiparts")
    func deepMultipart() throws {
        var s = "Subject: deep\n"
        for i in 0..<10_000 { s += "Content-Type: multipart/mixed; boundary=b\(i)\n\n--b\(i)\n" }
        s += "\nleaf\n"
        for i in (0..<10_000).reversed() { s += "--b\(i)--\n" }
        let d = try timed {
            let m = try parseOK(s)
            #expect(m.hasDefect(.nestingTooDeep))
            #expect(m.allParts.count <= 22)
            #expect(m.allParts.map(\.depth).max() == MIMELimits.default.maxDepth)
        }
        #expect(d < .seconds(10))
    }

    @Test("10,000 nested message/rfc822")
    func deepMessages() throws {
        let s = String(repeating: "Subject: x\nContent-Type: message/rfc822\n\n", count: 10_000) + "Subject: end\n\nbody"
        let d = try timed {
            let m = try parseOK(s)
            #expect(m.hasDefect(.nestingTooDeep))
            #expect(m.allParts.count == 21)
        }
        #expect(d < .seconds(10))
    }

    @Test("100,000 parts")
    func manyParts() throws {
        let s = "Content-Type: multipart/mixed; boundary=p\n\n" + String(repeating: "--p\n\nx\n", count: 100_000) + "--p--\n"
        let d = try timed {
            let m = try parseOK(s)
            #expect(m.hasDefect(.tooManyParts))
            #expect(m.allParts.count <= MIMELimits.default.maxParts)
        }
        #expect(d < .seconds(10))
    }

    @Test("10 MB header line and 10 MB folded header")
    func hugeHeader() throws {
        let big = String(repeating: "a", count: 10_000_000)
        let d = try timed {
            var m = try parseOK("Subject: \(big)\nTo: x\n\nbody")
            #expect(m.hasDefect(.headerLineTooLong))
            #expect(m.headers["to"] == "x")
            #expect(m.root.text == "body")
            let folded = String(repeating: "word\n ", count: 2_000_000)
            m = try parseOK("Subject: \(folded)\n\nbody")
            #expect(m.hasDefect(.headerLineTooLong))
            m = try parseOK("X: y\n" + String(repeating: "junkline\n", count: 1_000_000) + "\nbody")
            #expect(m.hasDefect(.junkHeaderLine))
            #expect(m.defects.count < 20)
        }
        #expect(d < .seconds(20))
    }

    @Test("unterminated quotes, comments, encoded words and tags")
    func unterminated() throws {
        let n = 1_000_000
        let d = try timed {
            var m = try parseOK("Content-Type: text/plain; name=\"" + String(repeating: "x", count: n) + "\n\nb")
            #expect(m.hasDefect(.unterminatedQuotedString))
            m = try parseOK("Content-Type: text/plain; " + String(repeating: "(", count: n) + "\n\nb")
            #expect(m.hasDefect(.unterminatedComment))
            m = try parseOK("Subject: " + String(repeating: "=?", count: n / 2) + "\n\nb")
            _ = m.subject
            m = try parseOK("Subject: " + String(repeating: "=?utf-8?q?a", count: n / 10) + "\n\nb")
            _ = m.subject
            m = try parseOK("Content-Type: text/html\n\n" + String(repeating: "<", count: n))
            _ = m.textBody
            m = try parseOK("Content-Type: text/html\n\n" + String(repeating: "<script>", count: n / 8))
            _ = m.textBody
            m = try parseOK("Content-Type: text/plain; a*0=x;" + String(repeating: " a*99999=x;", count: n / 12) + "\n\nb")
            _ = m.root.contentType
            m = try parseOK("Content-Transfer-Encoding: quoted-printable\n\n" + String(repeating: "=", count: n))
            #expect(m.hasDefect(.invalidQuotedPrintable)) // "=" not followed by hex is kept literally
            _ = m.root.body
            m = try parseOK("Content-Type: multipart/mixed; boundary=a\n\n" + String(repeating: "--a--a--a\n", count: n / 10))
            _ = m.allParts
        }
        #expect(d < .seconds(20))
    }

    @Test("invalid bytes in a multibyte charset")
    func invalidCharset() throws {
        let body = [UInt8](repeating: 0xFF, count: 2_000_000)
        let d = try timed {
            let m = try parseOK(Array("Content-Type: text/plain; charset=shift_jis\n\n".utf8) + body)
            #expect(m.hasDefect(.invalidCharsetBytes))
        }
        #expect(d < .seconds(10))
    }

    @Test("message size limit truncates with a defect")
    func sizeLimit() throws {
        let s = "Subject: x\n\n" + String(repeating: "y", count: 10_000)
        let m = try parseOK(s, limits: MIMELimits(maxMessageSize: 1_000))
        #expect(m.hasDefect(.messageTooLarge))
        #expect(m.root.body.count < 1_000)
        #expect(m.parsedByteCount == 1_000)
    }

    @Test("header count limit")
    func headerCount() throws {
        let s = String(repeating: "X-A: b\n", count: 5_000) + "\nbody"
        let m = try parseOK(s)
        #expect(m.headers.count == MIMELimits.default.maxHeaderCount)
        #expect(m.hasDefect(.tooManyHeaders))
    }

    @Test("defect count is capped")
    func defectCap() throws {
        let s = "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\nContent-Type: text/plain; charset=bogus\n\nx\n", count: 1_500) + "--b--\n"
        let m = try parseOK(s, limits: MIMELimits(maxParts: 10_000, maxDefects: 100))
        #expect(m.defects.count == 100)
        #expect(m.droppedDefectCount > 0)
    }
}
