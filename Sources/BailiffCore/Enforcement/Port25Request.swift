/// When a request to open outbound port 25 for one address is approved by itself, and when it
/// waits for staff. The AUP closes port 25 by default and opens it on request; these rules let
/// the clear cases through at once and send the rest to a person, explaining either way.
public struct Port25RequestRules: Sendable, Hashable {
    /// Off: every request waits for staff.
    public var automaticApproval = true
    /// The customer's account must be at least this old.
    public var minimumAccountDays = 30
    /// No confirmed `spam` or `blocklisted` case of the customer opened within this many days.
    public var standingDays = 180
    /// The address must have a reverse DNS name that is not a generic one (when it can be looked up).
    public var requireReverseDNS = true

    public init() {}
}

/// What reverse DNS says about the address.
public enum ReverseDNS: Sendable, Hashable {
    case name(String)
    /// NXDOMAIN or no PTR record.
    case missing
    /// Not looked up (no resolver), or the lookup failed: not held against the customer.
    case unknown(String)

    /// A name that spells out the address, like `192-0-2-10.pool.example.net` or
    /// `ip-10-2-0-192.example`: set by the provider's defaults, not by the customer's mail setup.
    public static func isGeneric(_ name: String, for address: IPAddress) -> Bool {
        guard case .v4(let v4) = address else { return name.lowercased().contains("ip6") || name.filter({ $0 == "-" }).count >= 7 }
        let octets = [v4.value >> 24, v4.value >> 16 & 0xFF, v4.value >> 8 & 0xFF, v4.value & 0xFF].map(String.init)
        let lower = name.lowercased()
        for separator in ["-", ".", "_"] {
            if lower.contains(octets.joined(separator: separator)) || lower.contains(octets.reversed().joined(separator: separator)) { return true }
        }
        return lower.contains(String(v4.value, radix: 16, uppercase: false).leftPadded(to: 8))
    }
}

/// What the rules are judged on, gathered by the caller.
public struct Port25RequestFacts: Sendable, Hashable {
    public var address: IPAddress
    public var purpose: String
    /// When the customer's account was created (nil: not known to the inventory).
    public var accountCreatedAt: Int64?
    public var serviceStatus: ServiceStatus
    /// The customer's confirmed `spam`/`blocklisted` cases within the standing window, e.g. "#12 spam (notified)".
    public var confirmedMailCases: [String]
    public var reverseDNS: ReverseDNS
    public var now: Int64

    public init(address: IPAddress, purpose: String, accountCreatedAt: Int64?, serviceStatus: ServiceStatus, confirmedMailCases: [String],
                reverseDNS: ReverseDNS, now: Int64) {
        self.address = address; self.purpose = purpose; self.accountCreatedAt = accountCreatedAt; self.serviceStatus = serviceStatus
        self.confirmedMailCases = confirmedMailCases; self.reverseDNS = reverseDNS; self.now = now
    }
}

/// The rules' answer: approved at once, waiting for staff, or refused — with every check and its
/// outcome, written for the customer.
public struct Port25RequestDecision: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        case approved
        case pendingReview = "pending-review"
        case refused
    }

    public struct Check: Sendable, Hashable {
        public var name: String
        public var passed: Bool
        public var explanation: String
    }

    public var outcome: Outcome
    public var checks: [Check]

    /// Lines for the customer: the outcome, then each check.
    public var explanation: String {
        let head: String
        switch outcome {
        case .approved: head = "Port 25 is opened for this address: every condition for automatic approval holds."
        case .pendingReview: head = "A member of the abuse team will look at this request: not every condition for automatic approval holds."
        case .refused: head = "Port 25 cannot be opened for this address."
        }
        return ([head] + checks.map { "\($0.passed ? "✓" : "✗") \($0.name): \($0.explanation)" }).joined(separator: "\n")
    }

    public static func decide(_ facts: Port25RequestFacts, rules: Port25RequestRules) -> Port25RequestDecision {
        var checks: [Check] = []
        let active = facts.serviceStatus == .active
        checks.append(Check(name: "service", passed: active,
                            explanation: active ? "the service is active" : "the service is \(facts.serviceStatus.rawValue); port 25 opens only for an active service"))
        guard active else { return Port25RequestDecision(outcome: .refused, checks: checks) }

        let days = facts.accountCreatedAt.map { Int((facts.now - $0) / 86_400) }
        switch days {
        case let days? where days >= rules.minimumAccountDays:
            checks.append(Check(name: "account age", passed: true, explanation: "the account is \(days) days old (at least \(rules.minimumAccountDays))"))
        case let days?:
            checks.append(Check(name: "account age", passed: false, explanation: "the account is \(days) days old; automatic approval needs \(rules.minimumAccountDays)"))
        case nil:
            checks.append(Check(name: "account age", passed: false, explanation: "the account's age is not known"))
        }

        checks.append(facts.confirmedMailCases.isEmpty
            ? Check(name: "standing", passed: true, explanation: "no confirmed spam or blocklisting case in the last \(rules.standingDays) days")
            : Check(name: "standing", passed: false,
                    explanation: "confirmed spam or blocklisting cases in the last \(rules.standingDays) days: \(facts.confirmedMailCases.joined(separator: ", "))"))

        if rules.requireReverseDNS {
            switch facts.reverseDNS {
            case .name(let name) where ReverseDNS.isGeneric(name, for: facts.address):
                checks.append(Check(name: "reverse DNS", passed: false, explanation: "\(name) is a generic name; set a name for your mail server (its HELO name)"))
            case .name(let name):
                checks.append(Check(name: "reverse DNS", passed: true, explanation: "the address resolves to \(name)"))
            case .missing:
                checks.append(Check(name: "reverse DNS", passed: false, explanation: "the address has no reverse DNS name; set one for your mail server (its HELO name)"))
            case .unknown(let why):
                checks.append(Check(name: "reverse DNS", passed: true, explanation: "not checked (\(why))"))
            }
        }

        let words = facts.purpose.split(whereSeparator: { $0.isWhitespace }).count
        checks.append(Check(name: "purpose", passed: words >= 3,
                            explanation: words >= 3 ? "stated" : "say in a few words what the server sends (its mail setup, who receives the mail)"))

        guard rules.automaticApproval else {
            checks.append(Check(name: "automatic approval", passed: false, explanation: "the provider reviews every request"))
            return Port25RequestDecision(outcome: .pendingReview, checks: checks)
        }
        return Port25RequestDecision(outcome: checks.allSatisfy(\.passed) ? .approved : .pendingReview, checks: checks)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
