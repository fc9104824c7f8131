import Foundation
import Testing

/// rbldnsd (Debian) on a loopback UDP port, serving test zones:
/// - `test.bl`: ip4set (two datasets: 192.0.2.11 is in both, so it answers two codes) and
///   ip6trie, each with RFC 5782's test points;
/// - `zen.test`: Spamhaus ZEN's real codes (SBL, XBL, PBL) and its error answers;
/// - `err.bl`: nothing but error codes (127.255.255.252/254/255), test point included;
/// - `broken.bl`: lists everything, 127.0.0.1 too (its test points fail);
/// - `silent.bl`: never answers us (an `acl` of `:ignore` for loopback).
final class BlocklistLab {
    let directory: URL
    let port: Int
    let peer: PeerProcess

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/rbldnsd") }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-rbl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let files: [String: String] = [
            "abuse.ip4": """
                :127.0.0.2:Listed for abuse, see https://bl.test/lookup?ip=$
                127.0.0.2
                192.0.2.10
                192.0.2.11 :127.0.0.4:Exploited host $
                192.0.2.0/30 :127.0.0.2:A listed range
                """,
            "second.ip4": "192.0.2.11 :127.0.0.9:Hijacked network\n",
            "abuse.ip6": """
                :127.0.0.2:Listed (IPv6) $
                ::ffff:7f00:2/128
                2001:db8::10/128 :127.0.0.3:Snowshoe $
                """,
            "zen.ip4": """
                127.0.0.2 :127.0.0.2:SBL test point
                192.0.2.30 :127.0.0.2:SBL spam operation
                192.0.2.31 :127.0.0.4:XBL exploited
                192.0.2.32 :127.0.0.10:PBL dynamic
                192.0.2.33 :127.255.255.254:Public resolver
                """,
            "zen-pbl.ip4": "192.0.2.31 :127.0.0.11:PBL (Spamhaus-maintained)\n",
            "errors.ip4": """
                127.0.0.2 :127.255.255.255:Excessive queries
                192.0.2.10 :127.255.255.254:Public resolver
                192.0.2.11 :127.255.255.252:Typo
                """,
            "broken.ip4": "127.0.0.0/24\n192.0.2.0/24\n",
            "empty.ip4": "192.0.2.250\n",
            "ignore.acl": "127.0.0.0/8 :ignore\n::1/128 :ignore\n",
        ]
        for (name, text) in files {
            let path = directory.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data((text.hasSuffix("\n") ? text : text + "\n").utf8), attributes: [.posixPermissions: 0o644])
        }
        port = try freeLoopbackUDPPort()
        peer = try PeerProcess("/usr/sbin/rbldnsd", [
            "-n", "-b", "127.0.0.1/\(port)", "-w", directory.path,
            "test.bl:ip4set:abuse.ip4,second.ip4", "test.bl:ip6trie:abuse.ip6", "zen.test:ip4set:zen.ip4,zen-pbl.ip4",
            "err.bl:ip4set:errors.ip4", "broken.bl:ip4set:broken.ip4", "silent.bl:ip4set:empty.ip4", "silent.bl:acl:ignore.acl",
        ], unblockingSignals: true, log: directory.appendingPathComponent("rbldnsd.log"))
        // rbldnsd binds and loads before it answers; wait until it says so.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let log = (try? String(contentsOf: directory.appendingPathComponent("rbldnsd.log"), encoding: .utf8)) ?? ""
            if log.contains("zones reloaded") { return }
            if !peer.process.isRunning { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("rbldnsd.log"), encoding: .utf8)) ?? ""
        throw LabFailure(reason: "rbldnsd did not start: \(log)")
    }

    struct LabFailure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    deinit {
        peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
