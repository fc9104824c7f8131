import Foundation

/// One DNS blocklist as the operator configures it: where to ask, for which address
/// families, and what each answer means.
///
/// The class of a return code decides what Bailiff does with a listing: an `abuse` listing of a
/// customer's address is a violation (a `blocklisted` event); a `policy` listing (Spamhaus PBL:
/// "this range should not send mail directly") and a `neighbourhood` listing (UCEPROTECT levels
/// 2 and 3: the range or the network is listed, not the address) are information; an `error`
/// answer (Spamhaus's 127.255.255.0/24: typo, public resolver, over quota) is not a listing at
/// all — the verdict is "unknown".
public struct DNSBLList: Sendable, Hashable {
    public enum CodeClass: String, Sendable, Hashable, CaseIterable, Codable {
        case abuse, policy, neighbourhood, error
    }

    /// What one return code (an A record 127.x.y.z) means.
    public struct Code: Sendable, Hashable {
        /// The code as a 32-bit address (127.0.0.2 = 0x7F000002), or the first of a range.
        public var first: UInt32
        public var last: UInt32
        public var codeClass: CodeClass
        public var meaning: String

        public init(_ first: UInt32, through last: UInt32? = nil, _ codeClass: CodeClass, _ meaning: String) {
            self.first = first; self.last = last ?? first; self.codeClass = codeClass; self.meaning = meaning
        }
    }

    public var name: String
    public var zone: String
    public var ipv4: Bool
    public var ipv6: Bool
    public var codes: [Code]
    /// The class of a 127.0.0.0/8 code the list does not describe.
    public var otherCodes: CodeClass
    public var delistURL: String
    /// Queries a day the list allows (free use limits); 0 means no limit.
    public var dailyBudget: Int
    /// Queries a second Bailiff sends to this list at most.
    public var queriesPerSecond: Int
    /// Shipped lists start disabled: many need registration or a paid feed for bulk use.
    public var enabled: Bool

    public init(name: String, zone: String, ipv4: Bool = true, ipv6: Bool = false, codes: [Code], otherCodes: CodeClass = .abuse,
                delistURL: String = "", dailyBudget: Int = 0, queriesPerSecond: Int = 1_000, enabled: Bool = false) {
        self.name = name; self.zone = zone.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")); self.ipv4 = ipv4; self.ipv6 = ipv6
        self.codes = codes; self.otherCodes = otherCodes; self.delistURL = delistURL; self.dailyBudget = dailyBudget
        self.queriesPerSecond = queriesPerSecond; self.enabled = enabled
    }

    /// Whether the list is asked about `address` (it lists that address family).
    public func covers(_ address: IPAddress) -> Bool { address.family == .v4 ? ipv4 : ipv6 }

    /// The class and meaning of a returned A record.
    public func classify(_ code: UInt32) -> (CodeClass, String) {
        // Anything outside 127.0.0.0/8 is not a blocklist answer (a resolver that redirects
        // NXDOMAIN, a hijacked zone): never a listing.
        guard code >> 24 == 127 else { return (.error, "an answer outside 127.0.0.0/8 (\(IPv4Address(code))): not a blocklist answer") }
        if let known = codes.first(where: { $0.first <= code && code <= $0.last }) { return (known.codeClass, known.meaning) }
        // RFC 5782 §2.1 reserves 127.0.0.1 (never listed); Spamhaus answers errors from 127.255.255.0/24.
        if code >> 8 == 0x7FFFFF || code == 0x7F000001 { return (.error, "code \(IPv4Address(code)) reports an error, not a listing") }
        return (otherCodes, "code \(IPv4Address(code))")
    }
}

extension UInt32 {
    /// 127.a.b.c as a code, for the catalogue.
    static func code(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 { 0x7F00_0000 | a << 16 | b << 8 | c }
}
