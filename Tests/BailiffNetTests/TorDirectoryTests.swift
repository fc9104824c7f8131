import BailiffCore
import Crypto
import Foundation
import Testing

@testable import BailiffNet

/// The Tor directory rules against real documents from `shared/corpus/tor`.
struct TorDirectoryTests {
    static let tor: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/corpus/tor")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return ProcessInfo.processInfo.environment["BAILIFF_TEST_CORPUS"].map { URL(fileURLWithPath: $0).appendingPathComponent("tor") }
    }()

    func text(_ name: String) throws -> String {
        let url = try #require(Self.tor).appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func everyExitAddressOfTheExitListExits() throws {
        let list = try text("exit-list_2018-11-02-01-02-01.tordnsel")
        var directory = TorDirectory()
        #expect(directory.read(list) == "exit-list")
        let expected = Set(list.split(separator: "\n").filter { $0.hasPrefix("ExitAddress ") }.map { String($0.split(separator: " ")[1]) })
        let exits = directory.exits()
        #expect(Set(exits.map(\.address)) == expected)
        #expect(expected.count == 862)  // 929 ExitAddress lines, some relays share an address
        let first = try #require(exits.first { $0.address == "162.247.74.201" })
        #expect(first.relay == "0011BD2485AD45D984EC4159C88FC066E5E3300E" && first.source == "exit-list")
        #expect(first.seenAt == Timestamp.parse("2018-11-01T18:08:13Z"))
    }

    @Test func aConsensusRelayExitsByItsSummaryNotByItsFlags() throws {
        var directory = TorDirectory()
        #expect(directory.read(try text("stem_cached-consensus")) == "consensus")
        // test002r: "p accept 1-65535"; test001a has the Exit flag but "p reject 1-65535"; all three on 127.0.0.1.
        let exits = directory.exits()
        #expect(exits.count == 1 && exits[0].nickname == "test002r")

        let consensus = try text("ns-consensus_2018-06-01-00-00-00_cropped")
        var ns = TorDirectory()
        ns.read(consensus)
        // Expected from the document itself: the address of every relay whose p line is not reject-all.
        var expected: Set<String> = []
        var address = ""
        for line in consensus.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "r" { address = String(words[6]) }
            if words.first == "p", line != "p reject 1-65535" { expected.insert(address) }
        }
        #expect(!expected.isEmpty)
        #expect(Set(ns.exits().map(\.address)) == expected)
        #expect(ns.relayCount == 208)
    }

    @Test func microdescriptorsDecideForTheMicrodescConsensusIncludingIPv6OnlyExits() throws {
        let exitDescriptor = try text("microdescriptor_exit_00a0fc9a"), quiet = try text("microdescriptor_nonexit_00a1c073")
        // The consensus names microdescriptors by digest: the exit, the non-exit, and an IPv6-only exit.
        let v6Only = "onion-key\n-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\np reject 1-65535\np6 accept 80,443\n"
        #expect(microdescriptorDigest(exitDescriptor) == "AKD8mu65Z3ryEr2ZmSATA/KrbxlWFmGpyB5hq7k+w5E")  // its file name, in base64
        let consensus = """
            network-status-version 3 microdesc
            r exitrelay AAoQ1DAR6kkoo19hBAX5K0QztNw 2019-04-30 18:27:02 203.0.113.50 9001 0
            m \(microdescriptorDigest(exitDescriptor))
            s Exit Fast Running Valid
            r guard AAwffNL+oHO5EdyUoWAOwvEX3ws 2019-04-30 21:08:45 203.0.113.51 9001 0
            a [2001:db8:100::51]:9001
            m \(microdescriptorDigest(quiet))
            s Fast Guard Running Valid
            r sixexit AAz97DcntMuCpI1OvEkxA786k04 2019-04-30 18:31:31 203.0.113.52 9001 0
            a [2001:db8:100::52]:9001
            m \(microdescriptorDigest(v6Only))
            s BadExit Running Valid
            directory-footer
            """
        var directory = TorDirectory()
        #expect(directory.read(exitDescriptor + quiet) == "microdescriptors")
        directory.read(v6Only)
        directory.read(consensus)
        let exits = directory.exits()
        #expect(Set(exits.map(\.address)) == ["203.0.113.50", "203.0.113.52", "2001:db8:100::52"])
        let six = try #require(exits.first { $0.address == "2001:db8:100::52" })
        #expect(six.reason.contains("p6 accept 80,443") && six.reason.contains("BadExit") && six.source == "microdescriptor")
    }
}

/// The digest a microdesc consensus quotes for a microdescriptor: SHA-256 of its text from
/// `onion-key`, base64 without padding.
func microdescriptorDigest(_ text: String) -> String {
    let body = text[text.range(of: "onion-key\n")!.lowerBound...]
    return TorDirectory.base64(Array(SHA256.hash(data: Array(body.utf8))))
}
