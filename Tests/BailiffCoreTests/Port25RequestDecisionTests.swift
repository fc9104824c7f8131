@testable import BailiffCore
import Testing

/// The rules that open port 25 without staff, one condition at a time.
@Suite struct Port25RequestDecisionTests {
    static let now: Int64 = 1_780_000_000
    static func facts(age days: Int64? = 400, status: ServiceStatus = .active, cases: [String] = [], reverse: ReverseDNS = .name("mail.example.org"),
                      purpose: String = "Postfix for our domain, SPF and DKIM set") -> Port25RequestFacts {
        Port25RequestFacts(address: IPAddress("192.0.2.10")!, purpose: purpose, accountCreatedAt: days.map { now - $0 * 86_400 }, serviceStatus: status,
                           confirmedMailCases: cases, reverseDNS: reverse, now: now)
    }

    @Test func everyConditionHoldingApproves() {
        let decision = Port25RequestDecision.decide(Self.facts(), rules: Port25RequestRules())
        #expect(decision.outcome == .approved && decision.checks.allSatisfy(\.passed))
        #expect(decision.checks.map(\.name) == ["service", "account age", "standing", "reverse DNS", "purpose"])
    }

    @Test func eachFailedConditionSendsItToStaff() {
        let rules = Port25RequestRules()
        #expect(Port25RequestDecision.decide(Self.facts(age: 10), rules: rules).outcome == .pendingReview)
        #expect(Port25RequestDecision.decide(Self.facts(age: nil), rules: rules).outcome == .pendingReview)
        #expect(Port25RequestDecision.decide(Self.facts(cases: ["#4 spam (notified)"]), rules: rules).outcome == .pendingReview)
        #expect(Port25RequestDecision.decide(Self.facts(reverse: .missing), rules: rules).outcome == .pendingReview)
        #expect(Port25RequestDecision.decide(Self.facts(reverse: .name("ip-192-0-2-10.dyn.example")), rules: rules).outcome == .pendingReview)
        #expect(Port25RequestDecision.decide(Self.facts(purpose: "mail"), rules: rules).outcome == .pendingReview)
        // A lookup that could not be made is not held against the customer.
        #expect(Port25RequestDecision.decide(Self.facts(reverse: .unknown("timeout")), rules: rules).outcome == .approved)
        var lenient = rules
        lenient.requireReverseDNS = false
        #expect(Port25RequestDecision.decide(Self.facts(reverse: .missing), rules: lenient).outcome == .approved)
        var strict = rules
        strict.automaticApproval = false
        let waiting = Port25RequestDecision.decide(Self.facts(), rules: strict)
        #expect(waiting.outcome == .pendingReview && waiting.explanation.contains("the provider reviews every request"))
    }

    @Test func aServiceNotActiveIsRefused() {
        for status in [ServiceStatus.suspended, .terminated] {
            let decision = Port25RequestDecision.decide(Self.facts(status: status), rules: Port25RequestRules())
            #expect(decision.outcome == .refused && decision.explanation.contains("the service is \(status.rawValue)"))
        }
    }

    @Test func genericReverseNamesAreRecognised() {
        let address = IPAddress("192.0.2.10")!
        for name in ["192-0-2-10.pool.example.net", "ip-10-2-0-192.example", "10.2.0.192.in-addr.dyn.example", "host192.0.2.10.example", "c000020a.cable.example"] {
            #expect(ReverseDNS.isGeneric(name, for: address), "\(name)")
        }
        for name in ["mail.example.org", "mx1.kask.example", "smtp-10.example.com"] {
            #expect(!ReverseDNS.isGeneric(name, for: address), "\(name)")
        }
    }
}
