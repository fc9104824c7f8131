import BailiffCore
import Foundation

/// The last resort: a complaint written by a person. Addresses and URLs are taken from the body
/// **in context** — a line that names the address — and never from the report's own headers,
/// which hold the reporter's relays. The category comes from what the text says; a text that
/// names an address but no recognisable kind of abuse is quarantined for a person to classify.
public struct FreeTextRecognizer: ReportRecognizer {
    public let format = "free-text"

    public init() {}

    /// Words that name a category, tried in order (the first match wins: a phishing mail that
    /// also says "spam" is phishing). Lower-case; matched as substrings of the subject and body.
    static let keywords: [(AbuseCategory, [String])] = [
        (.childAbuse, ["child abuse", "child sexual", "csam", "child pornography", "minor"]),
        (.phishing, ["phishing", "phish", "credential harvest", "fake login"]),
        (.malware, ["malware", "safe browsing", "virus", "trojan", "botnet", "c2 server", "command and control", "ransomware", "infected"]),
        (.ipInfringement, ["copyright", "dmca", "infring", "trademark", "pirated", "piracy"]),
        (.attackTarget, ["under attack", "being attacked", "victim of a ddos"]),
        (.networkAttack, ["ddos", "dos attack", "denial of service", "flood", "amplification"]),
        (.intrusion, ["brute force", "brute-force", "bruteforce", "login attempt", "failed password", "hacking", "exploit", "intrusion", "unauthorized access", "unauthorised access", "sshd", "xmlrpc.php", "wp-login.php"]),
        (.scanning, ["port scan", "portscan", "scanning", "scanned", "probe", "probing"]),
        (.openProxy, ["open proxy", "open relay", "socks proxy"]),
        (.torExit, ["tor exit"]),
        (.irc, ["irc server", "irc network", "ircd"]),
        (.fraud, ["fraud", "scam", "fake shop"]),
        (.spam, ["spam", "unsolicited", "junk mail", "bulk mail", "uce"]),
        (.adultContent, ["adult content", "porn"]),
        (.abusiveContent, ["harassment", "threat", "defamation", "hate speech"]),
        (.privacy, ["privacy", "personal data", "doxx"]),
        (.vulnerable, ["vulnerable", "vulnerability", "exposed", "misconfigured", "security issue"]),
        (.blocklisted, ["blacklist", "blocklist", "listed on"]),
    ]

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis? {
        // The body and any text attachments (log excerpts travel as .txt or .log files), bounded.
        var body = message.textBody ?? ""
        for part in message.allParts where part.isAttachment && part.mimeType.hasPrefix("text/") && body.utf8.count < 1_000_000 {
            if let text = part.text { body += "\n" + text.prefix(500_000) }
        }
        let subject = message.subject ?? ""
        let haystack = (subject + "\n" + body).lowercased()
        let category = Self.keywords.first { _, words in words.contains(where: haystack.contains) }?.0
        // Addresses of the report's own transport: never the offender.
        let transport = Set(message.headers.values("Received").flatMap { AddressScanner.addresses(in: $0) })
        var events: [ReportEvent] = []
        var named: [IPAddress] = []
        let messageTime = message.date
        for line in (subject + "\n" + body).split(whereSeparator: \.isNewline).prefix(5_000) {
            for address in AddressScanner.addresses(in: line) {
                guard !address.isPrivateOrLocal, !transport.contains(address), !context.isProviderInfrastructure(address), !named.contains(address) else { continue }
                named.append(address)
                let lineTime = Self.time(in: String(line))
                let time: (Int64, ReportEvent.TimeSource) = lineTime.map { ($0, .report) } ?? messageTime.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)
                if let category {
                    events.append(ReportEvent(
                        ip: address, category: category, occurredAt: min(time.0, context.receivedAt + 86_400), timeSource: time.1,
                        reporter: message.root.from, excerpt: String(line.trimmingCharacters(in: .whitespaces).prefix(300))
                    ))
                }
            }
        }
        let urls = named.isEmpty ? ReportedURLSelection.select(in: body, message: message) : []
        if named.isEmpty && urls.isEmpty, let category {
            // No public address and no URL: a report that names only private-use addresses
            // (an internal report, or a sample anonymised into 10/8) still says what it says;
            // attribution, not the parser, finds that no customer holds them.
            var privateEvents: [ReportEvent] = []
            for line in (subject + "\n" + body).split(whereSeparator: \.isNewline).prefix(5_000) {
                let trimmed = line.drop { $0 == " " || $0 == ">" || $0 == "\t" }.lowercased()
                guard !trimmed.hasPrefix("received:") else { continue }  // a quoted relay, not an offender
                for address in AddressScanner.addresses(in: line) where address.isPrivateUse && !transport.contains(address)
                    && !context.isProviderInfrastructure(address) && !privateEvents.contains(where: { $0.ip == address }) {
                    let time = ReportTime.resolve(stated: Self.time(in: String(line)), messageDate: messageTime, receivedAt: context.receivedAt)
                    privateEvents.append(ReportEvent(
                        ip: address, category: category, occurredAt: time.time, timeSource: time.source, reporter: message.root.from,
                        excerpt: String(line.trimmingCharacters(in: .whitespaces).prefix(300))
                    ))
                }
            }
            if !privateEvents.isEmpty {
                return ReportAnalysis(status: .parsed, format: format, reason: "only private-use addresses named (an internal or anonymised report)", events: Array(privateEvents.prefix(50)))
            }
        }
        if named.isEmpty {
            if let category, !urls.isEmpty {
                let time: (Int64, ReportEvent.TimeSource) = messageTime.map { ($0, .messageDate) } ?? (context.receivedAt, .arrival)
                events = urls.prefix(50).map {
                    ReportEvent(url: $0, category: category, occurredAt: time.0, timeSource: time.1, reporter: message.root.from, excerpt: "URL named in the report: \($0.prefix(200))")
                }
                return ReportAnalysis(status: .parsed, format: format, reason: "URLs only; to be resolved before attribution", events: events)
            }
            if !urls.isEmpty {
                return .quarantined(format, "the text names \(urls.prefix(3).joined(separator: ", ")) but no recognisable kind of abuse; a person must classify it")
            }
            return .quarantined(format, "no outside IP address or URL found in the text; a person must read it")
        }
        guard category != nil else {
            return .quarantined(format, "the text names \(named.prefix(5).map(\.description).joined(separator: ", ")) but no recognisable kind of abuse; a person must classify it")
        }
        return ReportAnalysis(status: .parsed, format: format, events: events)
    }

    /// A time stated on the line: RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC unless a zone follows),
    /// or an RFC 5322 date.
    static func time(in line: String) -> Int64? {
        let bytes = Array(line.utf8.prefix(2_000))
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var index = 0
        while index + 10 <= bytes.count {
            defer { index += 1 }
            guard bytes[index..<(index + 4)].allSatisfy(isDigit), bytes[index + 4] == UInt8(ascii: "-"), bytes[index + 7] == UInt8(ascii: "-") else { continue }
            // Longest first: "2025-06-01T12:00:00+02:00", "…Z", "2025-06-01 12:00:00" (UTC), "2025-06-01".
            for length in [25, 20, 19, 10] where index + length <= bytes.count {
                let candidate = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                if let instant = Timestamp.parse(candidate) ?? (length == 19 ? Timestamp.parse(candidate + "Z") : nil) { return instant }
            }
        }
        return RFC5322Date.parse(line)
    }

    static func urls(in text: String) -> [String] {
        var found: [String] = []
        for piece in text.split(whereSeparator: { $0.isWhitespace || "<>\"'|".contains($0) }) {
            let token = piece.drop { "([{".contains($0) }
            let lower = token.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("hxxp://") || lower.hasPrefix("hxxps://") else { continue }
            var url = String(token).replacingOccurrences(of: "hxxp", with: "http")
            while let last = url.last, ".,;)]".contains(last) { url.removeLast() }
            if !found.contains(url) { found.append(url) }
        }
        return found
    }
}
