import Foundation

/// dnsmasq (Debian) on a loopback UDP port answering reverse DNS for 192.0.2.0/24 from the PTR
/// records a test gives; any other address of that network is NXDOMAIN (no name).
///
/// dnsmasq closes every inherited descriptor when it starts, which Foundation's `Process` takes
/// for the child's exit (and then waits for it, blocking the thread that watches all children).
/// So a shell runs it and stays its parent; the shell's trap, and the pid it wrote, stop it.
final class ReverseDNSLab {
    let port: Int
    let peer: PeerProcess
    let log: URL
    let pidFile: URL

    /// Present, or required (CI): a CI machine without dnsmasq fails instead of skipping.
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/dnsmasq") || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `names`: IPv4 address → PTR name.
    init(_ names: [String: String]) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("dnsmasq-\(UUID().uuidString).log")
        pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("dnsmasq-\(UUID().uuidString).pid")
        port = try freeLoopbackUDPPort()
        let records = names.map { address, name in
            "--ptr-record=\(address.split(separator: ".").reversed().joined(separator: ".")).in-addr.arpa,\(name)"
        }
        let script = "/usr/sbin/dnsmasq \"$@\" & child=$!; echo $child > '\(pidFile.path)'; trap 'kill -9 $child' TERM INT; wait $child"
        peer = try PeerProcess("/bin/sh", ["-c", script, "dnsmasq",
            "--keep-in-foreground", "--conf-file=/dev/null", "--port=\(port)", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--local=/2.0.192.in-addr.arpa/", "--log-facility=-",
        ] + records, unblockingSignals: true, log: log)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("using only locally-known addresses") { return }
            if !peer.process.isRunning { break }
            usleep(20_000)
        }
        throw BlocklistLab.LabFailure(reason: "dnsmasq did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    deinit {
        peer.stop()
        if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: log)
        try? FileManager.default.removeItem(at: pidFile)
    }
}
