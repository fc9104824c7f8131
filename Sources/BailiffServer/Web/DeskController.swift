import BailiffAudit
import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// The staff desk: queue, case page and its actions, evidence viewer, dashboard, triage,
/// lookup, policy and audit pages. Anonymous visitors are sent to sign in; customers and
/// resellers get 404 (the desk does not exist for them).
struct DeskController: Sendable {
    let web: WebContext

    func register(_ routes: any RoutesBuilder) {
        let desk = routes.grouped("desk")
        desk.get(use: queue)
        desk.post("bulk", use: bulk)
        desk.get("cases", ":id", use: casePage)
        desk.post("cases", ":id", ":action", use: act)
        desk.get("evidence", ":sha256", use: evidence)
        desk.get("dashboard", use: dashboard)
        desk.get("triage", use: triage)
        desk.post("triage", "reparse", use: reparse)
        desk.get("lookup", use: lookup)
        desk.get("policy", use: policy)
        desk.on(.POST, "policy", "preview", body: .collect(maxSize: "1mb"), use: previewPolicy)
        desk.on(.POST, "policy", "publish", body: .collect(maxSize: "1mb"), use: publishPolicy)
        desk.get("audit", use: audit)
        registerPort25(desk)
        registerBlocklists(desk)
    }

    struct Staff {
        var name: String
        var role: StaffRole
        var identity: WebAuthenticator.Identity
        var frame: Layout.Frame { Layout.Frame(principal: identity.principal, csrf: identity.session.csrf) }
    }

    /// Runs `body` for signed-in staff; anyone else is redirected (anonymous) or told "not found".
    func staff(_ request: Request, _ body: (Staff) async throws -> Response) async throws -> Response {
        guard let identity = try await web.authenticator.identify(request) else {
            return request.method == .GET || request.method == .HEAD ? WebPage.redirect("/login") : WebPage.forbidden(.init(), "Sign in first.")
        }
        guard case .staff(let name, let role) = identity.principal else { return WebPage.notFound(.init(principal: identity.principal, csrf: identity.session.csrf)) }
        return try await body(Staff(name: name, role: role, identity: identity))
    }

    // MARK: queue

    @Sendable func queue(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let parameters = (try? request.query.decode([String: String].self)) ?? [:]
            let (query, problems) = CaseQueueQuery.parse(parameters)
            let now = request.now
            let (records, total) = try await CaseRepository(web.store).queue(query, now: now)
            var frame = staff.frame
            if !problems.isEmpty { frame.error = problems.joined(separator: "; ") }
            frame.flash = Self.flash(request)
            return WebPage.html(QueuePage.render(.init(query: query, cases: records.map(CaseSummary.init), total: total, now: now, staffName: staff.name,
                                                       mayWork: staff.role.mayWorkCases), frame: frame), status: problems.isEmpty ? .ok : .badRequest)
        }
    }

    @Sendable func bulk(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard web.authenticator.verifyForm(request, csrf: staff.identity.session.csrf) else { return WebPage.forbidden(staff.frame, "The form had expired; reload the page.") }
            guard staff.role.mayWorkCases else { return WebPage.forbidden(staff.frame, "Read-only staff cannot change cases.") }
            let ids = request.formFields("ids").compactMap { Int64($0) }.prefix(500)
            let action = request.formField("action") ?? ""
            let now = request.now
            guard !ids.isEmpty else { return WebPage.redirect("/desk?done=nothing-selected") }
            for id in ids {
                switch action {
                case "assign-me": try await web.cases.assign(caseID: id, to: staff.name, staff: staff.name, now: now)
                case "unassign": try await web.cases.assign(caseID: id, to: nil, staff: staff.name, now: now)
                case "note":
                    let text = (request.formField("text") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !text.isEmpty else { return WebPage.redirect("/desk?done=note-empty") }
                    try await web.cases.addNote(caseID: id, staff: staff.name, text: text, now: now)
                default: return WebPage.redirect("/desk?done=unknown-action")
                }
            }
            return WebPage.redirect("/desk?done=bulk")
        }
    }

    /// Flash messages come from a fixed list, never from the URL's text.
    static func flash(_ request: Request) -> String? {
        switch request.query[String.self, at: "done"] {
        case "bulk"?: "Done for the selected cases."
        case "nothing-selected"?: "Select at least one case."
        case "note-empty"?: "Write the note first."
        case "unknown-action"?: "Choose an action."
        case "escalate"?: "Escalated: the next step of the ladder is under way."
        case "confirm"?: "Confirmed."
        case "resolve"?: "Resolved."
        case "override"?: "Status set."
        case "note"?: "Note added."
        case "time"?: "Time logged."
        case "assign"?: "Assigned."
        case "attribute"?: "Attributed: the service's delisting case follows the policy."
        case "opt-in"?: "Judged: the customer reads your verdict."
        case "published"?: "The new policy version is published; customers are told of it by the amendment notices."
        default: nil
        }
    }

    // MARK: case page

    @Sendable func casePage(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard let id = request.parameters.get("id").flatMap(Int64.init), let dossier = try await dossier(id, now: request.now) else {
                return WebPage.notFound(staff.frame)
            }
            var frame = staff.frame
            frame.flash = Self.flash(request)
            return WebPage.html(CasePage.render(dossier, now: request.now, mayWork: staff.role.mayWorkCases, frame: frame))
        }
    }

    func dossier(_ id: Int64, now: Int64) async throws -> CaseDossier? {
        let repository = CaseRepository(web.store)
        guard let record = try await repository.find(id: id) else { return nil }
        let history = try await web.policies.history(now: now)
        let policy = history.inForce(at: record.firstEventAt)
        let rule = AbuseCategory(rawValue: record.category).flatMap { policy?.rules[$0] }
        let names = try await InventoryRepository(web.store).names(serviceID: record.serviceID, customerID: record.customerID, resellerID: record.resellerID)
        let events = try await repository.events(caseID: id).map { event in
            EventLine(sha256: event.sha256, position: event.position, ip: event.ip, url: event.url, category: event.category, occurredAt: event.occurredAt,
                      reporter: event.reporter, trust: event.reporter.map { policy?.trust.level(of: $0).rawValue ?? "?" }, excerpt: event.excerpt)
        }
        var mails = try await NoticeRepository(web.store).deliveries(caseID: id).map {
            MailLine(at: $0.at, direction: "sent", party: "\($0.delivery.role) <\($0.delivery.recipient)>", detail: "\($0.delivery.status): \($0.delivery.reply)")
        }
        mails += try await repository.correspondence(caseID: id).map { MailLine(at: $0.at, direction: "received", party: $0.kind, detail: $0.sha256) }
        var others = CaseQueueQuery()
        others.state = .all
        others.customerID = record.customerID
        others.pageSize = 11
        let (related, relatedTotal) = try await repository.queue(others, now: now)
        var dossier = CaseDossier(
            summary: CaseSummary(record), serviceLabel: names.service, customerName: names.customer, resellerName: names.reseller,
            timeline: try await repository.timeline(caseID: id).map { TimelineLine(at: $0.at, kind: $0.kind, actor: $0.actor, text: $0.text) },
            events: events,
            intents: try await repository.intents(caseID: id).map { IntentLine(action: $0.action, rung: $0.rung, status: $0.status, reason: $0.reason, at: $0.createdAt) },
            mails: mails.sorted { $0.at > $1.at }, minutesLogged: try await repository.minutesLogged(caseID: id),
            ladder: rule?.ladder.map(\.id) ?? [], hidden: try await web.hiddenCategories(now: now).contains(record.category))
        dossier.otherCases = Array(related.filter { $0.id != id }.prefix(10).map(CaseSummary.init))
        dossier.otherCaseCount = relatedTotal - 1
        return dossier
    }

    @Sendable func act(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard let id = request.parameters.get("id").flatMap(Int64.init), let action = request.parameters.get("action"),
                  try await CaseRepository(web.store).find(id: id) != nil
            else { return WebPage.notFound(staff.frame) }
            guard web.authenticator.verifyForm(request, csrf: staff.identity.session.csrf) else { return WebPage.forbidden(staff.frame, "The form had expired; reload the page.") }
            guard staff.role.mayWorkCases else { return WebPage.forbidden(staff.frame, "Read-only staff cannot change cases.") }
            let reason = (request.formField("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let confirmed = request.formField("confirm") == "yes"
            let now = request.now
            do {
                switch action {
                case "escalate", "confirm", "override":
                    guard confirmed else { throw StoreError("tick the confirmation box: this action changes what happens to the customer's service") }
                    if action == "escalate" { try await web.cases.escalate(caseID: id, staff: staff.name, reason: reason, now: now) }
                    if action == "confirm" { try await web.cases.confirm(caseID: id, staff: staff.name, reason: reason, now: now) }
                    if action == "override" {
                        guard let status = CaseStatus(rawValue: request.formField("status") ?? "") else { throw StoreError("choose a status") }
                        try await web.cases.override(caseID: id, status: status, staff: staff.name, reason: reason, now: now)
                    }
                case "resolve": try await web.cases.resolve(caseID: id, staff: staff.name, statement: reason, now: now)
                case "note":
                    guard !reason.isEmpty else { throw StoreError("write the note") }
                    try await web.cases.addNote(caseID: id, staff: staff.name, text: reason, now: now)
                case "time":
                    guard let minutes = Int(request.formField("minutes") ?? "") else { throw StoreError("give the minutes as a number") }
                    try await web.cases.logTime(caseID: id, staff: staff.name, minutes: minutes, note: reason, now: now)
                case "opt-in":
                    try await web.cases.judgeOptInEvidence(caseID: id, accept: request.formField("verdict") == "accept", staff: staff.name, reason: reason, now: now)
                case "attribute":
                    guard confirmed else { throw StoreError("tick the confirmation box: the customer is notified and charged") }
                    do {
                        try await BlocklistRepository(web.store).attribute(providerCaseID: id, to: (request.formField("service") ?? "").trimmingCharacters(in: .whitespaces),
                                                                          staff: staff.name, evidence: reason, now: now)
                    } catch let refusal as BlocklistRepository.AttributionRefusal { throw StoreError(refusal.description) }
                    _ = try await web.cases.assignPending(now: now)
                case "assign":
                    let assignee = (request.formField("assignee") ?? "").trimmingCharacters(in: .whitespaces)
                    try await web.cases.assign(caseID: id, to: assignee.isEmpty ? nil : String(assignee.prefix(100)), staff: staff.name, now: now)
                default: return WebPage.notFound(staff.frame)
                }
            } catch let error as StoreError {
                guard let dossier = try await dossier(id, now: now) else { return WebPage.notFound(staff.frame) }
                var frame = staff.frame
                frame.error = "Not done: \(error.description)."
                return WebPage.html(CasePage.render(dossier, now: now, mayWork: true, frame: frame), status: .unprocessableEntity)
            }
            return WebPage.redirect("/desk/cases/\(id)?done=\(action)")
        }
    }

    // MARK: evidence

    @Sendable func evidence(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard let sha256 = request.parameters.get("sha256"), sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
                  let status = try await ReportRepository(web.store).status(sha256: sha256)
            else { return WebPage.notFound(staff.frame) }
            let evidence = EvidenceRepository(web.store)
            let cases = try await CaseRepository(web.store).cases(ofMessage: sha256)
            let hidden = try await web.hiddenCategories(now: request.now)
            let delivery = try await evidence.deliveries(sha256: sha256).first
            let message = try await evidence.message(sha256: sha256)
            let content = EvidenceView.Content(
                sha256: sha256, caseID: request.query[Int64.self, at: "case"] ?? cases.first?.id, receivedAt: delivery?.receivedAt, channel: delivery?.channel,
                format: status.format, status: status.status, size: message?.count ?? 0, mayShowContent: !cases.contains { hidden.contains($0.category) })
            try await AuditLog.record(web.store, actor: "staff:\(staff.name)", action: "evidence.view", subject: "message:\(sha256)", now: request.now)
            return WebPage.html(EvidenceView.render(content, message: message, frame: staff.frame))
        }
    }

    // MARK: dashboard, triage, lookup, policy, audit

    @Sendable func dashboard(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let repository = CaseRepository(web.store)
            let now = request.now
            var due = CaseQueueQuery()
            due.due = .day
            due.pageSize = 20
            let data = DeskPages.Dashboard(
                openByCategory: try await repository.openCounts(by: "category").map { ($0.0, $0.1) },
                openByAge: try await repository.openAges(now: now).map { ($0.0, $0.1) },
                eventsPerDay: try await repository.eventsPerDay(now: now, days: 14).map { (String(Timestamp.format($0.0).prefix(10)), $0.1) },
                dueSoon: try await repository.queue(due, now: now).cases.map(CaseSummary.init),
                topCustomers: try await repository.openCounts(by: "customer_id", limit: 10).map { ($0.0, $0.1) },
                topResellers: try await repository.openCounts(by: "reseller_id", limit: 10).map { ($0.0, $0.1) })
            return WebPage.html(DeskPages.dashboard(data, now: now, frame: staff.frame))
        }
    }

    @Sendable func triage(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let events = try await CaseRepository(web.store).triage(limit: 200)
            let quarantined = try await ReportRepository(web.store).recent(status: "quarantined", limit: 100)
            let rows: [[HTML]] = events.map { event in
                ["\(WebTime.format(event.occurredAt))", "\(event.ip ?? event.url ?? "—")", "\(event.category)", "\(event.attribution)", "\(event.reporter ?? "—")",
                 "<a href=\"/desk/evidence/\(event.sha256)\">\(String(event.sha256.prefix(12)))…</a>"]
            }
            let quarantine = quarantined.html { message in
                let button: HTML = staff.role.mayWorkCases ? """
                    <form method="post" action="/desk/triage/reparse" class="inline">\(Layout.csrfField(staff.identity.session.csrf))\
                    <input type="hidden" name="sha256" value="\(message.sha256)"><button type="submit">Re-parse</button></form>
                    """ : .empty
                return "<tr><td>\(WebTime.format(message.receivedAt))</td><td>\(message.reason ?? "")</td><td><a href=\"/desk/evidence/\(message.sha256)\">\(String(message.sha256.prefix(12)))…</a></td><td>\(button)</td></tr>"
            }
            let after: HTML = """
                <h2>Quarantined messages</h2><p class="muted">Re-parse one once the parser or the inventory knows more (<code>bailiff reparse</code> does all).</p>
                <table id="quarantine"><thead><tr><th>Received</th><th>Why</th><th>Evidence</th><th></th></tr></thead><tbody>\(quarantine)</tbody></table>
                """
            var frame = staff.frame
            if let outcome = request.query[String.self, at: "reparsed"], Self.reparseOutcomes.contains(outcome) { frame.flash = "Re-parsed: the message is now \(outcome)." }
            return WebPage.html(DeskPages.table("Triage", intro: "<p>Events no case took: not our address, provider infrastructure, unassigned space, or an unresolved URL.</p>",
                                                headings: ["When", "Address", "Category", "Attribution", "Source", "Evidence"], rows: rows, after: after, frame: frame))
        }
    }

    /// Parse outcomes a re-parse can report back (a fixed list: the flash never echoes the URL).
    static let reparseOutcomes: Set<String> = ["parsed", "quarantined", "not-a-report", "correspondence", "pending"]

    /// Parses one stored message again with today's parser and inventory.
    @Sendable func reparse(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard web.authenticator.verifyForm(request, csrf: staff.identity.session.csrf) else { return WebPage.forbidden(staff.frame, "The form had expired; reload the page.") }
            guard staff.role.mayWorkCases else { return WebPage.forbidden(staff.frame, "Read-only staff cannot re-parse.") }
            guard let sha256 = request.formField("sha256"), sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
                  try await ReportRepository(web.store).status(sha256: sha256) != nil else { return WebPage.notFound(staff.frame) }
            let processor = ReportProcessor(store: web.store, table: { web.attribution.current }, resolver: web.configuration.hostResolver, logger: request.logger)
            _ = try await processor.process(sha256: sha256)
            try await AuditLog.record(web.store, actor: "staff:\(staff.name)", action: "report.reparse", subject: "message:\(sha256)", now: request.now)
            let status = try await ReportRepository(web.store).status(sha256: sha256)?.status ?? "pending"
            return WebPage.redirect("/desk/triage?reparsed=\(status)")
        }
    }

    @Sendable func lookup(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let ipText = (request.query[String.self, at: "ip"] ?? "").trimmingCharacters(in: .whitespaces)
            let atText = (request.query[String.self, at: "at"] ?? "").trimmingCharacters(in: .whitespaces)
            var result: HTML = .empty
            var frame = staff.frame
            if !ipText.isEmpty {
                if let address = try? IPAddress(parsing: ipText) {
                    let at = atText.isEmpty ? request.now : (Timestamp.parse(atText) ?? request.now)
                    result = "<h2>\(ipText) at \(WebTime.format(at))</h2><p id=\"attribution\">\(describe(web.attribution.attribute(address, at: at)))</p>"
                } else {
                    frame.error = "'\(ipText)' is not an IPv4 or IPv6 address."
                }
            }
            for (parameter, label) in [("customer", "customer"), ("reseller", "reseller"), ("service", "service")] {
                if let value = request.query[String.self, at: parameter], !value.isEmpty {
                    var query = CaseQueueQuery()
                    query.state = .all
                    switch parameter {
                    case "customer": query.customerID = value
                    case "reseller": query.resellerID = value
                    default: query.serviceID = value
                    }
                    let standing = parameter == "service" ? [:] : try await CaseRepository(web.store).standing(
                        customerID: parameter == "customer" ? value : nil, resellerID: parameter == "reseller" ? value : nil, since: request.now - 365 * 86_400)
                    let (cases, total) = try await CaseRepository(web.store).queue(query, now: request.now)
                    result += "<h2>Cases of \(label) \(value)</h2><p>\(total) cases; confirmed violations in 365 days: \(standing.isEmpty ? "none" : standing.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))</p>"
                    result += cases.html { "<p><a href=\"/desk/cases/\($0.id)\">#\($0.id)</a> \($0.category) — \($0.status), opened \(WebTime.format($0.openedAt))</p>" }
                }
            }
            let form: HTML = """
                <form method="get" action="/desk/lookup" class="filters">
                <div><label for="l-ip">IP address</label><input type="text" id="l-ip" name="ip" value="\(ipText)"></div>
                <div><label for="l-at">At (time, default now)</label><input type="text" id="l-at" name="at" value="\(atText)"></div>
                <div><label for="l-customer">or customer</label><input type="text" id="l-customer" name="customer"></div>
                <div><label for="l-reseller">or reseller</label><input type="text" id="l-reseller" name="reseller"></div>
                <div><button type="submit">Look up</button></div></form>
                """
            return WebPage.html(Layout.page("Lookup", frame, main: form + result))
        }
    }

    func describe(_ attribution: Attribution) -> HTML {
        switch attribution {
        case .service(let hit):
            "service <a href=\"/desk/lookup?service=\(hit.service.id)\">\(hit.service.id)</a> (\(hit.service.label)) of customer <a href=\"/desk/lookup?customer=\(hit.customer.id)\">\(hit.customer.id)</a> \(hit.customer.name)\(hit.reseller.map { ", reseller \($0.id) \($0.name)" } ?? "")"
        case .providerInfrastructure(let entry): "the provider's own \(entry.role.rawValue) \(entry.label)"
        case .unassigned(let network): "unassigned space of the provider's network \(network.prefix.description) (\(network.label))"
        case .notOurs: "not in the provider's networks"
        }
    }

    @Sendable func policy(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let published = try await PolicyRepository(web.store).all()
            let history = try await web.policies.history(now: request.now)
            let rows: [[HTML]] = published.map { entry in
                ["<a href=\"/aup/\(entry.version)\">\(entry.version)</a>", "\(WebTime.format(entry.effectiveAt))", "\(WebTime.format(entry.publishedAt))", "\(entry.publishedBy)",
                 "<code>\(String(entry.sha256.prefix(16)))</code>"]
            }
            var diff: HTML = .empty
            let versions = history.versions
            if versions.count >= 2 {
                let lines = PolicyDiff.lines(from: versions[versions.count - 2], to: versions[versions.count - 1])
                diff = "<h2>Changes from \(versions[versions.count - 2].version) to \(versions[versions.count - 1].version)</h2><ul>\(lines.html { "<li>\($0)</li>" })</ul>"
            }
            let publish: HTML = staff.role.mayAdminister ? """
                <h2>Publish a new version</h2>
                <form method="post" action="/desk/policy/preview" id="policy-preview">\(Layout.csrfField(staff.identity.session.csrf))
                <label for="policy-source">The policy file: Markdown with a <code>policy</code> block (start from <code>bailiff policy default</code> or the version in force).
                Its <code>effective</code> date is the date customers are given notice of.</label>
                <textarea id="policy-source" name="source" rows="20" required></textarea>
                <button type="submit">Check and show the changes</button></form>
                """ : "<p class=\"muted\">Admins publish new versions.</p>"
            var frame = staff.frame
            frame.flash = Self.flash(request)
            return WebPage.html(DeskPages.table("Policy versions", intro: "<p>A version governs cases from its effective date; earlier cases keep the version they began under.</p>",
                                                headings: ["Version", "In force from", "Published", "By", "SHA-256"], rows: rows, after: diff + publish, frame: frame))
        }
    }

    @Sendable func audit(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let head = try await AuditLog.head(web.store)
            let from = max(1, request.query[Int64.self, at: "from"] ?? max(1, (head?.sequence ?? 1) - 99))
            let entries = try await AuditLog.entries(web.store, from: from, limit: 100)
            let verification = try await AuditLog.verify(web.store, anchors: [])
            let state: HTML = verification.isIntact
                ? "<p class=\"flash\" id=\"audit-state\">The chain verifies: every entry's hash links to the one before (\(head?.sequence ?? 0) entries).</p>"
                : "<p class=\"error\" id=\"audit-state\">The chain is broken: \(String(describing: verification)). Find out why before anything else.</p>"
            let rows: [[HTML]] = entries.reversed().map { entry in
                ["\(entry.sequence)", "\(WebTime.format(entry.recordedAt))", "\(entry.actor)", "\(entry.action)", "\(entry.subject)", "<code>\(String(entry.details.prefix(300)))</code>"]
            }
            return WebPage.html(DeskPages.table("Audit log", intro: state, headings: ["#", "When", "Who", "What", "Subject", "Details"], rows: rows, frame: staff.frame))
        }
    }

    // MARK: publishing a policy (admins)

    /// Reads a policy file and shows what would change, with a confirmation form; publishes nothing.
    @Sendable func previewPolicy(_ request: Request) async throws -> Response {
        try await admin(request) { staff, source in
            switch PolicyFile.read(source) {
            case .failure(let failure):
                var frame = staff.frame
                frame.error = "The policy file has problems; nothing was published."
                let problems = failure.problems.sorted { $0.line < $1.line }.html { "<li>\($0.description)</li>" }
                return WebPage.html(Layout.page("Policy not valid", frame, main: "<ul id=\"policy-problems\">\(problems)</ul><p><a href=\"/desk/policy\">Back</a></p>"),
                                    status: .unprocessableEntity)
            case .success(let document):
                let current = try await web.policies.history(now: request.now).versions.last
                let changes = current.map { PolicyDiff.lines(from: $0, to: document) } ?? ["the first version"]
                let effective = max(document.effectiveAt, request.now)
                return WebPage.html(Layout.page("Publish version \(document.version)?", staff.frame, main: """
                    <p>Version <strong>\(document.version)</strong> would govern cases from <strong>\(WebTime.format(effective))</strong>\
                    \(document.effectiveOnNotice ? " (the notice date)" : ""); cases begun before keep the version they began under.</p>
                    <h2>Changes from \(current?.version ?? "nothing")</h2><ul id="policy-changes">\(changes.html { "<li>\($0)</li>" })</ul>
                    <form method="post" action="/desk/policy/publish" id="policy-publish">\(Layout.csrfField(staff.identity.session.csrf))
                    <textarea name="source" hidden readonly>\(source)</textarea>
                    <label><input type="checkbox" name="confirm" value="yes" required> I publish this version; customers are notified of the amendment</label>
                    <button type="submit" class="danger">Publish</button></form>
                    """))
            }
        }
    }

    @Sendable func publishPolicy(_ request: Request) async throws -> Response {
        try await admin(request) { staff, source in
            guard request.formField("confirm") == "yes" else { return WebPage.forbidden(staff.frame, "Tick the confirmation box to publish.") }
            guard case .success(let document) = PolicyFile.read(source) else { return WebPage.forbidden(staff.frame, "The policy file is not valid; check it again.") }
            do {
                try await PolicyRepository(web.store).publish(document, source: source, by: "staff:\(staff.name)", now: request.now)
            } catch let error as StoreError {
                var frame = staff.frame
                frame.error = "Not published: \(error.description)."
                return WebPage.html(Layout.page("Policy not published", frame, main: "<p><a href=\"/desk/policy\">Back</a></p>"), status: .unprocessableEntity)
            }
            return WebPage.redirect("/desk/policy?done=published")
        }
    }

    /// Runs `body` for an admin with the form's policy source, after the CSRF check.
    private func admin(_ request: Request, _ body: (Staff, String) async throws -> Response) async throws -> Response {
        try await staff(request) { staff in
            guard web.authenticator.verifyForm(request, csrf: staff.identity.session.csrf) else { return WebPage.forbidden(staff.frame, "The form had expired; reload the page.") }
            guard staff.role.mayAdminister else { return WebPage.forbidden(staff.frame, "Only admins publish the policy.") }
            let source = (request.formField("source") ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return WebPage.forbidden(staff.frame, "Paste the policy file first.") }
            return try await body(staff, source)
        }
    }
}
