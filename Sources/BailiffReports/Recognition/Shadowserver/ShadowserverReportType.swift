import BailiffCore

/// What Bailiff knows about one Shadowserver report type: the category its rows mean for the
/// customer at the reported address, and which columns hold that address, its port and a URL.
///
/// Shadowserver names each report type in its file names (`2023-04-01-scan_ssh-nl-asn64496.csv`)
/// and documents the columns per type (https://www.shadowserver.org/what-we-do/network-reporting/,
/// machine-readable in https://interchange.shadowserver.org/intelmq/v1/schema). The table below
/// covers every type in the shared corpus (the current-format types IntelMQ tested until
/// 2023-04 and the legacy names IntelMQ 3.0 still read) and is deliberately explicit: a type not
/// in it is reported as unknown, so a new Shadowserver report is looked at by a person before
/// Bailiff acts on it. `scan6_`/`event6_` (IPv6) names are read as their `scan_`/`event4_`
/// twins, which have the same columns.
///
/// The deciding question for the category is what the reported address *did or is*:
/// - an exposed, open or vulnerable service found by Shadowserver's own scans → `vulnerable`
///   (open proxies → `open-proxy`, the AUP's own clause);
/// - a host seen talking to a sinkhole, or a URL/server serving malware, or a compromised
///   device or website → `malware`;
/// - a host hitting honeypots or darknets → `scanning`; logging in to honeypots → `intrusion`;
/// - a host sending DDoS traffic → `network-attack`; the *victim* of a DDoS or an amplification
///   attack (the address is in the victim's column) → `attack-target`;
/// - phishing URLs → `phishing`; third-party blocklist listings → `blocklisted`; spam → `spam`.
public struct ShadowserverReportType: Sendable, Hashable {
    /// How a row's URL is found.
    public enum URLSource: Sendable, Hashable {
        /// The type has no URL worth an event.
        case none
        /// A column holding a full URL.
        case column(String)
        /// `compromised_website`: the site in `http_host`, the path in `url`, the scheme in `application`.
        case hostAndPath
    }

    /// The type's name as Shadowserver writes it, e.g. `scan_ssh`.
    public let name: String
    public let category: AbuseCategory
    /// The first of these columns present in the header holds the reported address.
    public let addressColumns: [String]
    /// The first of these columns present in the header holds its port.
    public let portColumns: [String]
    public let url: URLSource

    init(_ name: String, _ category: AbuseCategory, address: [String] = ["ip", "src_ip"], port: [String] = ["port", "src_port"], url: URLSource = .none) {
        self.name = name
        self.category = category
        self.addressColumns = address
        self.portColumns = port
        self.url = url
    }

    /// The type named `name` (case-insensitive; `scan6_`/`event6_` read as `scan_`/`event4_`), or nil if unknown.
    public static func named(_ name: String) -> ShadowserverReportType? {
        var key = name.lowercased()
        if key.hasPrefix("scan6_") { key = "scan_" + key.dropFirst(6) }
        if key.hasPrefix("event6_") { key = "event4_" + key.dropFirst(7) }
        return table[key]
    }

    /// Every known type, by name.
    public static let table: [String: ShadowserverReportType] = {
        var table: [String: ShadowserverReportType] = [:]
        for type in all { table[type.name] = type }
        return table
    }()

    /// Names of the exposed-service scans (`scan_*` and their predecessors): `vulnerable`.
    /// Each is "a service that should not be reachable from the Internet, or is reachable in a
    /// vulnerable version" per Shadowserver's report descriptions (Open-*, Accessible-*, Vulnerable-*).
    static let exposedServiceScans: [String] = [
        "scan_adb", "scan_afp", "scan_amqp", "scan_ard", "scan_chargen", "scan_cisco_smart_install", "scan_coap",
        "scan_couchdb", "scan_cwmp", "scan_db2", "scan_ddos_middlebox", "scan_dns", "scan_docker", "scan_dvr_dhcpdiscover",
        "scan_elasticsearch", "scan_exchange", "scan_ftp", "scan_hadoop", "scan_http", "scan_http_vulnerable", "scan_ics",
        "scan_ipmi", "scan_ipp", "scan_isakmp", "scan_kubernetes", "scan_ldap_tcp", "scan_ldap_udp", "scan_mdns",
        "scan_memcached", "scan_mongodb", "scan_mqtt", "scan_mqtt_anon", "scan_mssql", "scan_mysql", "scan_nat_pmp",
        "scan_netbios", "scan_netis_router", "scan_ntp", "scan_ntpmonitor", "scan_portmapper", "scan_postgres", "scan_qotd",
        "scan_quic", "scan_radmin", "scan_rdp", "scan_rdpeudp", "scan_redis", "scan_rsync", "scan_sip", "scan_slp",
        "scan_smb", "scan_smtp_vulnerable", "scan_snmp", "scan_ssdp", "scan_ssh", "scan_ssl", "scan_ssl_freak",
        "scan_ssl_poodle", "scan_stun", "scan_telnet", "scan_tftp", "scan_ubiquiti", "scan_vnc", "scan_ws_discovery",
        "scan_xdmcp",
        // Legacy names (IntelMQ 3.0 / AbuseIO era) of the same scans.
        "scan_ldap", "scan_msrdpeudp", "cisco_smart_install", "netis_router", "dns_openresolver", "ssl_scan",
    ]

    /// The whole table. Where the address is not in `ip`/`src_ip`, or the category is not the
    /// obvious one, the entry says why.
    public static let all: [ShadowserverReportType] = exposedServiceScans.map { ShadowserverReportType($0, .vulnerable) } + [
        // Device-Identification: an inventory of Internet-facing devices (firewalls, VPNs) —
        // exposure, not misbehaviour.
        ShadowserverReportType("device_id", .vulnerable),
        // Accessible-HTTP-Proxy is a population report (proxies that answer, not verified open).
        ShadowserverReportType("population_http_proxy", .vulnerable),
        // Open-HTTP-Proxy and Accessible-SOCKS4/5-Proxy: proxies that relay for anyone.
        ShadowserverReportType("scan_http_proxy", .openProxy),
        ShadowserverReportType("scan_socks", .openProxy),
        // IP-Spoofer (CAIDA Spoofer project): the network lets spoofed packets out (no BCP 38);
        // `ip`/`src_ip` is the network's base address.
        ShadowserverReportType("event4_ip_spoofer", .vulnerable),
        ShadowserverReportType("caida_ip_spoofer", .vulnerable),
        // Outdated-DNSSEC-Key: a resolver with a stale root trust anchor — misconfiguration.
        ShadowserverReportType("outdated_dnssec_key", .vulnerable),

        // Sinkholes: the address talked to a sinkholed C2 domain, so it is infected.
        ShadowserverReportType("botnet_drone", .malware),
        ShadowserverReportType("event4_sinkhole", .malware),
        ShadowserverReportType("event4_sinkhole_http", .malware),
        ShadowserverReportType("event4_sinkhole_dns", .malware),
        ShadowserverReportType("event4_microsoft_sinkhole", .malware),
        ShadowserverReportType("event4_microsoft_sinkhole_http", .malware),
        ShadowserverReportType("microsoft_sinkhole", .malware),
        ShadowserverReportType("sinkhole_http_drone", .malware),
        ShadowserverReportType("sinkhole6_http", .malware),
        ShadowserverReportType("sinkhole_dns", .malware),
        // Sinkhole-HTTP-Referer: a website whose pages refer visitors to a sinkholed domain —
        // the site carries malicious links; the site is in the `http_referer_*` columns.
        ShadowserverReportType("event4_sinkhole_http_referer", .malware, address: ["http_referer_ip"], port: ["http_referer_port"]),
        // SYNful-Knock: a router with the SYNful Knock implant, i.e. compromised.
        ShadowserverReportType("scan_synfulknock", .malware),
        // Special: ad-hoc notifications, in practice of compromised devices (e.g. Cyclops Blink,
        // status "likely compromised").
        ShadowserverReportType("special", .malware),
        // Compromised-Website: a hacked site serving malware or spam pages.
        ShadowserverReportType("compromised_website", .malware, url: .hostAndPath),
        // Malware-URL: a URL (and its server address) distributing malware.
        ShadowserverReportType("malware_url", .malware, port: [], url: .column("url")),
        // Sandbox-*: servers that malware run in Shadowserver's sandboxes connected to (C2,
        // droppers); for Sandbox-DNS only the resolved address (`response`) is an address.
        ShadowserverReportType("sandbox_conn", .malware),
        ShadowserverReportType("sandbox_url", .malware, port: [], url: .column("url")),
        ShadowserverReportType("sandbox_dns", .malware, address: ["response"], port: []),

        // Honeypots and darknets: the address sent unsolicited connections or HTTP/ICS probes.
        ShadowserverReportType("event4_honeypot_darknet", .scanning),
        ShadowserverReportType("darknet", .scanning),
        ShadowserverReportType("event4_honeypot_http_scan", .scanning),
        ShadowserverReportType("hp_http_scan", .scanning),
        ShadowserverReportType("hp_ics_scan", .scanning),
        // Honeypot brute force: the address tried to log in to a honeypot.
        ShadowserverReportType("event4_honeypot_brute_force", .intrusion),
        ShadowserverReportType("drone_brute_force", .intrusion),

        // DDoS: who sends versus who receives, by column.
        // DDoS-Participant: `src_ip` took part in a DDoS attack.
        ShadowserverReportType("event4_ddos_participant", .networkAttack),
        // Honeypot-DDoS: `src_ip` is the bot sending the attack traffic to `dst_ip`.
        ShadowserverReportType("event4_honeypot_ddos", .networkAttack),
        // Honeypot-DDoS-Target: the same events keyed on the target, which Shadowserver puts
        // first (`dst_ip`) — the customer is attacked.
        ShadowserverReportType("event4_honeypot_ddos_target", .attackTarget, address: ["dst_ip"], port: ["dst_port"]),
        // Honeypot-Amplification-DDoS: honeypot amplifiers received requests with `src_ip` as
        // (spoofed) source, so `src_ip` is the victim the replies were aimed at.
        ShadowserverReportType("event4_honeypot_ddos_amp", .attackTarget, port: ["src_port"]),
        // Amplification-DDoS-Victim (legacy `ddos_amplification`): `ip` is the victim, `src_port`
        // its attacked port (`dst_port` is the amplifier's service).
        ShadowserverReportType("ddos_amplification", .attackTarget, port: ["src_port"]),

        ShadowserverReportType("phish_url", .phishing, port: [], url: .column("url")),
        ShadowserverReportType("spam_url", .spam, port: [], url: .column("url")),
        ShadowserverReportType("blocklist", .blocklisted),
    ]
}
