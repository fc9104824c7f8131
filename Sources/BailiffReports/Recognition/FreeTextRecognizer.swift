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
    /// also says "spam" is phishing). Lower-case; each must start a word of the subject or body
    /// ("uce" is not in "reduce"), and words of three letters or fewer must also end one.
    /// Words that a harmless mail uses ("minor issue", "privacy policy", "threat intelligence")
    /// are left out: a wrong child-abuse or privacy category is worse than none.
    static let keywords: [(AbuseCategory, [String])] = [
        (.childAbuse, ["child abuse", "child sexual", "csam", "child pornography", "sexual abuse of minors"]),
        (.phishing, ["phishing", "phish", "credential harvest", "fake login"]),
        (.malware, ["malware", "safe browsing", "virus", "trojan", "c2 server", "command and control", "ransomware", "infected"]),
        (.ipInfringement, ["copyright", "dmca", "infring", "trademark", "pirated", "piracy"]),
        // A reflector used in someone else's attack is the customer's misconfiguration.
        (.vulnerable, ["open recursive", "open resolver", "recursive resolver", "open ntp", "open memcached"]),
        (.attackTarget, ["under attack", "being attacked", "victim of a ddos"]),
        (.networkAttack, ["ddos", "dos attack", "denial of service", "flood", "amplification"]),
        (.intrusion, ["brute force", "brute-force", "bruteforce", "login attempt", "failed password", "hacking", "exploit", "intrusion", "unauthorized access", "unauthorised access", "sshd", "xmlrpc.php", "wp-login.php", "account takeover", "credential stuffing", "web attack", "network attacks", "attacks from"]),
        (.scanning, ["port scan", "portscan", "scanning", "scanned", "probe", "probing"]),
        (.openProxy, ["open proxy", "open relay", "socks proxy"]),
        (.torExit, ["tor exit"]),
        (.irc, ["irc server", "irc network", "ircd"]),
        (.fraud, ["fraud", "scam", "fake shop"]),
        (.spam, ["spam", "unsolicited", "junk mail", "bulk mail", "uce", "harvesting"]),
        (.adultContent, ["adult content", "porn"]),
        (.abusiveContent, ["harassment", "threatening", "death threat", "defamation", "hate speech"]),
        (.privacy, ["privacy violation", "personal data of", "doxx", "data protection complaint"]),
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
        let category = Self.category(in: (subject + "\n" + body).lowercased())
        // Addresses of the report's own transport: never the offender.
        let transport = Set(message.headers.values("Received").flatMap { AddressScanner.addresses(in: $0) })
        let lines = (subject + "\n" + body).split(whereSeparator: \.isNewline).prefix(5_000)
        // The time the report states for the whole incident ("Time: …", "last observed at …", a
        // log line), used for addresses whose own lines have none, before the message's Date.
        let reportTime = lines.lazy.compactMap { Self.time(in: String($0)) }.first

        // Public addresses named in the text; failing those, private-use ones (an internal report,
        // or a sample anonymised into 10/8) — never quoted relays.
        var publicNamed: [(IPAddress, Substring)] = []
        var privateNamed: [(IPAddress, Substring)] = []
        for line in lines {
            let isQuotedRelay = line.drop { $0 == " " || $0 == ">" || $0 == "\t" }.lowercased().hasPrefix("received:")
            for address in AddressScanner.addresses(in: line) where !transport.contains(address) && !context.isProviderInfrastructure(address) {
                if !address.isPrivateOrLocal {
                    if !publicNamed.contains(where: { $0.0 == address }) { publicNamed.append((address, line)) }
                } else if address.isPrivateUse, !isQuotedRelay, !privateNamed.contains(where: { $0.0 == address }) {
                    privateNamed.append((address, line))
                }
            }
        }
        let named = publicNamed.isEmpty ? privateNamed : publicNamed
        let urls = ReportedURLSelection.select(in: body, message: message)
        guard !named.isEmpty || !urls.isEmpty else {
            return .quarantined(format, "no outside IP address or URL found in the text; a person must read it")
        }
        guard let category else {
            let what = (named.map(\.0.description) + urls).prefix(5).joined(separator: ", ")
            return .quarantined(format, "the text names \(what) but no recognisable kind of abuse; a person must classify it")
        }
        func time(of line: Substring) -> (time: Int64, source: ReportEvent.TimeSource) {
            ReportTime.resolve(stated: Self.time(in: String(line)) ?? reportTime, messageDate: message.date, receivedAt: context.receivedAt)
        }
        // An address and a URL on one line ("|192.0.2.7 |example.com |http://…") are one finding.
        // Other URLs count only when the report names no address: beside an address they are
        // mostly references (an advisory, a lookup page).
        let unclaimedURLs = named.isEmpty ? urls : []
        var events: [ReportEvent] = named.prefix(50).map { address, line in
            let url = urls.first { line.contains($0) }
            // The address's time: its first line that states one (a log line), else the report's.
            let timedLine = lines.first { candidate in candidate.contains(address.description) && Self.time(in: String(candidate)) != nil } ?? line
            let when = time(of: timedLine)
            return ReportEvent(
                ip: address, url: url, category: category, occurredAt: when.time, timeSource: when.source, reporter: message.root.reporter,
                excerpt: String(line.trimmingCharacters(in: .whitespaces).prefix(300))
            )
        }
        for url in unclaimedURLs.prefix(50) {
            let when = time(of: lines.first { $0.contains(url) } ?? "")
            events.append(ReportEvent(
                url: url, category: category, occurredAt: when.time, timeSource: when.source, reporter: message.root.reporter,
                excerpt: "URL named in the report: \(url.prefix(200))"
            ))
        }
        var notes: [String] = []
        if publicNamed.isEmpty && !privateNamed.isEmpty { notes.append("only private-use addresses named (an internal or anonymised report)") }
        if named.isEmpty { notes.append("URLs only; to be resolved before attribution") }
        return ReportAnalysis(status: .parsed, format: format, reason: notes.isEmpty ? nil : notes.joined(separator: "; "), events: events)
    }

    /// The first category whose words the text uses; a bare "botnet" only when nothing says
    /// what the bot did (a DDoS bot is a network attack, a credential-stuffing bot an intrusion).
    static func category(in lowercasedText: String) -> AbuseCategory? {
        let text = Array(lowercasedText.utf8)
        return keywords.first { _, words in words.contains { containsWord($0, in: text) } }?.0
            ?? (containsWord("botnet", in: text) ? .malware : nil)
    }

    /// Whether `word` occurs in `text` at the start of a word (and, if short, as a whole word).
    static func containsWord(_ word: String, in text: [UInt8]) -> Bool {
        let needle = Array(word.utf8)
        guard !needle.isEmpty, needle.count <= text.count else { return false }
        func isLetter(_ index: Int) -> Bool {
            guard index >= 0, index < text.count else { return false }
            let byte = text[index]
            return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
        }
        var start = 0
        while start + needle.count <= text.count {
            if text[start] == needle[0], !isLetter(start - 1), text[start..<(start + needle.count)].elementsEqual(needle),
               needle.count > 3 || !isLetter(start + needle.count) {
                return true
            }
            start += 1
        }
        return false
    }

    /// Zone abbreviations reports write after a time, in seconds east of UTC.
    static let zoneOffsets: [String: Int] = [
        "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 3_600, "bst": 3_600, "cet": 3_600, "cest": 7_200, "met": 3_600, "mest": 7_200,
        "eet": 7_200, "eest": 10_800, "msk": 10_800, "est": -18_000, "edt": -14_400, "cst": -21_600, "cdt": -18_000, "mst": -25_200,
        "mdt": -21_600, "pst": -28_800, "pdt": -25_200, "jst": 32_400,
    ]

    /// A time stated on the line: RFC 3339; `YYYY-MM-DD HH:MM[:SS]` followed by a zone (`UTC`,
    /// `CEST`, `+0200`, `(UTC)`) or, without one, UTC; a web server log's `[19/Apr/2026:03:09:22 +0200]`;
    /// or an RFC 5322 date.
    public static func time(in line: String) -> Int64? {
        let bytes = Array(line.utf8.prefix(2_000))
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var index = 0
        while index + 10 <= bytes.count {
            defer { index += 1 }
            guard bytes[index..<(index + 4)].allSatisfy(isDigit), bytes[index + 4] == UInt8(ascii: "-"), bytes[index + 7] == UInt8(ascii: "-") else { continue }
            // Longest first: "2025-06-01T12:00:00+02:00", "…Z", "2025-06-01 12:00:00" (+ zone), "2025-06-01".
            for length in [25, 20, 19, 16, 10] where index + length <= bytes.count {
                let candidate = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                if length == 19 || length == 16, let local = Timestamp.parse(candidate + (length == 16 ? ":00Z" : "Z")) {
                    if length == 16, index + 16 < bytes.count, bytes[index + 16] == UInt8(ascii: ":") { continue }  // seconds that did not parse
                    return local - Int64(zoneOffset(after: bytes[(index + length)...]) ?? 0)
                }
                if let instant = Timestamp.parse(candidate) { return instant }
            }
        }
        return LogLineTime.commonLogFormat(bytes) ?? RFC5322Date.parse(line)
    }

    /// The zone written right after a time: an abbreviation (optionally in parentheses) or a
    /// numeric offset `+hhmm` / `+hh:mm`; nil when none is.
    static func zoneOffset(after rest: ArraySlice<UInt8>) -> Int? {
        var text = String(decoding: rest.prefix(12), as: UTF8.self)
        if text.hasPrefix(",") || text.hasPrefix(".") {  // fractional seconds
            text = String(text.dropFirst().drop(while: \.isNumber))
        }
        text = String(text.drop { $0 == " " || $0 == "(" })
        if let sign = text.first, sign == "+" || sign == "-" {
            let digits = text.dropFirst().filter { $0 != ":" }.prefix(4)
            guard digits.count == 4, digits.allSatisfy(\.isNumber), let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return nil }
            return (sign == "+" ? 1 : -1) * (hours * 3_600 + minutes * 60)
        }
        let word = text.prefix { $0.isLetter }.lowercased()
        return zoneOffsets[word]
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
