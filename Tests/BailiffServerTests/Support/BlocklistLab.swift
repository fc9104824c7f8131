import Foundation
import Testing

/// rbldnsd (Debian) on a loopback UDP port, serving the zones a test gives, or the standard ones:
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

    /// Present, or required (CI): a CI machine without rbldnsd fails instead of skipping.
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/rbldnsd") || ProcessInfo.processInfo.environment["CI"] == "true" }

    convenience init() throws { try self.init(files: Self.standardFiles, zones: Self.standardZones) }

    static let standardFiles: [String: String] = [
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
    static let standardZones = [
        "test.bl:ip4set:abuse.ip4,second.ip4", "test.bl:ip6trie:abuse.ip6", "zen.test:ip4set:zen.ip4,zen-pbl.ip4",
        "err.bl:ip4set:errors.ip4", "broken.bl:ip4set:broken.ip4", "silent.bl:ip4set:empty.ip4", "silent.bl:acl:ignore.acl",
    ]

    /// rbldnsd serving `zones` (rbldnsd's `zone:type:file,…` arguments) from `files` (name → text).
    init(files: [String: String], zones: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailiff-rbl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        for (name, text) in files { try Self.write(text, to: directory.appendingPathComponent(name)) }
        port = try freeLoopbackUDPPort()
        peer = try PeerProcess("/usr/sbin/rbldnsd", ["-n", "-b", "127.0.0.1/\(port)", "-w", directory.path] + zones,
                               unblockingSignals: true, log: directory.appendingPathComponent("rbldnsd.log"))
        try waitForReload(count: 1, what: "rbldnsd did not start")
    }

    private static func write(_ text: String, to file: URL, modified: Date? = nil) throws {
        FileManager.default.createFile(atPath: file.path, contents: Data((text.hasSuffix("\n") ? text : text + "\n").utf8), attributes: [.posixPermissions: 0o644])
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path) }
    }

    /// Replaces a zone file and has rbldnsd load it (SIGHUP; the file's time is moved ahead so
    /// that rbldnsd sees it changed within the same second).
    func replace(_ name: String, with text: String) throws {
        let before = reloads()
        try Self.write(text, to: directory.appendingPathComponent(name), modified: Date().addingTimeInterval(Double(10 * (before + 1))))
        kill(peer.process.processIdentifier, SIGHUP)
        try waitForReload(count: before + 1, what: "rbldnsd did not reload \(name)")
    }

    private func reloads() -> Int {
        let log = (try? String(contentsOf: directory.appendingPathComponent("rbldnsd.log"), encoding: .utf8)) ?? ""
        return log.components(separatedBy: "zones reloaded").count - 1
    }

    /// rbldnsd loads before it answers and says so; waits until it has said it `count` times.
    private func waitForReload(count: Int, what: String) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if reloads() >= count { return }
            if !peer.process.isRunning { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("rbldnsd.log"), encoding: .utf8)) ?? ""
        throw LabFailure(reason: "\(what): \(log)")
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
