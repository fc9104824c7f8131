import BailiffCore
import Crypto
import Foundation

/// What the Tor directory says about exits, read from any mix of TorDNSEL exit lists,
/// network-status consensuses (ns or microdesc flavour) and microdescriptors.
///
/// The rule (AUP: relays and bridges are allowed, exits are not): an `ExitAddress` of the exit
/// list exits; a relay exits when its exit-policy summary, `p` in an ns consensus or `p`/`p6` in
/// its microdescriptor, is anything but `reject 1-65535`, whatever its flags (a `BadExit` still
/// exits; an `Exit` flag with a reject-all summary does not). A relay whose only accepting summary
/// is `p6` exits over IPv6 and counts too.
public struct TorDirectory: Sendable {
    struct Relay: Sendable {
        var nickname: String
        var identity: String
        var addresses: [IPAddress]
        var published: Int64?
        var microdescriptor: String?
        var summary: String?
        var flags: [String] = []
    }

    struct Microdescriptor: Sendable {
        var summary: String?
        var summaryV6: String?
    }

    var exitList: [TorExit] = []
    var relays: [Relay] = []
    var microdescriptors: [String: Microdescriptor] = [:]
    /// Lines that were not understood, with their document and line number (for `--json` and logs).
    public private(set) var problems: [String] = []

    public init() {}

    public static let rejectAll = "reject 1-65535"

    /// Reads one document; returns what kind it was (`exit-list`, `consensus`, `microdescriptors`)
    /// or nil when it is none of them.
    @discardableResult
    public mutating func read(_ text: String, name: String = "input") -> String? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.contains(where: { $0.hasPrefix("ExitNode ") }) {
            readExitList(lines, name: name); return "exit-list"
        }
        if lines.contains(where: { $0.hasPrefix("network-status-version 3") }) {
            readConsensus(lines, name: name); return "consensus"
        }
        if lines.contains(where: { $0 == "onion-key" }) {
            readMicrodescriptors(text); return "microdescriptors"
        }
        return nil
    }

    // ExitNode <fingerprint> / Published / LastStatus / ExitAddress <ip> <date> <time>
    private mutating func readExitList(_ lines: [Substring], name: String) {
        var node: String?
        for (number, line) in lines.enumerated() {
            let words = line.split(separator: " ")
            guard let keyword = words.first else { continue }
            switch keyword {
            case "ExitNode": node = words.count > 1 ? String(words[1]) : nil
            case "ExitAddress":
                guard words.count >= 2, let address = IPAddress(words[1]) else {
                    problems.append("\(name):\(number + 1): an ExitAddress without a valid address"); continue
                }
                let seen = words.count >= 4 ? Timestamp.parse("\(words[2])T\(words[3])Z") : nil
                exitList.append(TorExit(address: address.description, relay: node, nickname: nil, source: "exit-list",
                                        reason: "TorDNSEL saw exit traffic from \(address)", seenAt: seen))
            default: continue
            }
        }
    }

    private mutating func readConsensus(_ lines: [Substring], name: String) {
        var current: Relay?
        for (number, line) in lines.enumerated() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "r":
                if let current { relays.append(current) }
                current = nil
                // ns: r nick identity digest date time ip orport dirport; microdesc: without the digest.
                guard words.count == 9 || words.count == 8 else { problems.append("\(name):\(number + 1): an r line of \(words.count) fields"); continue }
                let shift = words.count == 9 ? 1 : 0
                guard let address = IPAddress(words[5 + shift]) else { problems.append("\(name):\(number + 1): an r line without an address"); continue }
                current = Relay(nickname: String(words[1]), identity: String(words[2]), addresses: [address],
                                published: Timestamp.parse("\(words[3 + shift])T\(words[4 + shift])Z"))
            case "a":
                // a [2001:db8::1]:9001 or a 192.0.2.1:9001
                guard words.count >= 2 else { continue }
                var text = Substring(words[1])
                if text.hasPrefix("["), let close = text.firstIndex(of: "]") { text = text[text.index(after: text.startIndex)..<close] }
                else if let colon = text.lastIndex(of: ":") { text = text[..<colon] }
                if let address = IPAddress(text) { current?.addresses.append(address) }
            case "m": current?.microdescriptor = words.count >= 2 ? String(words[1]) : nil
            case "s": current?.flags = words.dropFirst().map(String.init)
            case "p": current?.summary = words.dropFirst().joined(separator: " ")
            case "directory-footer":
                if let current { relays.append(current) }
                current = nil
            default: continue
            }
        }
        if let current { relays.append(current) }
    }

    /// Microdescriptors are identified by the SHA-256 of their text from `onion-key` to the
    /// next one (dir-spec §3.3), base64 without padding, which the microdesc consensus quotes in `m`.
    private mutating func readMicrodescriptors(_ text: String) {
        let bytes = Array(text.utf8)
        let marker = Array("onion-key\n".utf8)
        var starts: [Int] = []
        var index = 0
        while index + marker.count <= bytes.count {
            if (index == 0 || bytes[index - 1] == UInt8(ascii: "\n")), bytes[index..<index + marker.count].elementsEqual(marker) { starts.append(index) }
            index += 1
        }
        for (position, start) in starts.enumerated() {
            var end = position + 1 < starts.count ? starts[position + 1] : bytes.count
            // An annotation (`@type …`, `@last-listed …`) before the next one is not part of it.
            while end > start, let lineStart = Self.lastLineStart(bytes, before: end, after: start), bytes[lineStart] == UInt8(ascii: "@") { end = lineStart }
            let body = Array(bytes[start..<end])
            let digest = Self.base64(Array(SHA256.hash(data: body)))
            var descriptor = Microdescriptor()
            for line in String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline) {
                if line.hasPrefix("p ") { descriptor.summary = String(line.dropFirst(2)) }
                if line.hasPrefix("p6 ") { descriptor.summaryV6 = String(line.dropFirst(3)) }
            }
            microdescriptors[digest] = descriptor
        }
    }

    static func lastLineStart(_ bytes: [UInt8], before end: Int, after start: Int) -> Int? {
        var index = end - 1
        guard index > start, bytes[index] == UInt8(ascii: "\n") else { return nil }
        index -= 1
        while index > start, bytes[index - 1] != UInt8(ascii: "\n") { index -= 1 }
        return index > start ? index : nil
    }

    /// Base64 without padding, as dir-spec writes digests.
    static func base64(_ bytes: [UInt8]) -> String {
        String(Data(bytes).base64EncodedString().prefix { $0 != "=" })
    }

    /// Every exit, one entry per address (the exit list first, then relays), in a stable order.
    public func exits() -> [TorExit] {
        var found: [TorExit] = []
        var seen: Set<String> = []
        func add(_ exit: TorExit) { if seen.insert(exit.address).inserted { found.append(exit) } }
        for exit in exitList { add(exit) }
        for relay in relays {
            // p speaks for IPv4 exits (from the relay's IPv4 address), p6 for IPv6 exits (from its
            // IPv6 addresses); a relay that exits only over IPv6 still runs at its IPv4 address.
            var v4: [String] = [], v6: [String] = []
            var source = "consensus"
            if let summary = relay.summary, summary != Self.rejectAll { v4.append("its exit-policy summary is \"p \(summary.prefix(60))\"") }
            if let digest = relay.microdescriptor, let descriptor = microdescriptors[digest] {
                if let summary = descriptor.summary, summary != Self.rejectAll { v4.append("its microdescriptor says \"p \(summary.prefix(60))\""); source = "microdescriptor" }
                if let summary = descriptor.summaryV6, summary != Self.rejectAll { v6.append("its microdescriptor says \"p6 \(summary.prefix(60))\" (IPv6 exit)"); source = "microdescriptor" }
            }
            guard !v4.isEmpty || !v6.isEmpty else { continue }
            let flags = relay.flags.contains("BadExit") ? " (flagged BadExit, still an exit)" : ""
            for address in relay.addresses {
                let reasons = address.family == .v6 ? v6 : (v4.isEmpty ? v6 : v4)
                guard !reasons.isEmpty else { continue }
                add(TorExit(address: address.description, relay: relay.identity, nickname: relay.nickname, source: source,
                            reason: "relay \(relay.nickname) exits: " + reasons.joined(separator: "; ") + flags, seenAt: relay.published))
            }
        }
        return found.sorted { (IPAddress($0.address) ?? .v4(IPv4Address(0))) < (IPAddress($1.address) ?? .v4(IPv4Address(0))) }
    }

    /// How many relays the consensuses listed, for operators' summaries.
    public var relayCount: Int { relays.count }
}
