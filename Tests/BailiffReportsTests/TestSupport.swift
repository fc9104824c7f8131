import Foundation
import Testing
@testable import BailiffReports

/// Line-ending style for fixtures: both occur in real mail.
enum LineEnding: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case lf, crlf
    var testDescription: String { rawValue }
    func apply(_ s: String) -> [UInt8] {
        switch self {
        case .lf: return Array(s.utf8)
        case .crlf: return Array(s.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
    }
}

/// Parses and requires success.
func parseOK(_ s: String, _ le: LineEnding = .lf, limits: MIMELimits = .default,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> MIMEMessage {
    try parseOK(le.apply(s), limits: limits, sourceLocation: sourceLocation)
}

func parseOK(_ bytes: [UInt8], limits: MIMELimits = .default,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> MIMEMessage {
    switch MIMEParser.parse(bytes, limits: limits) {
    case .success(let m): return m
    case .failure(let f):
        Issue.record("unexpected failure: \(f)", sourceLocation: sourceLocation)
        throw f
    }
}

/// Hand-written fixtures (written for these tests from the RFCs, not copied from any corpus).
enum Fixtures {
    static let simple = """
    From: Alice <alice@example.org>
    To: abuse@example.net
    Subject: Spam from your network
    Date: Tue, 17 Mar 2015 20:12:13 +0100
    Message-ID: <abc123@example.org>

    Hello,
    your host 192.0.2.1 sent spam.

    """

    static let arf = """
    From: FBL <fbl@isp.example>
    To: abuse@example.net
    Subject: =?utf-8?q?Abuse_report?= for 192.0.2.7
    Date: Thu, 8 Mar 2005 17:40:36 EDT
    MIME-Version: 1.0
    Message-ID: <433689.81121.example@isp.example>
    Content-Type: multipart/report; report-type=feedback-report;
         boundary="part1_13d.2e68ed54_boundary"

    This is a multi-part message in MIME format.

    --part1_13d.2e68ed54_boundary
    Content-Type: text/plain; charset="US-ASCII"
    Content-Transfer-Encoding: 7bit

    This is an email abuse report for an email message received from IP
    192.0.2.7 on Thu, 8 Mar 2005 14:00:00 EDT.

    --part1_13d.2e68ed54_boundary
    Content-Type: message/feedback-report

    Feedback-Type: abuse
    User-Agent: SomeGenerator/1.0
    Version: 1
    Source-IP: 192.0.2.7
    Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT

    --part1_13d.2e68ed54_boundary
    Content-Type: message/rfc822
    Content-Disposition: inline

    Received: from mailserver.example.net (mailserver.example.net [192.0.2.7])
            by example.com with ESMTP id M63d4137594e46;
            Thu, 08 Mar 2005 14:00:00 -0400
    From: <somespammer@example.net>
    To: <Undisclosed Recipients>
    Subject: Earn money
    MIME-Version: 1.0
    Content-type: text/plain
    Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net
    Date: Thu, 02 Sep 2004 12:31:03 -0500

    Spam Spam Spam
    Spam Spam Spam
    --part1_13d.2e68ed54_boundary--

    """

    static let nested = """
    From: a@example.org
    Subject: nested
    Content-Type: multipart/mixed; boundary=outer

    preamble to ignore
    --outer
    Content-Type: multipart/alternative; boundary="inner"

    --inner
    Content-Type: text/plain; charset=iso-8859-1
    Content-Transfer-Encoding: quoted-printable

    Caf=E9 cr=E8me=
     br=FBl=E9e
    --inner
    Content-Type: text/html; charset=utf-8

    <html><body><p>Caf&eacute; <b>bold</b></p><script>evil()</script></body></html>
    --inner--
    --outer
    Content-Type: application/octet-stream; name="evidence.bin"
    Content-Disposition: attachment; filename="evidence.bin"
    Content-Transfer-Encoding: base64

    AAECAwQFBgcICQ==
    --outer--
    epilogue to ignore

    """

    static let all: [String] = [simple, arf, nested]
}

/// Finds the shared corpus: walk up from this file looking for `shared/corpus`, else `BAILIFF_TEST_CORPUS`.
enum Corpus {
    static let root: URL? = {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/corpus")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        if let env = ProcessInfo.processInfo.environment["BAILIFF_TEST_CORPUS"], !env.isEmpty {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: env, isDirectory: &isDir), isDir.boolValue { return URL(fileURLWithPath: env) }
        }
        return nil
    }()

    /// Every corpus file named *.eml, *.txt or without extension that looks like a mail.
    static func mails() -> [(path: String, bytes: [UInt8])] {
        guard let root else { return [] }
        var out: [(String, [UInt8])] = []
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = e?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let ext = url.pathExtension.lowercased()
            guard ext == "eml" || ext == "txt" || ext.isEmpty else { continue }
            guard let data = try? Data(contentsOf: url) else { continue }
            let bytes = [UInt8](data)
            if MessageSniffer.looksLikeMail(bytes) { out.append((url.path, bytes)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}
