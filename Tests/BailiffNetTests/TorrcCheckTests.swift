import Testing

@testable import BailiffNet

/// tor(1)'s rules for whether a relay exits.
struct TorrcCheckTests {
    @Test(arguments: [
        // (torrc, exits)
        ("ORPort 9001\n", false),  // ExitRelay auto, nothing set: a non-exit relay
        ("ORPort 9001\nExitRelay 0\nExitPolicy accept *:*\n", false),  // ExitRelay 0 ignores the policy
        ("ORPort 9001\nExitRelay 1\n", true),  // the default exit policy
        ("ORPort 9001\nExitPolicy reject6 *:*, reject *:*\n", false),  // first match wins: everything rejected
        ("ORPort 9001\nExitPolicy reject *:*\n", false),
        ("ORPort 9001\nExitPolicy accept *:443\nExitPolicy reject *:*\n", true),
        ("ORPort 9001\nExitPolicy reject *:25\n", true),  // no catch-all: the default policy follows
        ("ORPort 9001\nExitPolicy accept private:*, reject *:*\n", false),  // private destinations are not an exit
        ("ORPort 9001\nExitPolicy reject *4:*\n", false),  // IPv4 closed and IPv6Exit not set
        ("ORPort 9001\nIPv6Exit 1\nExitPolicy reject *4:*\n", true),  // IPv6 still open: the default policy
        ("ORPort 9001\nIPv6Exit 1\nExitPolicy accept6 *:80, reject *:*\n", true),
        ("ORPort 9001\nReducedExitPolicy 1\n", true),
        ("ORPort 9001\nBridgeRelay 1\nExitPolicy accept *:*\n", false),
        ("SocksPort 9050\nExitPolicy accept *:*\n", false),  // no ORPort: a client
        ("ORPort 9001 # relay\n# ExitPolicy accept *:*\n", false),  // comments are not options
        ("ORPort 9001\nexitpolicy ACCEPT *:80\n", true),  // option names are case-insensitive
    ])
    func verdicts(torrc: String, exits: Bool) {
        let verdict = TorrcCheck.verdict(torrc)
        #expect(verdict.exits == exits, "\(torrc): \(verdict.reasons)")
        #expect(!verdict.reasons.isEmpty)
    }

    @Test func theReasonNamesTheDecidingRule() {
        let verdict = TorrcCheck.verdict("ORPort 9001\nExitPolicy reject *:25\nExitPolicy accept *:443\n")
        #expect(verdict.exits && verdict.reasons.last?.contains("line 3") == true && verdict.reasons.last?.contains("accept *:443") == true)
    }
}
