/// Decides a case's next step from the policy in force: pure — (facts, policy, now) → decision.
///
/// - A new case starts on the rung its customer's standing earns: the first violation on rung
///   0, a repeat within the category's window further up (the n-th on rung n, capped).
/// - When a rung's deadline passes, its follow-up applies: the next rung, staff review, or
///   closing the case. Rungs are never skipped: a case climbs one at a time.
/// - A rung that suspends or terminates is carried out automatically only on trusted evidence
///   (one source at the policy's `automatic_action_needs` level, or enough independent
///   sources). Otherwise the customer is notified and the rung waits for staff to confirm.
/// - A complaint that must be compliant (intellectual property) and is not is answered and
///   ignored, naming what is missing; the customer never hears of it.
/// - Spam sent only to companies' general addresses at their own domains (the AUP's one
///   exception) goes to staff instead of up the ladder; mail to mailbox providers never does.
/// - Where the policy asks for opt-in records (spam), records the customer gave before the
///   deadline hold the next rung for staff to judge; without them the complaint counts as proof.
/// Nothing is decided for a closed case, nor while a deadline runs.
public enum DecisionEngine {
    public static func decide(_ facts: CaseFacts, policy: PolicyDocument, now: Int64) -> Decision? {
        guard !facts.status.isClosed, let rule = policy.rules[facts.category], !rule.ladder.isEmpty else { return nil }
        let trust = trustAssessment(facts, policy: policy)
        func decision(_ actions: [PlannedAction], _ status: CaseStatus, rung: Int?, pending: Int?, deadline: Int64?, _ reason: String) -> Decision {
            Decision(actions: actions, status: status, rung: rung, pendingRung: pending, deadline: deadline, clause: rule.clause,
                     policyVersion: policy.version, reason: reason + "; " + trust.explanation)
        }

        if rule.requiresCompliantComplaint, facts.complaintCompliant == false {
            let missing = facts.complaintMissing.isEmpty ? "a requirement" : facts.complaintMissing.joined(separator: ", ")
            return decision([PlannedAction(action: .answerReporter, rungID: "complaint"), PlannedAction(action: .close, rungID: "complaint")],
                            .ignored, rung: facts.rung, pending: nil, deadline: nil,
                            "the complaint does not meet the policy's requirements (missing: \(missing)); the reporter is told and the customer is not")
        }

        // The AUP's one exception to "unsolicited": mail to companies' general addresses at their
        // own domains. When every reported recipient is one, staff judge the case, not the ladder,
        // however trusted the reporter.
        if facts.category == .spam, facts.rung == nil, !facts.staffConfirmed, let recipients = facts.spamRecipients,
           !recipients.isEmpty, recipients.allSatisfy({ $0 == .companyGeneralAddress }) {
            guard facts.status != .awaitingConfirmation else { return nil }
            return decision([PlannedAction(action: .requestStaffReview, rungID: "exception")], .awaitingConfirmation, rung: nil, pending: 0, deadline: nil,
                            "every reported recipient is a company's general address at its own domain, which the spam clause excepts; staff decide whether the mail was unsolicited")
        }

        // A held rung goes ahead once staff confirm it or trusted evidence arrives.
        if let pending = facts.pendingRung {
            guard facts.staffConfirmed || trust.isTrusted else { return nil }
            // Opt-in records waiting for staff: no complaint, however trusted, moves past them.
            if rule.requestsOptInEvidence, facts.optInEvidence == .submitted, !facts.staffConfirmed { return nil }
            let why = facts.staffConfirmed ? "staff confirmed rung '\(rule.ladder[pending].id)'" : "trusted evidence arrived for rung '\(rule.ladder[pending].id)'"
            return enter(pending, rule: rule, trusted: true, now: now, because: why, decision)
        }

        guard let current = facts.rung else {
            let start = rule.startingRung(priorViolations: facts.priorViolations)
            let why = facts.priorViolations == 0
                ? "first violation of this category"
                : "\(facts.priorViolations) earlier violation\(facts.priorViolations == 1 ? "" : "s") of this category within \(rule.standingWindowDays) days"
            return enter(start, rule: rule, trusted: trust.isTrusted || facts.staffConfirmed, now: now, because: why, decision)
        }

        guard let deadline = facts.deadline, now >= deadline else { return nil }
        let rung = rule.ladder[current]
        switch rung.onDeadline {
        case .next?:
            guard current + 1 < rule.ladder.count else { return nil }
            if rule.requestsOptInEvidence, facts.optInEvidence == .submitted {
                return decision([PlannedAction(action: .requestStaffReview, rungID: rung.id + "-opt-in")], .awaitingConfirmation, rung: current, pending: current + 1,
                                deadline: nil, "the deadline of rung '\(rung.id)' passed with opt-in records from the customer: staff judge them before rung '\(rule.ladder[current + 1].id)'")
            }
            let why = !rule.requestsOptInEvidence ? "the deadline of rung '\(rung.id)' passed without the case being resolved"
                : facts.optInEvidence == .rejected ? "the deadline of rung '\(rung.id)' passed and staff found the opt-in records do not show consent: the complaint counts as proof"
                : "the deadline of rung '\(rung.id)' passed without opt-in records from the customer: the complaint counts as proof"
            return enter(current + 1, rule: rule, trusted: trust.isTrusted || facts.staffConfirmed, now: now, because: why, decision)
        case .staffReview?:
            return decision([PlannedAction(action: .requestStaffReview, rungID: rung.id)], .awaitingConfirmation, rung: current, pending: nil, deadline: nil,
                            "the deadline of rung '\(rung.id)' passed; the policy asks staff to decide")
        case .close?:
            return decision([PlannedAction(action: .close, rungID: rung.id)], .resolved, rung: current, pending: nil, deadline: nil,
                            "the deadline of rung '\(rung.id)' passed; the policy closes the case")
        case nil:
            return nil
        }
    }

    /// Staff move a case up one rung now instead of waiting for its deadline (or carry out a held
    /// rung): the step is taken as confirmed by staff, so a rung that suspends suspends. Nil when
    /// the case is closed or already on the ladder's last rung.
    public static func escalate(_ facts: CaseFacts, policy: PolicyDocument, now: Int64, because reason: String) -> Decision? {
        guard !facts.status.isClosed, let rule = policy.rules[facts.category], !rule.ladder.isEmpty else { return nil }
        let target = facts.pendingRung ?? facts.rung.map { $0 + 1 } ?? rule.startingRung(priorViolations: facts.priorViolations)
        guard target < rule.ladder.count else { return nil }
        let trust = trustAssessment(facts, policy: policy)
        return enter(target, rule: rule, trusted: true, now: now, because: "staff escalated the case: \(reason)") { actions, status, rung, pending, deadline, why in
            Decision(actions: actions, status: status, rung: rung, pendingRung: pending, deadline: deadline, clause: rule.clause,
                     policyVersion: policy.version, reason: why + "; " + trust.explanation)
        }
    }

    private static func enter(
        _ index: Int, rule: CategoryRule, trusted: Bool, now: Int64, because why: String,
        _ decision: ([PlannedAction], CaseStatus, Int?, Int?, Int64?, String) -> Decision
    ) -> Decision {
        let rung = rule.ladder[index]
        if rung.actions.contains(where: \.isDisruptive) && !trusted {
            // Notify (the customer should know) but hold the disruptive part for staff. Hidden
            // categories (child abuse) tell the customer nothing before staff have looked.
            var actions = rung.actions.filter { !$0.isDisruptive && $0 != .close && $0 != .notify }
            if rule.noticesCarryEvidence { actions.insert(.notify, at: 0) }
            if !actions.contains(.requestStaffReview) { actions.append(.requestStaffReview) }
            // Held actions carry their own key: the full rung, once confirmed, still notifies.
            return decision(actions.map { PlannedAction(action: $0, rungID: rung.id + "-held") }, .awaitingConfirmation, index == 0 ? nil : index - 1, index, nil,
                            "\(why): rung '\(rung.id)' would \(rung.actions.filter(\.isDisruptive).map(\.rawValue).joined(separator: " and ")) the service, which needs trusted evidence or staff confirmation")
        }
        let deadline = rung.deadlineHours.map { now + Int64($0) * 3_600 }
        let status: CaseStatus =
            rung.actions.contains(.terminate) ? .terminated
            : rung.actions.contains(.close) ? .resolved
            : rung.actions.contains(.suspend) ? .suspended
            : rung.actions.contains(.requestStaffReview) ? .awaitingConfirmation
            : deadline != nil ? .awaitingCustomer : .notified
        return decision(rung.actions.map { PlannedAction(action: $0, rungID: rung.id) }, status, index, nil, deadline,
                        "\(why): rung '\(rung.id)' (\(rung.actions.map(\.rawValue).joined(separator: ", ")))")
    }

    /// Whether the case's evidence may trigger disruptive actions without staff, and why.
    public static func trustAssessment(_ facts: CaseFacts, policy: PolicyDocument) -> (isTrusted: Bool, explanation: String) {
        let needed = policy.trust.automaticActionNeeds
        let distinct = Set(facts.sources.map { $0.reporter.lowercased() })
        if let strong = facts.sources.first(where: { $0.trust >= needed }) {
            return (true, "trusted source \(strong.reporter) (\(strong.trust.rawValue))")
        }
        if distinct.count >= policy.trust.independentSources {
            return (true, "\(distinct.count) independent sources")
        }
        let levels = facts.sources.map { "\($0.reporter) (\($0.trust.rawValue))" }.joined(separator: ", ")
        return (false, "source trust too low for automatic suspension: \(levels.isEmpty ? "no source" : levels)")
    }
}
