import BailiffCore
import BailiffStore
import FluentKit
import Foundation
import Logging
import SQLKit

/// Turns attributed events into cases and runs the decision engine on them: when events
/// arrive, when deadlines pass, and when staff confirm. Each case's decision and everything it
/// writes (state, timeline, intents) commit in one transaction; on PostgreSQL due cases are
/// claimed with `FOR UPDATE SKIP LOCKED`, so several nodes decide each due case once.
public struct CaseService: Sendable {
    let store: Store
    let policies: @Sendable () async throws -> PolicyHistory
    let logger: Logger

    public init(store: Store, policies: @escaping @Sendable () async throws -> PolicyHistory, logger: Logger) {
        self.store = store; self.policies = policies; self.logger = logger
    }

    /// Puts up to `limit` unassigned events on their cases and decides every case they touched.
    /// Returns how many events were assigned.
    @discardableResult
    public func assignPending(now: Int64, limit: Int = 500) async throws -> Int {
        let history = try await policies()
        let events = try await CaseRepository(store).unassignedEvents(limit: limit)
        guard !events.isEmpty else { return 0 }
        var groups: [String: [CaseRepository.UnassignedEvent]] = [:]
        var order: [String] = []
        for event in events {
            let key = "\(event.serviceID)|\(event.category)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(event)
        }
        var assigned = 0
        for key in order {
            let group = groups[key]!
            guard let category = AbuseCategory(rawValue: group[0].category), let policy = history.inForce(at: group[0].occurredAt),
                  let rule = policy.rules[category]
            else { logger.warning("no policy rule for events", metadata: ["case": "\(key)"]); continue }
            assigned += try await store.writeTransaction { sql in
                let (record, created) = try await CaseRepository.openCase(
                    for: group[0], clause: rule.clause, policyVersion: policy.version, now: now, on: sql)
                var added = 0
                for event in group where try await CaseRepository.attach(event, to: record.id, on: sql) { added += 1 }
                guard added > 0 else { return 0 }
                let sources = Set(group.compactMap(\.reporter)).sorted().joined(separator: ", ")
                try await CaseRepository.addTimeline(
                    caseID: record.id, at: now, kind: created ? "opened" : "events", actor: "system",
                    text: (created ? "case opened for service \(record.serviceID), category \(record.category); " : "")
                        + "\(added) event\(added == 1 ? "" : "s") from \(sources.isEmpty ? "an unnamed source" : sources)", on: sql)
                try await decide(caseID: record.id, history: history, actor: "system", now: now, on: sql)
                return added
            }
        }
        return assigned
    }

    /// Decides the open cases whose deadline has passed; returns how many were decided.
    @discardableResult
    public func runDue(now: Int64, limit: Int = 100) async throws -> Int {
        let history = try await policies()
        let lock = store.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await store.writeTransaction { sql in
            let due = try await sql.raw("""
                SELECT id FROM cases WHERE deadline IS NOT NULL AND deadline <= \(bind: now) AND open_key IS NOT NULL
                ORDER BY deadline LIMIT \(bind: limit)\(unsafeRaw: lock)
                """).all().map { try $0.decode(column: "id", as: Int64.self) }
            var decided = 0
            for id in due where try await decide(caseID: id, history: history, actor: "scheduler", now: now, on: sql) { decided += 1 }
            return decided
        }
    }

    /// Staff confirm a case's held rung (or ask the engine to go on); the engine decides at once.
    public func confirm(caseID: Int64, staff: String, reason: String, now: Int64) async throws {
        let history = try await policies()
        try await store.writeTransaction { sql in
            guard let record = try await CaseRepository.find(id: caseID, on: sql) else { throw StoreError("no case \(caseID)") }
            guard !ProviderCase.isProviderCase(serviceID: record.serviceID) else { throw Self.providerCaseRefusal }
            try await sql.update("cases").set("staff_confirmed", to: 1).where("id", .equal, caseID).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "confirmation", actor: "staff:\(staff)", text: reason, on: sql)
            try await decide(caseID: caseID, history: history, actor: "staff:\(staff)", now: now, on: sql)
        }
    }

    /// Runs the engine on one case inside `sql`'s transaction; returns whether it decided anything.
    @discardableResult
    func decide(caseID: Int64, history: PolicyHistory, actor: String, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        guard let (record, facts, policy) = try await facts(caseID: caseID, history: history, on: sql),
              let decision = DecisionEngine.decide(facts, policy: policy, now: now)
        else { return false }
        try await CaseRepository.apply(decision, to: record, actor: actor, now: now, on: sql)
        return true
    }

    /// What the engine needs to know about a case, read inside `sql`'s transaction.
    func facts(caseID: Int64, history: PolicyHistory, on sql: any SQLDatabase) async throws -> (CaseRepository.CaseRecord, CaseFacts, PolicyDocument)? {
        guard let record = try await CaseRepository.find(id: caseID, on: sql),
              let category = AbuseCategory(rawValue: record.category), let status = CaseStatus(rawValue: record.status),
              let policy = history.inForce(at: record.firstEventAt), let rule = policy.rules[category]
        else { return nil }
        let reporters = try await CaseRepository.reporters(caseID: caseID, on: sql)
        let (compliant, missing) = try await CaseRepository.compliance(caseID: caseID, on: sql)
        let prior = try await CaseRepository.priorViolations(
            customerID: record.customerID, category: record.category,
            since: record.firstEventAt - Int64(rule.standingWindowDays) * 86_400, excluding: caseID, on: sql)
        let recipients = category == .spam ? try await CaseRepository.recipients(caseID: caseID, on: sql) : []
        let optIn = rule.requestsOptInEvidence ? try await CaseRepository.optInEvidence(caseID: caseID, on: sql) : .none
        let facts = CaseFacts(
            category: category, status: status, rung: record.rung, pendingRung: record.pendingRung, deadline: record.deadline,
            firstEventAt: record.firstEventAt, sources: reporters.map { EvidenceSource(reporter: $0, trust: policy.trust.level(of: $0)) },
            priorViolations: prior, complaintCompliant: compliant, complaintMissing: missing, staffConfirmed: record.staffConfirmed,
            spamRecipients: recipients.contains(nil) ? nil : recipients.compactMap { $0 }.map(SpamRecipient.classify), optInEvidence: optIn)
        return (record, facts, policy)
    }

    /// Staff take the case up one rung now, with a reason (a rung that suspends suspends: staff
    /// have confirmed it). Fails, saying why, on a closed case or one on its last rung.
    public func escalate(caseID: Int64, staff: String, reason: String, now: Int64) async throws {
        guard reason.split(separator: " ").count >= 3 else { throw StoreError("escalating needs a written reason (a few words)") }
        let history = try await policies()
        try await store.writeTransaction { sql in
            guard let (record, facts, policy) = try await facts(caseID: caseID, history: history, on: sql) else { throw StoreError("no case \(caseID)") }
            guard !ProviderCase.isProviderCase(serviceID: record.serviceID) else { throw Self.providerCaseRefusal }
            guard let decision = DecisionEngine.escalate(facts, policy: policy, now: now, because: reason) else {
                throw StoreError("case \(caseID) cannot go further up: it is \(record.status) or on the last step of its ladder")
            }
            try await sql.update("cases").set("staff_confirmed", to: 1).where("id", .equal, caseID).run()
            try await CaseRepository.apply(decision, to: record, actor: "staff:\(staff)", now: now, on: sql)
        }
    }

    /// A customer's or reseller's answer through the portal, on the case's timeline (and so in
    /// the audit log) for staff to read.
    public func answer(caseID: Int64, actor: String, text: String, now: Int64) async throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 10 else { throw StoreError("write at least a sentence: what you found and what you did") }
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "answer", actor: actor, text: String(trimmed.prefix(20_000)), on: sql)
        }
    }

    /// Assigns events and decides due cases until cancelled; failures are logged and retried.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970)
            do {
                while try await assignPending(now: now) > 0, !Task.isCancelled {}
                try await runDue(now: now)
            } catch {
                logger.warning("could not update cases; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}

extension CaseService {
    /// A note by staff on a case's timeline.
    public func addNote(caseID: Int64, staff: String, text: String, now: Int64) async throws {
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "note", actor: "staff:\(staff)", text: text, on: sql)
        }
    }

    /// Staff minutes spent on a case (the delisting fee is computed from them).
    public func logTime(caseID: Int64, staff: String, minutes: Int, note: String, now: Int64) async throws {
        guard (1...24 * 60).contains(minutes) else { throw StoreError("log 1–1440 minutes at a time") }
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await sql.insert(into: "case_time_log").columns("case_id", "staff", "minutes", "note", "at")
                .values(SQLBind(caseID), SQLBind(staff), SQLBind(minutes), SQLBind(note), SQLBind(now)).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "time", actor: "staff:\(staff)", text: "\(minutes) min: \(note)", on: sql)
        }
    }

    /// Gives a case to a member of staff (or takes it back with nil).
    public func assign(caseID: Int64, to assignee: String?, staff: String, now: Int64) async throws {
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await sql.update("cases").set("assignee", to: SQLBind(assignee)).where("id", .equal, caseID).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "assignment", actor: "staff:\(staff)",
                                                 text: assignee.map { "assigned to \($0)" } ?? "unassigned", on: sql)
        }
    }

    /// Puts a case's evidence on legal hold (kept past every retention rule) or releases it.
    public func setLegalHold(caseID: Int64, _ held: Bool, staff: String, reason: String, now: Int64) async throws {
        guard reason.split(separator: " ").count >= 2 else { throw StoreError("say why (a few words): a legal hold is answerable") }
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil else { throw StoreError("no case \(caseID)") }
            try await sql.update("cases").set("legal_hold", to: held ? 1 : 0).where("id", .equal, caseID).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: held ? "legal-hold" : "legal-hold-released", actor: "staff:\(staff)", text: reason, on: sql)
        }
    }

    /// Links two cases of one incident (each timeline says so).
    public func link(_ caseID: Int64, to other: Int64, staff: String, now: Int64) async throws {
        guard caseID != other else { throw StoreError("a case cannot be linked to itself") }
        try await store.writeTransaction { sql in
            guard try await CaseRepository.find(id: caseID, on: sql) != nil, try await CaseRepository.find(id: other, on: sql) != nil else {
                throw StoreError("both cases must exist")
            }
            try await sql.update("cases").set("linked_to", to: other).where("id", .equal, caseID).run()
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: "link", actor: "staff:\(staff)", text: "linked to case \(other)", on: sql)
            try await CaseRepository.addTimeline(caseID: other, at: now, kind: "link", actor: "staff:\(staff)", text: "case \(caseID) linked to this one", on: sql)
        }
    }

    /// Resolves a case with the customer's remediation statement (required: "I was hacked" does
    /// not close a case, saying what was fixed does) or a staff decision. Delisting cases are
    /// charged from their time log; suspended services get an unsuspend intent.
    public func resolve(caseID: Int64, staff: String, statement: String, now: Int64) async throws {
        let history = try await policies()
        try await store.writeTransaction { sql in
            guard let record = try await CaseRepository.find(id: caseID, on: sql) else { throw StoreError("no case \(caseID)") }
            guard let status = CaseStatus(rawValue: record.status), !status.isClosed else { throw StoreError("case \(caseID) is already \(record.status)") }
            guard statement.split(separator: " ").count >= 3 else {
                throw StoreError("resolving needs a remediation statement or a staff decision in a few words (what was fixed, or why it is closed)")
            }
            guard !RemediationStatement.onlyBlamesIntruders(statement) else {
                throw StoreError("\"we were hacked\" does not resolve a case: the AUP makes the customer liable for their service; say what was fixed (removed, patched, reinstalled, passwords changed…)")
            }
            let policy = history.inForce(at: record.firstEventAt)
            var actions: [PlannedAction] = []
            if status == .suspended { actions.append(PlannedAction(action: .unsuspend, rungID: "resolution")) }
            // A null route ends with the case: the address is routed again.
            let blackholed = try await sql.raw("SELECT COUNT(*) AS n FROM action_intents WHERE case_id = \(bind: caseID) AND action = 'blackhole'").first()!
                .decode(column: "n", as: Int.self) > 0
            if blackholed { actions.append(PlannedAction(action: .liftBlackhole, rungID: "resolution")) }
            // A provider case charges nobody: its listings were attributed to a customer's case, or are the provider's own.
            if record.category == AbuseCategory.blocklisted.rawValue, !ProviderCase.isProviderCase(serviceID: record.serviceID), let fees = policy?.fees {
                let minutes = try await sql.raw("SELECT COALESCE(SUM(minutes), 0) AS m FROM case_time_log WHERE case_id = \(bind: caseID)").first()!
                    .decode(column: "m", as: Int.self)
                let amount = fees.delistingCharge(minutes: minutes)
                try await sql.insert(into: "charges")
                    .columns("case_id", "customer_id", "kind", "amount_minor", "currency", "non_refundable", "description", "created_at")
                    .values(SQLBind(caseID), SQLBind(record.customerID), SQLBind("delisting"), SQLBind(amount), SQLBind(fees.currency), SQLBind(1),
                            SQLBind("delisting of the provider's addresses: base + \(minutes) min of staff time (\(fees.rounding.rawValue)), policy \(policy?.version ?? "?")"),
                            SQLBind(now))
                    .ignoringConflicts(with: ["case_id", "kind"]).run()
                actions.append(PlannedAction(action: .bill, rungID: "resolution"))
            }
            actions.append(PlannedAction(action: .close, rungID: "resolution"))
            let decision = Decision(actions: actions, status: .resolved, rung: record.rung, pendingRung: nil, deadline: nil, clause: record.clause,
                                    policyVersion: record.policyVersion, reason: "resolved by staff:\(staff): \(statement)")
            try await CaseRepository.apply(decision, to: record, actor: "staff:\(staff)", now: now, on: sql)
        }
    }

    /// A provider case has no customer service to notify, suspend or close port 25 for.
    static let providerCaseRefusal = StoreError("a provider case has no customer to act on: attribute its listing to a service first (the case page's form, or bailiff dnsbl attribute), or resolve it")

    /// Staff judge the opt-in records a customer sent for a case whose policy asks for them
    /// (spam). Accepted: the complaint is not proof and the case is resolved (a suspension is
    /// lifted; port 25 stays closed until the customer asks again). Rejected: a step held for the
    /// judgement goes ahead; otherwise the deadline escalates as if none had come.
    public func judgeOptInEvidence(caseID: Int64, accept: Bool, staff: String, reason: String, now: Int64) async throws {
        guard reason.split(separator: " ").count >= 3 else { throw StoreError("say in a few words what the records show (the customer reads the decision)") }
        let history = try await policies()
        try await store.writeTransaction { sql in
            guard let record = try await CaseRepository.find(id: caseID, on: sql) else { throw StoreError("no case \(caseID)") }
            guard let status = CaseStatus(rawValue: record.status), !status.isClosed else { throw StoreError("case \(caseID) is already \(record.status)") }
            guard let category = AbuseCategory(rawValue: record.category), history.inForce(at: record.firstEventAt)?.rules[category]?.requestsOptInEvidence == true else {
                throw StoreError("the policy asks for no opt-in records in \(record.category) cases")
            }
            guard try await CaseRepository.optInEvidence(caseID: caseID, on: sql) != .none else {
                throw StoreError("the customer has sent no documents for this case yet")
            }
            try await CaseRepository.addTimeline(caseID: caseID, at: now, kind: accept ? "opt-in-accepted" : "opt-in-rejected", actor: "staff:\(staff)",
                                                 text: (accept ? "opt-in records accepted: " : "opt-in records rejected: ") + reason, on: sql)
            if accept {
                var actions: [PlannedAction] = []
                if status == .suspended { actions.append(PlannedAction(action: .unsuspend, rungID: "opt-in")) }
                actions.append(PlannedAction(action: .close, rungID: "opt-in"))
                let decision = Decision(actions: actions, status: .resolved, rung: record.rung, pendingRung: nil, deadline: nil, clause: record.clause,
                                        policyVersion: record.policyVersion,
                                        reason: "staff:\(staff) found that the opt-in records show the recipients' consent (\(reason)): the complaint is not proof")
                try await CaseRepository.apply(decision, to: record, actor: "staff:\(staff)", now: now, on: sql)
            } else if record.pendingRung != nil {
                try await sql.update("cases").set("staff_confirmed", to: 1).where("id", .equal, caseID).run()
                try await decide(caseID: caseID, history: history, actor: "staff:\(staff)", now: now, on: sql)
            }
        }
    }

    /// Staff override any decision with a written reason: the case takes the given status (and
    /// its deadline is cleared), recorded on the timeline.
    public func override(caseID: Int64, status: CaseStatus, staff: String, reason: String, now: Int64) async throws {
        guard reason.split(separator: " ").count >= 3 else { throw StoreError("an override needs a written reason (a few words)") }
        try await store.writeTransaction { sql in
            guard let record = try await CaseRepository.find(id: caseID, on: sql) else { throw StoreError("no case \(caseID)") }
            let decision = Decision(actions: [], status: status, rung: record.rung, pendingRung: nil, deadline: nil, clause: record.clause,
                                    policyVersion: record.policyVersion, reason: "override by staff:\(staff): \(reason)")
            try await CaseRepository.apply(decision, to: record, actor: "staff:\(staff)", now: now, on: sql)
        }
    }
}
