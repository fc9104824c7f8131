/// Well-known blocklists with their published return codes, all disabled: an operator enables
/// the ones the provider may query (`dnsbl.lists = zen,spamcop`), many after registering or
/// buying a data feed, and may point them at a local mirror (`dnsbl.server`).
public enum DNSBLCatalogue {
    public static let lists: [DNSBLList] = [
        // Spamhaus ZEN: SBL, CSS, XBL, DROP (abuse), PBL (policy); errors in 127.255.255.0/24.
        DNSBLList(name: "zen", zone: "zen.spamhaus.org", ipv4: true, ipv6: true, codes: [
            .init(.code(0, 0, 2), .abuse, "Spamhaus SBL: a spam source or spam operation"),
            .init(.code(0, 0, 3), .abuse, "Spamhaus SBL CSS: snowshoe spam"),
            .init(.code(0, 0, 4), through: .code(0, 0, 7), .abuse, "Spamhaus XBL: an exploited host (malware, proxy, bot)"),
            .init(.code(0, 0, 9), .abuse, "Spamhaus DROP: a hijacked or criminal network"),
            .init(.code(0, 0, 10), .policy, "Spamhaus PBL (ISP-maintained): this range should not send mail directly"),
            .init(.code(0, 0, 11), .policy, "Spamhaus PBL (Spamhaus-maintained): this range should not send mail directly"),
            .init(.code(255, 255, 252), .error, "Spamhaus: the query was mistyped (typo in the zone)"),
            .init(.code(255, 255, 254), .error, "Spamhaus: the query came through a public or open resolver"),
            .init(.code(255, 255, 255), .error, "Spamhaus: excessive queries (over the free-use limit)"),
        ], delistURL: "https://check.spamhaus.org/", dailyBudget: 300_000, queriesPerSecond: 50),
        DNSBLList(name: "spamcop", zone: "bl.spamcop.net", codes: [.init(.code(0, 0, 2), .abuse, "SpamCop: reported as a spam source")],
                  delistURL: "https://www.spamcop.net/bl.shtml", queriesPerSecond: 50),
        DNSBLList(name: "barracuda", zone: "b.barracudacentral.org", codes: [.init(.code(0, 0, 2), .abuse, "Barracuda BRBL: poor sending reputation")],
                  delistURL: "https://www.barracudacentral.org/rbl/removal-request", queriesPerSecond: 50),
        DNSBLList(name: "uceprotect-1", zone: "dnsbl-1.uceprotect.net", codes: [.init(.code(0, 0, 2), .abuse, "UCEPROTECT level 1: this address sent to spam traps")],
                  delistURL: "https://www.uceprotect.net/en/rblcheck.php", queriesPerSecond: 20),
        DNSBLList(name: "uceprotect-2", zone: "dnsbl-2.uceprotect.net", codes: [.init(.code(0, 0, 2), .neighbourhood, "UCEPROTECT level 2: the surrounding range is listed")],
                  otherCodes: .neighbourhood, delistURL: "https://www.uceprotect.net/en/rblcheck.php", queriesPerSecond: 20),
        DNSBLList(name: "uceprotect-3", zone: "dnsbl-3.uceprotect.net", codes: [.init(.code(0, 0, 2), .neighbourhood, "UCEPROTECT level 3: the network's ASN is listed")],
                  otherCodes: .neighbourhood, delistURL: "https://www.uceprotect.net/en/rblcheck.php", queriesPerSecond: 20),
        DNSBLList(name: "psbl", zone: "psbl.surriel.com", codes: [.init(.code(0, 0, 2), .abuse, "PSBL: sent to spam traps")],
                  delistURL: "https://psbl.org/remove", queriesPerSecond: 20),
        DNSBLList(name: "mailspike", zone: "bl.mailspike.net", codes: [
            .init(.code(0, 0, 2), .abuse, "Mailspike: a spam source"),
            .init(.code(0, 0, 10), through: .code(0, 0, 14), .abuse, "Mailspike: poor reputation"),
        ], delistURL: "https://www.mailspike.org/anubis/lookup.html", queriesPerSecond: 20),
    ]
}
