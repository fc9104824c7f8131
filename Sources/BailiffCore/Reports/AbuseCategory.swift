/// What a report says was done: one vocabulary from intake to policy, after the AUP's clauses.
///
/// - `intrusion`: hacking, exploitation, brute force, unauthorised access.
/// - `network-attack`: a denial of service or other attack sent by the customer.
/// - `attack-target`: a denial of service received by the customer (not the customer's fault).
/// - `vulnerable`: an exposed or compromised service, which the AUP makes the customer's duty.
public enum AbuseCategory: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case spam
    case phishing
    case fraud
    case malware
    case intrusion
    case scanning
    case networkAttack = "network-attack"
    case attackTarget = "attack-target"
    case ipInfringement = "ip-infringement"
    case unlicensedSoftware = "unlicensed-software"
    case abusiveContent = "abusive-content"
    case childAbuse = "child-abuse"
    case privacy
    case irc
    case openProxy = "open-proxy"
    case torExit = "tor-exit"
    case adultContent = "adult-content"
    case illegal
    case blocklisted
    case vulnerable

    public var description: String { rawValue }
}
