import BailiffCore
import Testing

@Suite struct PolicyFileTests {
    @Test func theDefaultPolicyIsValidAndCoversEveryCategory() throws {
        let policy = DefaultPolicy.document
        #expect(policy.version == "2026.1")
        #expect(policy.effectiveAt == Timestamp.parse("2026-01-01T00:00:00Z"))
        #expect(Set(policy.rules.keys) == Set(AbuseCategory.allCases))
        for rule in policy.rules.values { #expect(policy.clause(rule.clause) != nil, "\(rule.category) cites \(rule.clause)") }
        #expect(policy.rules[.childAbuse]?.visibleInPortals == false)
        #expect(policy.rules[.attackTarget]?.countsTowardStanding == false)
        #expect(policy.rules[.ipInfringement]?.requiresCompliantComplaint == true)
        #expect(policy.fees.delistingCharge(minutes: 61) == 15_000)  // 50 € + 2 started hours
        #expect(policy.retention.keepDays(.childAbuse) == nil && policy.retention.keepDays(.spam) == 180)
        #expect(!policy.text.contains("```policy"))  // the public text has no rules block
        #expect(policy.trust.level(of: "Shadowserver <autoreports@shadowserver.org>") == .high)
        #expect(policy.trust.level(of: "someone@gmail.com") == .low)
    }

    static func policy(rules: String, text: String = "# AUP\n## Spam {#spam}\nNo spam.\n") -> String {
        text + "```policy\n" + rules + "\n```\n"
    }

    @Test func everyProblemIsReportedWithItsLine() throws {
        let rules = """
            {
              "version": "bad version",
              "effective": "tomorrow",
              "colour": "red",
              "categories": {
                "spam": { "clause": "spamm", "severity": "huge", "ladder": [
                  { "id": "notice", "actions": ["notify", "shout"], "deadline_hours": 48 },
                  { "id": "end", "actions": ["terminate"] },
                  { "id": "after", "actions": ["notify"] } ] },
                "weather": { "clause": "spam", "severity": "low", "ladder": [] }
              }
            }
            """
        guard case .failure(let failure) = PolicyFile.read(Self.policy(rules: rules)) else { Issue.record("accepted"); return }
        let text = failure.description
        for expected in [
            "line 6: version 'bad version'", "line 7: effective 'tomorrow' is not a date", "line 8: the rules: unknown key 'colour'",
            "cites clause 'spamm', which no heading", "severity 'huge'", "unknown action 'shout'",
            "rung 'notice': a deadline without a follow-up", "rung 'after' can never be reached: rung 'end' ends the case",
            "unknown category 'weather'", "no rule for category 'phishing'",
        ] {
            #expect(text.contains(expected), "missing: \(expected)\n\(text)")
        }
    }

    @Test func syntaxErrorsPointIntoTheFile() {
        guard case .failure(let failure) = PolicyFile.read(Self.policy(rules: "{\n  \"version\": 1,,\n}")) else { Issue.record("accepted"); return }
        #expect(failure.problems.first?.line == 6, "\(failure)")
        guard case .failure(let none) = PolicyFile.read("# AUP\nno rules here\n") else { Issue.record("accepted"); return }
        #expect(none.description.contains("no ```policy block"))
    }

    @Test func duplicateAndMalformedClauseIDsAreRefused() {
        let text = "# AUP\n## Spam {#spam}\n## Again {#spam}\n## Bad {#Bad_Id}\n"
        guard case .failure(let failure) = PolicyFile.read(Self.policy(rules: "{}", text: text)) else { Issue.record("accepted"); return }
        #expect(failure.description.contains("line 3: clause id 'spam' is already used on line 2"))
        #expect(failure.description.contains("line 4: clause id 'Bad_Id' must be lower-case"))
    }

    @Test func theVersionInForceIsTheLatestEffectiveAtTheEventsTime() {
        var first = DefaultPolicy.document
        var second = first
        second.version = "2026.2"
        second.effectiveAt = first.effectiveAt + 86_400 * 30
        first.version = "2026.1"
        let history = PolicyHistory([second, first])
        #expect(history.inForce(at: first.effectiveAt - 1)?.version == "2026.1")  // before any version: the first
        #expect(PolicyHistory([]).inForce(at: 0) == nil)
        #expect(history.inForce(at: first.effectiveAt)?.version == "2026.1")
        #expect(history.inForce(at: second.effectiveAt - 1)?.version == "2026.1")
        #expect(history.inForce(at: second.effectiveAt)?.version == "2026.2")
    }

    @Test func feesRoundAsConfigured() {
        #expect(FeeSchedule(rounding: .startedHour).delistingCharge(minutes: 0) == 5_000)
        #expect(FeeSchedule(rounding: .startedHour).delistingCharge(minutes: 60) == 10_000)
        #expect(FeeSchedule(rounding: .startedQuarterHour).delistingCharge(minutes: 16) == 5_000 + 2_500)
        #expect(FeeSchedule(rounding: .exactMinute).delistingCharge(minutes: 90) == 5_000 + 7_500)
    }
}

@Suite struct DecisionEngineTests {
    static let policy = DefaultPolicy.document
    static let t0: Int64 = 1_780_000_000
    static let trusted = [EvidenceSource(reporter: "autoreports@shadowserver.org", trust: .high)]
    static let anonymous = [EvidenceSource(reporter: "someone@gmail.com", trust: .low)]

    /// Applies a decision to the facts, as the case store does.
    static func apply(_ decision: Decision, to facts: inout CaseFacts) {
        facts.status = decision.status
        facts.rung = decision.rung
        facts.pendingRung = decision.pendingRung
        facts.deadline = decision.deadline
        facts.staffConfirmed = false
    }

    /// Runs the engine over simulated time, one hour at a time, and returns the rungs entered.
    static func simulate(_ facts: CaseFacts, hours: Int, confirmAt: Int? = nil) -> [(hour: Int, decision: Decision)] {
        var facts = facts
        var log: [(Int, Decision)] = []
        for hour in 0...hours {
            if hour == confirmAt { facts.staffConfirmed = true }
            if let decision = DecisionEngine.decide(facts, policy: policy, now: t0 + Int64(hour) * 3_600) {
                log.append((hour, decision))
                apply(decision, to: &facts)
            }
        }
        return log
    }

    /// The spam rule asks for opt-in records: given in time, they hold the next rung for staff
    /// (however trusted the complaint); rejected or missing, the complaint counts as proof.
    @Test func optInRecordsHoldTheNextRungForStaff() throws {
        #expect(Self.policy.rules[.spam]?.requestsOptInEvidence == true && Self.policy.rules[.scanning]?.requestsOptInEvidence == false)
        var facts = CaseFacts(category: .spam, firstEventAt: Self.t0, sources: Self.trusted)
        let first = try #require(DecisionEngine.decide(facts, policy: Self.policy, now: Self.t0))
        Self.apply(first, to: &facts)
        let deadline = try #require(facts.deadline)

        var silent = facts
        let proof = try #require(DecisionEngine.decide(silent, policy: Self.policy, now: deadline))
        #expect(proof.rung == 1 && proof.status == .suspended && proof.reason.contains("without opt-in records from the customer: the complaint counts as proof"))

        var held = facts
        held.optInEvidence = .submitted
        #expect(DecisionEngine.decide(held, policy: Self.policy, now: deadline - 1) == nil, "nothing happens before the deadline")
        let hold = try #require(DecisionEngine.decide(held, policy: Self.policy, now: deadline))
        #expect(hold.status == .awaitingConfirmation && hold.rung == 0 && hold.pendingRung == 1 && hold.actions.map(\.action) == [.requestStaffReview])
        Self.apply(hold, to: &held)
        #expect(DecisionEngine.decide(held, policy: Self.policy, now: deadline + 86_400) == nil, "trusted sources do not pass the records by")
        held.staffConfirmed = true
        held.optInEvidence = .rejected
        #expect(DecisionEngine.decide(held, policy: Self.policy, now: deadline + 90_000)?.status == .suspended)

        silent.optInEvidence = .rejected
        #expect(DecisionEngine.decide(silent, policy: Self.policy, now: deadline)?.reason.contains("staff found the opt-in records do not show consent") == true)
        // Scanning asks for nothing: records there change nothing.
        var scan = CaseFacts(category: .scanning, firstEventAt: Self.t0, sources: Self.trusted)
        Self.apply(try #require(DecisionEngine.decide(scan, policy: Self.policy, now: Self.t0)), to: &scan)
        scan.optInEvidence = .submitted
        #expect(DecisionEngine.decide(scan, policy: Self.policy, now: try #require(scan.deadline))?.rung == 1)
    }

    @Test func spamClimbsItsLadderOneRungAtATime() {
        let log = Self.simulate(CaseFacts(category: .spam, firstEventAt: Self.t0, sources: Self.trusted), hours: 24 * 30)
        #expect(log.map(\.hour) == [0, 48, 48 + 168])
        #expect(log.map(\.decision.status) == [.awaitingCustomer, .suspended, .terminated])
        #expect(log[0].decision.actions.map(\.action) == [.notify, .closePort25])
        #expect(log.allSatisfy { $0.decision.clause == "spam" && $0.decision.policyVersion == "2026.1" })
        #expect(log[1].decision.reason.contains("deadline of rung 'notice' passed") && log[1].decision.reason.contains("shadowserver.org"))
    }

    @Test func aRepeatStartsHigherAndTheNextTerminates() {
        let repeatCase = Self.simulate(CaseFacts(category: .spam, firstEventAt: Self.t0, sources: Self.trusted, priorViolations: 1), hours: 1)
        #expect(repeatCase.first?.decision.actions.map(\.action) == [.notify, .suspend])
        let third = Self.simulate(CaseFacts(category: .spam, firstEventAt: Self.t0, sources: Self.trusted, priorViolations: 5), hours: 1)
        #expect(third.first?.decision.status == .terminated)
    }

    @Test func aLoneLowTrustReportNeverSuspends() {
        for category in AbuseCategory.allCases {
            for prior in 0..<4 {
                let log = Self.simulate(CaseFacts(category: category, firstEventAt: Self.t0, sources: Self.anonymous, priorViolations: prior), hours: 24 * 60)
                for (_, decision) in log {
                    #expect(!decision.actions.contains { $0.action.isDisruptive }, "\(category), prior \(prior): \(decision.reason)")
                }
            }
        }
    }

    @Test func heldRungsGoAheadWhenStaffConfirm() {
        let log = Self.simulate(CaseFacts(category: .spam, firstEventAt: Self.t0, sources: Self.anonymous, priorViolations: 1), hours: 10, confirmAt: 5)
        #expect(log.map(\.hour) == [0, 5])
        #expect(log[0].decision.status == .awaitingConfirmation && log[0].decision.actions.map(\.action) == [.notify, .requestStaffReview])
        #expect(log[1].decision.actions.map(\.action) == [.notify, .suspend] && log[1].decision.reason.contains("staff confirmed"))
        // The held notice and the confirmed one have different keys: both are sent.
        #expect(Set(log[0].decision.actions.map(\.key)).isDisjoint(with: log[1].decision.actions.map(\.key)))
    }

    @Test func severalIndependentLowSourcesAreEnough() {
        let sources = ["a@x.example", "b@y.example", "c@z.example"].map { EvidenceSource(reporter: $0, trust: .low) }
        let log = Self.simulate(CaseFacts(category: .spam, firstEventAt: Self.t0, sources: sources, priorViolations: 1), hours: 1)
        #expect(log.first?.decision.actions.map(\.action) == [.notify, .suspend])
        #expect(log.first?.decision.reason.contains("3 independent sources") == true)
    }

    @Test func childAbuseSuspendsAtOnceWithSealedEvidenceAndNeverReachesAPortal() {
        let log = Self.simulate(CaseFacts(category: .childAbuse, firstEventAt: Self.t0, sources: Self.trusted), hours: 1)
        #expect(log.first?.decision.actions.map(\.action) == [.suspend, .sealEvidence, .notifyPolice, .notify, .requestStaffReview])
        #expect(log.first?.decision.status == .suspended)
        #expect(Self.policy.rules[.childAbuse]?.visibleInPortals == false && Self.policy.rules[.childAbuse]?.noticesCarryEvidence == false)
        // An anonymous child-abuse report is held for staff, and the customer hears nothing yet.
        let held = Self.simulate(CaseFacts(category: .childAbuse, firstEventAt: Self.t0, sources: Self.anonymous), hours: 1)
        #expect(held.first?.decision.actions.map(\.action) == [.sealEvidence, .notifyPolice, .requestStaffReview])
    }

    @Test func aNonCompliantCopyrightComplaintIsIgnoredAndTheReporterTold() {
        let facts = CaseFacts(category: .ipInfringement, firstEventAt: Self.t0, sources: Self.trusted, complaintCompliant: false, complaintMissing: ["proof-of-ownership"])
        let decision = DecisionEngine.decide(facts, policy: Self.policy, now: Self.t0)
        #expect(decision?.status == .ignored && decision?.actions.map(\.action) == [.answerReporter, .close])
        #expect(decision?.reason.contains("proof-of-ownership") == true)
    }

    @Test func attacksReceivedAreNullRoutedThenReviewed() {
        let log = Self.simulate(CaseFacts(category: .attackTarget, firstEventAt: Self.t0, sources: Self.trusted), hours: 48)
        #expect(log.map(\.decision.status) == [.awaitingCustomer, .awaitingConfirmation])
        #expect(log[0].decision.actions.map(\.action) == [.blackhole, .notify])
        #expect(Self.policy.rules[.attackTarget]?.countsTowardStanding == false)
    }

    /// Properties over every category, standing and trust: rungs climb by one, every deadline
    /// is followed up, closed cases stay closed.
    @Test func noCaseSkipsARungAndEveryDeadlineHasAFollowUp() {
        for category in AbuseCategory.allCases {
            for sources in [Self.trusted, Self.anonymous] {
                for prior in 0..<3 {
                    var facts = CaseFacts(category: category, firstEventAt: Self.t0, sources: sources, priorViolations: prior)
                    var lastRung: Int?
                    for hour in 0...(24 * 90) {
                        guard let decision = DecisionEngine.decide(facts, policy: Self.policy, now: Self.t0 + Int64(hour) * 3_600) else {
                            if let deadline = facts.deadline { #expect(Self.t0 + Int64(hour) * 3_600 < deadline, "\(category): a passed deadline was not followed up") }
                            continue
                        }
                        if let previous = lastRung, let next = decision.rung, next != previous { #expect(next == previous + 1, "\(category) skipped from \(previous) to \(next)") }
                        lastRung = decision.rung ?? lastRung
                        Self.apply(decision, to: &facts)
                        if facts.status.isClosed {
                            #expect(DecisionEngine.decide(facts, policy: Self.policy, now: Self.t0 + 86_400 * 365) == nil)
                            break
                        }
                    }
                }
            }
        }
    }
}

@Suite struct RemediationStatementTests {
    @Test func blamingIntrudersIsNotARemedy() {
        #expect(RemediationStatement.onlyBlamesIntruders("we were hacked"))
        #expect(RemediationStatement.onlyBlamesIntruders("The server was compromised by an attacker, not us."))
        #expect(!RemediationStatement.onlyBlamesIntruders("we were hacked; we reinstalled the server and changed every password"))
        #expect(!RemediationStatement.onlyBlamesIntruders("the mailing script was removed"))
    }
}

@Suite struct SpamRecipientTests {
    @Test func theAUPsExceptionIsCompaniesGeneralAddressesOnly() {
        #expect(SpamRecipient.classify("info@acme-widgets.example") == .companyGeneralAddress)
        #expect(SpamRecipient.classify("Sales Team <sales@acme-widgets.example>") == .companyGeneralAddress)
        #expect(SpamRecipient.classify("info@gmail.com") == .mailboxProvider)  // never excepted, whatever a register says
        #expect(SpamRecipient.classify("contact@mail.yahoo.com") == .mailboxProvider)
        #expect(SpamRecipient.classify("jane.doe@acme-widgets.example") == .other)
        #expect(SpamRecipient.classify("not an address") == .other)
    }

    @Test func spamOnlyToCompanyGeneralAddressesGoesToStaff() {
        let policy = DefaultPolicy.document
        let trusted = [EvidenceSource(reporter: "feeds@abuse.ch", trust: .high)]
        var facts = CaseFacts(category: .spam, firstEventAt: 0, sources: trusted, spamRecipients: [.companyGeneralAddress, .companyGeneralAddress])
        let excepted = DecisionEngine.decide(facts, policy: policy, now: 10)
        #expect(excepted?.status == .awaitingConfirmation && excepted?.actions.map(\.action) == [.requestStaffReview])
        #expect(excepted?.reason.contains("general address") == true)
        // Trusted or not, nothing more happens until staff decide…
        facts.status = .awaitingConfirmation; facts.pendingRung = 0
        #expect(DecisionEngine.decide(facts, policy: policy, now: 15) == nil)
        // …and when staff confirm it was unsolicited after all, the ladder starts.
        facts.staffConfirmed = true
        #expect(DecisionEngine.decide(facts, policy: policy, now: 20)?.actions.map(\.action) == [.notify, .closePort25])
        // One recipient at a mailbox provider: no exception.
        let mixed = CaseFacts(category: .spam, firstEventAt: 0, sources: trusted, spamRecipients: [.companyGeneralAddress, .mailboxProvider])
        #expect(DecisionEngine.decide(mixed, policy: policy, now: 10)?.actions.map(\.action) == [.notify, .closePort25])
    }
}
