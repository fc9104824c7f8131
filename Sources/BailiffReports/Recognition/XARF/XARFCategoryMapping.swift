import BailiffCore

/// How every XARF and X-ARF report type maps onto Bailiff's ``AbuseCategory`` vocabulary.
///
/// Explicit tables, not string matching, so that a new or misspelt type is quarantined for a
/// person instead of being guessed at. Rules of thumb behind the choices: the category is what
/// *our customer's* address did or suffers; an infected host (bot, botnet, RPZ hit on a malware
/// domain) is `malware`; a compromised or exposed service or account is `vulnerable` (the AUP
/// makes it the customer's duty); reputation feeds are `blocklisted`.
///
/// **XARF JSON, abusix schema-discussion (`Version` alpha, 1, 2, 3, development)** — key `ReportClass/ReportType`:
///
/// | ReportClass / ReportType | category |
/// |---|---|
/// | Activity / Spam | spam |
/// | Activity / LoginAttack | intrusion |
/// | Activity / PortScan | scanning |
/// | Activity / DOS | network-attack |
/// | Activity / Malware (sub-type RPZ-Rewrite: a host looked up a malware domain) | malware |
/// | Activity / Exploit | intrusion |
/// | Activity / PotentiallyCompromisedAccount | vulnerable |
/// | Activity / WebCrawler | scanning |
/// | Activity / Harassment | abusive-content |
/// | Content / Phishing | phishing |
/// | Content / Malware | malware |
/// | Content / Botnet | malware |
/// | Content / ChildAbuse, Content / ChildSexualAbuseMaterial | child-abuse |
/// | Content / Copyright | ip-infringement |
/// | Content / Trademark | ip-infringement |
/// | Vulnerability / OpenService | vulnerable |
///
/// **XARF JSON v3 as in the xarf-spec samples** (`Report.Source` object; `ReportClass` is free
/// text there, e.g. "Messaging", "Network", "System") — key `ReportType`, compared lowercased with
/// `-` and `_` removed:
///
/// | ReportType | category |
/// |---|---|
/// | spam | spam |
/// | loginattack | intrusion |
/// | portscan | scanning |
/// | ddos, dos | network-attack |
/// | phishing | phishing |
/// | malware | malware |
/// | botnet | malware |
/// | copyright | ip-infringement |
///
/// **XARF JSON v4 (xarf-spec, `xarf_version` 4.x)** — key `category` / `type`:
///
/// | category | type → category |
/// |---|---|
/// | messaging | spam, bulk_messaging → spam; phishing → phishing |
/// | connection | login_attack, auth_failure, sql_injection → intrusion; port_scan, reconnaissance, vuln_scanning, vulnerability_scan, scraping → scanning; ddos, ddos_amplification, ip_spoof → network-attack; infected_host, bot → malware |
/// | content | phishing → phishing; malware → malware; fraud, suspicious_registration → fraud; csam, csem → child-abuse; exposed_data → privacy; brand_infringement → ip-infringement; remote_compromise, defacement, web_hack → vulnerable; spamvertised → spam; ncii → abusive-content |
/// | infrastructure | botnet, bot → malware; compromised_server → vulnerable |
/// | copyright | copyright, p2p, cyberlocker, link_site, ugc_platform, usenet, trademark → ip-infringement |
/// | vulnerability | cve, open, open_service, misconfiguration → vulnerable |
/// | reputation | blocklist, threat_intelligence → blocklisted |
///
/// **X-ARF 0.1/0.2 mails (YAML `Report-Type`, compared lowercased)**:
///
/// | Report-Type | category |
/// |---|---|
/// | login-attack, bruteforce, brute-force | intrusion |
/// | hack-attack, web-attack, webhack, exploit, sql-injection, intrusion | intrusion |
/// | portscan, port-scan, scan, vulnerability-scan | scanning |
/// | ddos, ddos-attack, dos | network-attack |
/// | spam, spamtrap, regbot (blocklist.de: forum-registration bot) | spam |
/// | harvesting (clean-mx: address harvesting by crawling) | scanning |
/// | phishing, phishing-site | phishing |
/// | malware, malware-attack, malware-distribution, malware-site, bot, botnet, botnet-drone | malware |
/// | fraud | fraud |
/// | copyright, copyright-infringement | ip-infringement |
/// | open-proxy, openproxy | open-proxy |
/// | open-resolver, open-service, vulnerable-service | vulnerable |
/// | child-abuse | child-abuse |
/// | blacklist, blocklist | blocklisted |
///
/// When an X-ARF `Report-Type` is not in the table, the `Category` decides only where it is
/// unambiguous: `malware` → malware, `fraud` → fraud; otherwise (`abuse`, `info`) the report is
/// quarantined. X-ARF categories accepted at all: abuse, fraud, info, malware.
enum XARFCategoryMapping {
    /// abusix schema-discussion reports, keyed `ReportClass/ReportType`.
    static let classic: [String: AbuseCategory] = [
        "Activity/Spam": .spam,
        "Activity/LoginAttack": .intrusion,
        "Activity/PortScan": .scanning,
        "Activity/DOS": .networkAttack,
        "Activity/Malware": .malware,
        "Activity/Exploit": .intrusion,
        "Activity/PotentiallyCompromisedAccount": .vulnerable,
        "Activity/WebCrawler": .scanning,
        "Activity/Harassment": .abusiveContent,
        "Content/Phishing": .phishing,
        "Content/Malware": .malware,
        "Content/Botnet": .malware,
        "Content/ChildAbuse": .childAbuse,
        "Content/ChildSexualAbuseMaterial": .childAbuse,
        "Content/Copyright": .ipInfringement,
        "Content/Trademark": .ipInfringement,
        "Vulnerability/OpenService": .vulnerable,
    ]

    /// xarf-spec v3 samples, keyed by normalised `ReportType` (see ``normalized(_:)``).
    static let legacyV3: [String: AbuseCategory] = [
        "spam": .spam,
        "loginattack": .intrusion,
        "portscan": .scanning,
        "ddos": .networkAttack,
        "dos": .networkAttack,
        "phishing": .phishing,
        "malware": .malware,
        "botnet": .malware,
        "copyright": .ipInfringement,
    ]

    /// XARF v4, keyed `category` then `type` (spelt as the schemas spell them).
    static let v4: [String: [String: AbuseCategory]] = [
        "messaging": ["spam": .spam, "bulk_messaging": .spam, "phishing": .phishing],
        "connection": [
            "login_attack": .intrusion, "auth_failure": .intrusion, "sql_injection": .intrusion,
            "port_scan": .scanning, "reconnaissance": .scanning, "vuln_scanning": .scanning,
            "vulnerability_scan": .scanning, "scraping": .scanning,
            "ddos": .networkAttack, "ddos_amplification": .networkAttack, "ip_spoof": .networkAttack,
            "infected_host": .malware, "bot": .malware,
        ],
        "content": [
            "phishing": .phishing, "malware": .malware, "fraud": .fraud, "suspicious_registration": .fraud,
            "csam": .childAbuse, "csem": .childAbuse, "exposed_data": .privacy,
            "brand_infringement": .ipInfringement, "remote_compromise": .vulnerable, "defacement": .vulnerable,
            "web_hack": .vulnerable, "spamvertised": .spam, "ncii": .abusiveContent,
        ],
        "infrastructure": ["botnet": .malware, "bot": .malware, "compromised_server": .vulnerable],
        "copyright": [
            "copyright": .ipInfringement, "p2p": .ipInfringement, "cyberlocker": .ipInfringement,
            "link_site": .ipInfringement, "ugc_platform": .ipInfringement, "usenet": .ipInfringement,
            "trademark": .ipInfringement,
        ],
        "vulnerability": ["cve": .vulnerable, "open": .vulnerable, "open_service": .vulnerable, "misconfiguration": .vulnerable],
        "reputation": ["blocklist": .blocklisted, "threat_intelligence": .blocklisted],
    ]

    /// X-ARF mail `Report-Type`, lowercased.
    static let xarfMailTypes: [String: AbuseCategory] = [
        "login-attack": .intrusion, "bruteforce": .intrusion, "brute-force": .intrusion,
        "hack-attack": .intrusion, "web-attack": .intrusion, "webhack": .intrusion, "exploit": .intrusion,
        "sql-injection": .intrusion, "intrusion": .intrusion,
        "portscan": .scanning, "port-scan": .scanning, "scan": .scanning, "vulnerability-scan": .scanning,
        "ddos": .networkAttack, "ddos-attack": .networkAttack, "dos": .networkAttack,
        "spam": .spam, "spamtrap": .spam, "regbot": .spam, "harvesting": .scanning,
        "phishing": .phishing, "phishing-site": .phishing,
        "malware": .malware, "malware-attack": .malware, "malware-distribution": .malware, "malware-site": .malware,
        "bot": .malware, "botnet": .malware, "botnet-drone": .malware,
        "fraud": .fraud,
        "copyright": .ipInfringement, "copyright-infringement": .ipInfringement,
        "open-proxy": .openProxy, "openproxy": .openProxy,
        "open-resolver": .vulnerable, "open-service": .vulnerable, "vulnerable-service": .vulnerable,
        "child-abuse": .childAbuse,
        "blacklist": .blocklisted, "blocklist": .blocklisted,
    ]

    /// X-ARF mail `Category`, lowercased: the accepted values, and the category each implies
    /// on its own when the `Report-Type` is unknown (nil: the type must decide).
    static let xarfMailCategories: [String: AbuseCategory?] = [
        "abuse": nil, "info": nil, "malware": .malware, "fraud": .fraud,
    ]

    /// Lowercased, with `-`, `_` and spaces removed: "Login-Attack" → "loginattack".
    static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " }.map(Character.init))
    }
}
