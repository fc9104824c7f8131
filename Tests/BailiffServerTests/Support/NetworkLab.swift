import Foundation

/// Three network namespaces made for one test: a customer's host, the provider's router (where
/// the firewall runs) and a mail server beyond it, wired with veth pairs, IPv4 and IPv6.
///
///     customer 192.0.2.10 (or another), 2001:db8:a::10 ── router ── 198.51.100.25, 2001:db8:b::25 server (ports 25, 80)
final class NetworkLab {
    static let ip = "/usr/sbin/ip"
    /// Root, `ip` and a kernel that lets us make namespaces.
    static var isAvailable: Bool {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip), FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") else { return false }
        let name = "bl-probe-\(getpid())"
        guard (try? runProgram(ip, ["netns", "add", name]).status) == 0 else { return false }
        _ = try? runProgram(ip, ["netns", "del", name])
        return true
    }

    let customer: String, router: String, server: String
    private var listener: PeerProcess?

    /// The customer's IPv4 address and its router's, on a /24.
    let customerV4: String
    let gatewayV4: String

    /// Whether the router bridges (one L2 segment, the server at .25 of the customer's /24 and
    /// `2001:db8:a::25`) instead of routing.
    let bridged: Bool

    /// The server's addresses as the customer reaches them.
    var serverV4: String { bridged ? "192.0.2.25" : "198.51.100.25" }
    var serverV6: String { bridged ? "2001:db8:a::25" : "2001:db8:b::25" }

    init(customerV4: String = "192.0.2.10", gatewayV4: String = "192.0.2.1", bridged: Bool = false) throws {
        self.customerV4 = customerV4; self.gatewayV4 = gatewayV4; self.bridged = bridged
        let suffix = String(UUID().uuidString.prefix(4)).lowercased()
        customer = "bl-c-\(suffix)"; router = "bl-r-\(suffix)"; server = "bl-s-\(suffix)"
        for namespace in [customer, router, server] {
            try Self.must(["netns", "add", namespace])
            try Self.must(["-n", namespace, "link", "set", "lo", "up"])
        }
        try Self.must(["link", "add", "c\(suffix)", "netns", customer, "type", "veth", "peer", "name", "rc\(suffix)", "netns", router])
        try Self.must(["link", "add", "s\(suffix)", "netns", server, "type", "veth", "peer", "name", "rs\(suffix)", "netns", router])
        if bridged {
            try Self.must(["-n", router, "link", "add", "br0", "type", "bridge"])
            for link in ["rc\(suffix)", "rs\(suffix)"] {
                try Self.must(["-n", router, "link", "set", link, "master", "br0"])
                try Self.must(["-n", router, "link", "set", link, "up"])
            }
            try Self.must(["-n", router, "link", "set", "br0", "up"])
            for (namespace, link, addresses) in [(customer, "c\(suffix)", ["\(customerV4)/24", "2001:db8:a::10/64"]), (server, "s\(suffix)", ["192.0.2.25/24", "2001:db8:a::25/64"])] {
                for address in addresses { try Self.must(["-n", namespace, "addr", "add", address, "dev", link] + (address.contains(":") ? ["nodad"] : [])) }
                try Self.must(["-n", namespace, "link", "set", link, "up"])
            }
        } else {
            let plan: [(String, String, [String])] = [
                (customer, "c\(suffix)", ["\(customerV4)/24", "2001:db8:a::10/64"]),
                (router, "rc\(suffix)", ["\(gatewayV4)/24", "2001:db8:a::1/64"]),
                (router, "rs\(suffix)", ["198.51.100.1/24", "2001:db8:b::1/64"]),
                (server, "s\(suffix)", ["198.51.100.25/24", "2001:db8:b::25/64"]),
            ]
            for (namespace, link, addresses) in plan {
                for address in addresses { try Self.must(["-n", namespace, "addr", "add", address, "dev", link] + (address.contains(":") ? ["nodad"] : [])) }
                try Self.must(["-n", namespace, "link", "set", link, "up"])
            }
            try Self.must(["-n", customer, "route", "add", "default", "via", gatewayV4])
            try Self.must(["-n", customer, "-6", "route", "add", "default", "via", "2001:db8:a::1"])
            try Self.must(["-n", server, "route", "add", "default", "via", "198.51.100.1"])
            try Self.must(["-n", server, "-6", "route", "add", "default", "via", "2001:db8:b::1"])
            try Self.must(["netns", "exec", router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
        }
        let script = """
            import socket, sys, threading
            def serve(port):
                s = socket.socket(socket.AF_INET6)
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("::", port)); s.listen(64)
                while True:
                    c, _ = s.accept(); c.close()
            for port in (25, 80): threading.Thread(target=serve, args=(port,), daemon=True).start()
            print("ready", flush=True)
            threading.Event().wait()
            """
        listener = try PeerProcess(Self.ip, ["netns", "exec", server, "/usr/bin/python3", "-c", script],
                                   log: FileManager.default.temporaryDirectory.appendingPathComponent("bl-listener-\(suffix).log"))
        // Wait until the server answers on port 80 from the customer's side.
        let deadline = Date().addingTimeInterval(15)
        while !(try connects(to: serverV4, port: 80)) {
            guard Date() < deadline else { throw SinkError("the lab's server did not start") }
            usleep(100_000)
        }
    }

    /// Whether a TCP connection from the customer's host to `host`:`port` is established.
    func connects(to host: String, port: Int) throws -> Bool {
        try runProgram(Self.ip, ["netns", "exec", customer, "/usr/bin/timeout", "-k", "1", "3", "/bin/bash", "-c", "exec 3<>/dev/tcp/\(host)/\(port)"]).status == 0
    }

    /// The command that loads an nftables file in the router's namespace.
    var nftInRouter: [String] { [Self.ip, "netns", "exec", router, "/usr/sbin/nft", "-f"] }

    func tearDown() {
        listener?.stop()
        listener = nil
        for namespace in [customer, router, server] { _ = try? runProgram(Self.ip, ["netns", "del", namespace]) }
    }

    deinit { tearDown() }

    static func must(_ arguments: [String]) throws {
        let (status, _) = try runProgram(ip, arguments)
        guard status == 0 else { throw SinkError("ip \(arguments.joined(separator: " ")) failed with status \(status)") }
    }
}
