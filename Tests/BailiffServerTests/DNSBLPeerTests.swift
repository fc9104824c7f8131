import BailiffCore
import BailiffNet
@testable import BailiffServer
import Foundation
import Testing

/// The blocklist client against rbldnsd: listed, clean and multi-code answers, IPv6, TXT
/// reasons, Spamhaus's codes and error answers, a list that never answers, a list that fails
/// its test points — and never an error taken for a listing.
@Suite(.enabled(if: BlocklistLab.available, "needs rbldnsd (apt-get install rbldnsd)"))
struct DNSBLPeerTests {
    /// Both ways through the checker: paced lists (a worker per window slot) and unpaced ones (a bulk run on the event loop).
    static let rates = [1_000, 1_000_000]

    static func list(_ name: String, zone: String, ipv6: Bool = false, rate: Int = 1_000) -> DNSBLList {
        DNSBLList(name: name, zone: zone, ipv4: true, ipv6: ipv6, codes: [
            .init(0x7F00_0002, .abuse, "listed"), .init(0x7F00_0003, .abuse, "snowshoe"), .init(0x7F00_0004, .abuse, "exploited"),
            .init(0x7F00_0009, .abuse, "hijacked"),
        ], queriesPerSecond: rate, enabled: true)
    }

    static func checker(_ lab: BlocklistLab, timeout: Duration = .seconds(2), retries: Int = 1) async throws -> (DNSClient, DNSBLChecker) {
        var options = DNSClient.Options()
        options.timeout = timeout
        options.retries = retries
        let client = try await DNSClient.connect(to: .init(host: "127.0.0.1", port: lab.port), options: options)
        return (client, DNSBLChecker(client: client, window: 64))
    }

    static let addresses = ["192.0.2.10", "192.0.2.11", "192.0.2.99", "2001:db8::10", "2001:db8::99", "192.0.2.30", "192.0.2.31", "192.0.2.32", "192.0.2.33"]
        .map { IPAddress($0)! }

    @Test(arguments: rates)
    func listedCleanMultiCodeIPv6AndReasons(rate: Int) async throws {
        let lab = try BlocklistLab()
        let (client, checker) = try await Self.checker(lab)
        let (results, canaries) = await checker.check(Self.addresses, lists: [Self.list("test", zone: "test.bl", ipv6: true, rate: rate)])
        await client.close()
        #expect(canaries.map(\.usable) == [true], "\(canaries)")
        func verdict(_ ip: String) -> DNSBLVerdict? { results.first { $0.address == IPAddress(ip)! }?.verdict }
        #expect(verdict("192.0.2.10")?.state == .listed && verdict("192.0.2.10")?.codes.map(\.code) == ["127.0.0.2"])
        #expect(verdict("192.0.2.10")?.text == "Listed for abuse, see https://bl.test/lookup?ip=192.0.2.10")
        #expect(verdict("192.0.2.11")?.codes.map(\.code) == ["127.0.0.4", "127.0.0.9"], "an answer with two A records keeps both codes")
        #expect(verdict("192.0.2.11")?.text?.contains("Exploited host 192.0.2.11") == true && verdict("192.0.2.11")?.text?.contains("Hijacked network") == true)
        #expect(verdict("192.0.2.99")?.state == .clean)
        #expect(verdict("2001:db8::10")?.state == .listed && verdict("2001:db8::10")?.codes.map(\.code) == ["127.0.0.3"])
        #expect(verdict("2001:db8::99")?.state == .clean)
        #expect(results.count == Self.addresses.count)
    }

    @Test func spamhausCodesAreClassedAndItsErrorsAreNotListings() async throws {
        let lab = try BlocklistLab()
        let (client, checker) = try await Self.checker(lab)
        var zen = DNSBLCatalogue.lists.first { $0.name == "zen" }!
        zen.zone = "zen.test"
        zen.ipv6 = false
        zen.queriesPerSecond = 10_000
        let (results, _) = await checker.check(Self.addresses.filter { $0.family == .v4 }, lists: [zen], testPoints: false)
        await client.close()
        func verdict(_ ip: String) -> DNSBLVerdict? { results.first { $0.address == IPAddress(ip)! }?.verdict }
        #expect(verdict("192.0.2.30")?.strongestClass == .abuse)
        #expect(verdict("192.0.2.31")?.codes.map(\.codeClass) == [.abuse, .policy], "XBL and PBL together: both kept")
        #expect(verdict("192.0.2.32")?.state == .listed && verdict("192.0.2.32")?.strongestClass == .policy)
        #expect(verdict("192.0.2.33")?.state == .unknown && verdict("192.0.2.33")?.reason.contains("public or open resolver") == true)
    }

    @Test(arguments: rates)
    func errorsSilenceAndFailedTestPointsGiveUnknownNeverListed(rate: Int) async throws {
        let lab = try BlocklistLab()
        let (client, checker) = try await Self.checker(lab, timeout: .milliseconds(300), retries: 1)
        let lists = [Self.list("errors", zone: "err.bl", rate: rate), Self.list("broken", zone: "broken.bl", rate: rate), Self.list("silent", zone: "silent.bl", rate: rate)]
        let (results, canaries) = await checker.check(Self.addresses.filter { $0.family == .v4 }, lists: lists)
        await client.close()
        #expect(Dictionary(uniqueKeysWithValues: canaries.map { ($0.list, $0.usable) }) == ["errors": false, "broken": false, "silent": false])
        #expect(canaries.first { $0.list == "broken" }?.problems.contains { $0.contains("127.0.0.1 must not be listed") } == true)
        #expect(results.allSatisfy { $0.verdict.state == .unknown }, "\(results.filter { $0.verdict.state != .unknown })")
        // Without the test points, the error list's codes and the silence are still unknown, never listings.
        let (client2, checker2) = try await Self.checker(lab, timeout: .milliseconds(300), retries: 0)
        let (raw, _) = await checker2.check(Self.addresses.filter { $0.family == .v4 }, lists: [lists[0], lists[2]], testPoints: false)
        await client2.close()
        #expect(!raw.contains { $0.verdict.state == .listed })
        #expect(raw.filter { $0.list == "errors" && ["192.0.2.10", "192.0.2.11"].contains($0.address.description) }.allSatisfy { $0.verdict.state == .unknown })
        #expect(raw.filter { $0.list == "silent" }.allSatisfy { $0.verdict.reason.contains("no answer after 1 tries") })
    }

    /// The CLI, like dig for one list: exit 0 when every query got a verdict, 1 otherwise.
    @Test func theCommandLineChecksOneZoneOnOneServer() async throws {
        let lab = try BlocklistLab()
        let bailiff = packageRoot.appendingPathComponent(".build/debug/bailiff").path
        try #require(FileManager.default.isExecutableFile(atPath: bailiff), "build the bailiff executable first (swift build)")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-dnsbl-\(UUID().uuidString)").path
        let listed = try runProgram(bailiff, ["dnsbl", "check", "--data-dir", data, "--zone", "test.bl", "--server", "127.0.0.1:\(lab.port)", "--json", "192.0.2.11", "192.0.2.99"])
        #expect(listed.status == 0, "\(listed.output)")
        let lines = listed.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.map { $0["verdict"] as? String } == ["listed", "clean"])
        #expect((lines.first?["codes"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["127.0.0.4", "127.0.0.9"])
        let errors = try runProgram(bailiff, ["dnsbl", "check", "--data-dir", data, "--zone", "err.bl", "--server", "127.0.0.1:\(lab.port)", "192.0.2.10"])
        #expect(errors.status == 1 && errors.output.contains("unknown"), "\(errors.output)")
    }

    /// A truncated UDP answer is asked again over TCP (RFC 7766), with its long TXT record.
    @Test func aTruncatedAnswerIsFetchedOverTCP() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-dns-tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("server.log")
        let server = try PeerProcess("/usr/bin/python3", [packageRoot.appendingPathComponent("scripts/dns-truncating-server.py").path], unblockingSignals: true, log: log)
        defer { server.stop(); try? FileManager.default.removeItem(at: directory) }
        var port = 0
        let deadline = Date().addingTimeInterval(10)
        while port == 0 && Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }) { port = Int(line.dropFirst(6)) ?? 0 } else { usleep(20_000) }
        }
        try #require(port > 0, "the stub server did not start")
        let client = try await DNSClient.connect(to: .init(host: "127.0.0.1", port: port))
        let a = try await client.query("2.0.0.127.bl.test", type: .a)
        let txt = try await client.query("2.0.0.127.bl.test", type: .txt)
        await client.close()
        #expect(!a.truncated && a.answers.map(\.data) == [.a(0x7F00_0002)])
        guard case .txt(let strings)? = txt.answers.first?.data else { Issue.record("no TXT over TCP"); return }
        #expect(strings.count == 3 && strings.allSatisfy { $0.count == 200 })
    }
}
