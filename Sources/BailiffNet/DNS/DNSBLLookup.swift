import BailiffCore

/// What one blocklist says about one address, and how Bailiff reads the DNS answer.
///
/// Error answers are never listings: SERVFAIL, REFUSED, a timeout, a malformed reply, an
/// answer outside 127.0.0.0/8 or one of the list's error codes all make the verdict
/// `unknown`. NXDOMAIN (and NOERROR without an A record) is `clean`. An answer with several A
/// records keeps every code.
public struct DNSBLVerdict: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case listed, clean, unknown }

    public struct Listing: Sendable, Hashable {
        public var code: String
        public var codeClass: DNSBLList.CodeClass
        public var meaning: String
    }

    public var state: State
    public var codes: [Listing]
    public var reason: String
    /// The TXT record's text, when fetched.
    public var text: String?

    public init(state: State, codes: [Listing] = [], reason: String, text: String? = nil) {
        self.state = state; self.codes = codes; self.reason = reason; self.text = text
    }

    /// The strongest class among the codes: abuse over neighbourhood over policy.
    public var strongestClass: DNSBLList.CodeClass? {
        for wanted in [DNSBLList.CodeClass.abuse, .neighbourhood, .policy] where codes.contains(where: { $0.codeClass == wanted }) { return wanted }
        return nil
    }
}

public enum DNSBLLookup {
    /// The name to ask: IPv4 with its octets reversed, IPv6 as 32 reversed nibbles (RFC 5782 §2.1, §2.4).
    public static func queryName(_ address: IPAddress, zone: String) -> String {
        switch address {
        case .v4(let v4):
            let value = v4.value
            return "\(value & 0xFF).\(value >> 8 & 0xFF).\(value >> 16 & 0xFF).\(value >> 24).\(zone)"
        case .v6(let v6):
            var nibbles: [String] = []
            nibbles.reserveCapacity(32)
            var value = v6.value
            for _ in 0..<32 {
                nibbles.append(String(value & 0xF, radix: 16))
                value >>= 4
            }
            return nibbles.joined(separator: ".") + "." + zone
        }
    }

    /// Reads the answer to an A query.
    public static func verdict(_ response: DNSResponse, list: DNSBLList) -> DNSBLVerdict {
        switch response.responseCode {
        case .nameError?: return DNSBLVerdict(state: .clean, reason: "NXDOMAIN: not listed")
        case .noError?: break
        case .serverFailure?: return DNSBLVerdict(state: .unknown, reason: "SERVFAIL from the list's server")
        case .refused?: return DNSBLVerdict(state: .unknown, reason: "REFUSED: the server will not answer us (registration, quota or ACL)")
        default: return DNSBLVerdict(state: .unknown, reason: "DNS response code \(response.code)")
        }
        let addresses = response.answers.compactMap { record -> UInt32? in
            if case .a(let value) = record.data { return value }
            return nil
        }
        guard !addresses.isEmpty else { return DNSBLVerdict(state: .clean, reason: "no A record: not listed") }
        var listings: [DNSBLVerdict.Listing] = []
        var errors: [String] = []
        for address in Set(addresses).sorted() {
            let (codeClass, meaning) = list.classify(address)
            if codeClass == .error { errors.append(meaning) } else {
                listings.append(.init(code: IPv4Address(address).description, codeClass: codeClass, meaning: meaning))
            }
        }
        // One error code among the answers makes the whole answer untrustworthy.
        guard errors.isEmpty else { return DNSBLVerdict(state: .unknown, reason: errors.joined(separator: "; ")) }
        return DNSBLVerdict(state: .listed, codes: listings, reason: listings.map { "\($0.code) \($0.meaning)" }.joined(separator: "; "))
    }

    /// The RFC 5782 §5 test points: 127.0.0.2 (and ::FFFF:7F00:2) must be listed, 127.0.0.1
    /// (and ::FFFF:7F00:1) must not. A list that fails them is not used for the run.
    public static let listedTestPointV4 = IPAddress.v4(IPv4Address(0x7F00_0002))
    public static let unlistedTestPointV4 = IPAddress.v4(IPv4Address(0x7F00_0001))
    public static let listedTestPointV6 = IPAddress.v6(IPv6Address(UInt128(0xFFFF_7F00_0002)))
    public static let unlistedTestPointV6 = IPAddress.v6(IPv6Address(UInt128(0xFFFF_7F00_0001)))
}
