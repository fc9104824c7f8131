import BailiffCore
import Foundation
import Testing

@Suite struct Port25RulesetTests {
    static let allowed = ["198.51.100.7", "192.0.2.1", "2001:db8::1", "192.0.2.1"].compactMap { IPAddress($0) }

    @Test func theRulesetDeclaresFlushesFillsAndDropsBothFamilies() {
        let text = Port25Ruleset(allowed: Self.allowed).render()
        #expect(text.contains("table inet bailiff {"))
        #expect(text.contains("set smtp_allowed_v4 { type ipv4_addr; }") && text.contains("set smtp_allowed_v6 { type ipv6_addr; }"))
        #expect(text.contains("flush set inet bailiff smtp_allowed_v4\nflush set inet bailiff smtp_allowed_v6"))
        #expect(text.contains("add element inet bailiff smtp_allowed_v4 { 192.0.2.1, 198.51.100.7 }"))  // sorted, once each
        #expect(text.contains("add element inet bailiff smtp_allowed_v6 { 2001:db8::1 }"))
        #expect(text.contains("tcp dport 25 ip6 saddr @smtp_allowed_v6 accept"))
        #expect(text.hasSuffix("add rule inet bailiff smtp_egress tcp dport 25 counter reject with tcp reset\n"))
        // Nothing approved: no empty element statement (nft refuses "{ }"), everything dropped.
        let closed = Port25Ruleset(placement: .bridged, allowed: []).render()
        #expect(!closed.contains("add element") && closed.contains("table bridge bailiff") && closed.hasSuffix("counter drop\n"))
    }

    /// The real `nft` checks the rendered files (`nft -c`: parsed and validated by the kernel,
    /// nothing applied); a broken file is refused. Needs nftables and root; CI has both.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") && getuid() == 0))
    func nftAcceptsTheRulesetsAndRefusesABrokenOne() throws {
        for ruleset in [Port25Ruleset(allowed: Self.allowed), Port25Ruleset(placement: .bridged, allowed: Self.allowed), Port25Ruleset(allowed: [])] {
            #expect(try Self.nftCheck(ruleset.render()) == 0, "\(ruleset.placement): \(ruleset.render())")
        }
        let broken = Port25Ruleset(allowed: Self.allowed).render().replacingOccurrences(of: "type ipv4_addr;", with: "type ipv4_adr;")
        #expect(try Self.nftCheck(broken) != 0)
    }

    static func nftCheck(_ text: String) throws -> Int32 {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("port25-\(UUID().uuidString).nft").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nft")
        process.arguments = ["-c", "-f", file]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
