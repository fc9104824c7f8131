import BailiffCore

/// The staff case page: who, what, under which clause, what happened, and what staff can do.
public enum CasePage {
    public static func render(_ dossier: CaseDossier, now: Int64, mayWork: Bool, frame: Layout.Frame) -> HTML {
        let summary = dossier.summary
        let rung: HTML = summary.rung.map { index in
            index < dossier.ladder.count ? "\(dossier.ladder[index]) (step \(index + 1) of \(dossier.ladder.count))" : "step \(index + 1)"
        } ?? "not yet on the ladder"
        let deadline: HTML = summary.deadline.map { "\(WebTime.format($0)) (\(WebTime.relative($0, now: now)))" } ?? "none"
        let facts = Layout.facts([
            ("Status", "<span class=\"status\" id=\"case-status\">\(summary.status)</span>"),
            ("Category", "\(summary.category)\(dossier.hidden ? " — not shown to customer or reseller" : "")"),
            ("Policy", "clause <a href=\"/aup#\(summary.clause)\">\(summary.clause)</a>, version <a href=\"/aup/\(summary.policyVersion)\">\(summary.policyVersion)</a>"),
            ("Ladder", rung),
            ("Deadline", deadline),
            ("Service", "<a href=\"/desk/lookup?service=\(summary.serviceID)\">\(summary.serviceID)</a> \(dossier.serviceLabel.map { "(\($0))" })"),
            ("Customer", "<a href=\"/desk/lookup?customer=\(summary.customerID)\">\(summary.customerID)</a> \(dossier.customerName)"),
            ("Reseller", summary.resellerID.map { "<a href=\"/desk/lookup?reseller=\($0)\">\($0)</a> \(dossier.resellerName)" as HTML } ?? "none (direct customer)"),
            ("Assignee", "\(summary.assignee ?? "nobody")"),
            ("Opened", "\(WebTime.format(summary.openedAt))"),
            ("Time logged", "\(dossier.minutesLogged) min"),
        ])
        let events = dossier.events.html { event in
            """
            <tr><td>\(WebTime.format(event.occurredAt))</td><td>\(event.ip ?? "—")</td><td>\(event.url)</td><td>\(event.category)</td>\
            <td>\(event.reporter ?? "anonymous")</td><td>\(event.trust ?? "—")</td>\
            <td><a href="/desk/evidence/\(event.sha256)?case=\(dossier.summary.id)">\(String(event.sha256.prefix(12)))…</a></td></tr>
            """
        }
        let timeline = dossier.timeline.html { line in
            "<tr><td>\(WebTime.format(line.at))</td><td>\(line.kind)</td><td>\(line.actor)</td><td>\(line.text)</td></tr>"
        }
        let intents = dossier.intents.html { intent in
            "<tr><td>\(WebTime.format(intent.at))</td><td>\(intent.action)</td><td>\(intent.rung)</td><td>\(intent.status)</td><td>\(intent.reason)</td></tr>"
        }
        let mails = dossier.mails.html { mail in
            "<tr><td>\(WebTime.format(mail.at))</td><td>\(mail.direction)</td><td>\(mail.party)</td><td>\(mail.detail)</td></tr>"
        }
        let others = dossier.otherCases.html { other in
            "<tr><td><a href=\"/desk/cases/\(other.id)\">#\(other.id)</a></td><td>\(other.category)</td><td>\(other.status)</td><td>\(other.serviceID)</td><td>\(WebTime.format(other.openedAt))</td></tr>"
        }
        let history: HTML = dossier.otherCaseCount == 0 ? "<p class=\"muted\" id=\"customer-history\">No other cases of this customer.</p>" : """
            <h2>Other cases of this customer (\(dossier.otherCaseCount), <a href="/desk/lookup?customer=\(summary.customerID)">all</a>)</h2>
            <table id="customer-history"><thead><tr><th>Case</th><th>Category</th><th>Status</th><th>Service</th><th>Opened</th></tr></thead><tbody>\(others)</tbody></table>
            """
        return Layout.page("Case #\(summary.id)", frame, main: """
            \(facts)
            \(history)
            \(mayWork ? actions(summary, frame: frame) : "<p class=\"muted\">Read-only: you can look, not act.</p>")
            <h2>Events and evidence</h2>
            <table><thead><tr><th>When</th><th>IP</th><th>URL</th><th>Category</th><th>Source</th><th>Trust</th><th>Evidence</th></tr></thead><tbody>\(events)</tbody></table>
            <h2>Timeline</h2>
            <table id="timeline"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Detail</th></tr></thead><tbody>\(timeline)</tbody></table>
            <h2>Actions asked of the adapters</h2>
            <table><thead><tr><th>When</th><th>Action</th><th>Step</th><th>State</th><th>Why</th></tr></thead><tbody>\(intents)</tbody></table>
            <h2>Mail</h2>
            <table><thead><tr><th>When</th><th>Direction</th><th>Party</th><th>Detail</th></tr></thead><tbody>\(mails)</tbody></table>
            """)
    }

    /// Each action is a form with a reason; the ones that disrupt a service also need a ticked confirmation.
    static func actions(_ summary: CaseSummary, frame: Layout.Frame) -> HTML {
        let base = "/desk/cases/\(summary.id)"
        func form(_ action: String, _ title: String, _ fields: HTML, button: String, danger: Bool = false, confirm: String? = nil) -> HTML {
            let confirmation: HTML = confirm.map { "<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> \($0)</label>" } ?? .empty
            return """
                <form method="post" action="\(base)/\(action)" id="action-\(action)"><h3>\(title)</h3>\(Layout.csrfField(frame.csrf))\(fields)\(confirmation)
                <button type="submit"\(danger ? " class=\"danger\"" as HTML : .empty)>\(button)</button></form>
                """
        }
        let reason: HTML = "<label>Reason<textarea name=\"reason\" required minlength=\"10\"></textarea></label>"
        let statuses = ["open", "awaiting-confirmation", "notified", "awaiting-customer", "suspended", "remediated", "resolved", "terminated", "ignored"]
            .html { "<option value=\"\($0)\">\($0)</option>" }
        return """
            <h2>Act on this case</h2><div class="actions">
            \(form("escalate", "Escalate to the next step now", reason, button: "Escalate", danger: true, confirm: "I confirm: this carries out the next step of the ladder (it may suspend the service)"))
            \(form("confirm", "Confirm the held step", reason, button: "Confirm", danger: true, confirm: "I have checked the evidence and confirm the held action"))
            \(form("resolve", "Resolve", "<label>What was fixed, or why it is closed<textarea name=\"reason\" required></textarea></label>", button: "Resolve"))
            \(form("override", "Set the status", "<label>Status<select name=\"status\">\(statuses)</select></label>" + reason, button: "Override", confirm: "I override the policy's decision and say why"))
            \(form("note", "Note", "<label>Note<textarea name=\"reason\" required></textarea></label>", button: "Add note"))
            \(form("time", "Log time", "<label>Minutes<input type=\"number\" name=\"minutes\" min=\"1\" max=\"1440\" required></label><label>What was done<input type=\"text\" name=\"reason\"></label>", button: "Log"))
            \(form("assign", "Assign", "<label>Staff name (empty: nobody)<input type=\"text\" name=\"assignee\" value=\"\(summary.assignee)\"></label>", button: "Assign"))
            \(summary.category == AbuseCategory.spam.rawValue ? form("opt-in", "Judge the customer's opt-in records",
                "<label>Verdict<select name=\"verdict\"><option value=\"reject\">they do not show consent: the complaint counts</option><option value=\"accept\">they show the recipients' consent: resolve</option></select></label>"
                + "<label>What the records show (the customer reads it)<textarea name=\"reason\" required minlength=\"10\"></textarea></label>",
                button: "Judge") : .empty)
            \(ProviderCase.isProviderCase(serviceID: summary.serviceID) ? form("attribute", "Attribute the listing to a customer's service",
                "<label>Service<input type=\"text\" name=\"service\" required></label><label>Evidence (reports, flows, mail logs)<textarea name=\"reason\" required minlength=\"20\"></textarea></label>",
                button: "Attribute", danger: true, confirm: "I attribute this listing from the evidence named: the customer is notified and charged for the delisting") : .empty)
            </div>
            """
    }
}
