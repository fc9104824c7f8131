/// The customer and reseller portal: their cases, the notice's facts, an answer form.
public enum PortalPages {
    /// A reseller's standing: confirmed violations of its customers per category.
    public struct Standing: Sendable {
        public var days: Int
        public var violations: [String: Int]
        public init(days: Int, violations: [String: Int]) { self.days = days; self.violations = violations }
    }

    public static func home(_ principal: Principal, cases: [CaseSummary], standing: Standing?, now: Int64, frame: Layout.Frame) -> HTML {
        let who: HTML
        switch principal {
        case .customer(let id): who = "Cases about the services of customer \(id)."
        case .reseller(let id): who = "Cases about the services of reseller \(id)'s customers."
        case .staff: who = ""
        }
        let rows = cases.html { summary in
            """
            <tr><td><a href="/portal/cases/\(summary.id)">#\(summary.id)</a></td><td>\(summary.category)</td><td><span class="status">\(summary.status)</span></td>\
            <td>\(summary.deadline.map { WebTime.relative($0, now: now) } ?? "—")</td><td>\(summary.serviceID)</td>\
            \(principal.kind == .reseller ? "<td>\(summary.customerID)</td>" as HTML : .empty)<td>\(WebTime.format(summary.openedAt))</td></tr>
            """
        }
        let standingHTML: HTML = standing.map { standing in
            let lines = standing.violations.sorted { $0.key < $1.key }.html { "<li>\($0.key): \($0.value)</li>" }
            return "<h2>Standing</h2><p>Confirmed violations in the last \(standing.days) days:</p>" + (standing.violations.isEmpty ? "<p id=\"standing\">none.</p>" : "<ul id=\"standing\">\(lines)</ul>")
        } ?? .empty
        return Layout.page("Your abuse cases", frame, main: """
            <p>\(who)</p>
            <table id="cases"><thead><tr><th>Case</th><th>Category</th><th>Status</th><th>Deadline</th><th>Service</th>\
            \(principal.kind == .reseller ? "<th>Customer</th>" as HTML : .empty)<th>Opened</th></tr></thead><tbody>\(rows)</tbody></table>
            \(cases.isEmpty ? "<p>No cases.</p>" as HTML : .empty)
            \(standingHTML)
            """)
    }

    /// What a customer sees of one case: never the reporter, never staff notes.
    public static func casePage(_ summary: CaseSummary, events: [EventLine], timeline: [TimelineLine], notice: (subject: String, text: String)? = nil,
                                now: Int64, mayAnswer: Bool, frame: Layout.Frame) -> HTML {
        let facts = Layout.facts([
            ("Status", "<span class=\"status\" id=\"case-status\">\(summary.status)</span>"),
            ("Category", "\(summary.category)"),
            ("Policy", "<a href=\"/aup#\(summary.clause)\">clause \(summary.clause)</a> of policy version \(summary.policyVersion)"),
            ("Service", "\(summary.serviceID)"),
            ("Deadline", summary.deadline.map { "\(WebTime.format($0)) (\(WebTime.relative($0, now: now)))" as HTML } ?? "none"),
        ])
        let eventRows = events.html { event in
            "<tr><td>\(WebTime.format(event.occurredAt))</td><td>\(event.ip ?? "—")</td><td>\(event.url)</td><td>\(event.category)</td><td><pre class=\"evidence\">\(event.excerpt ?? "")</pre></td></tr>"
        }
        let history = timeline.html { "<tr><td>\(WebTime.format($0.at))</td><td>\($0.kind)</td><td>\($0.text)</td></tr>" }
        let answer: HTML = mayAnswer ? """
            <h2>Answer</h2>
            <form method="post" action="/portal/cases/\(summary.id)/answer" id="answer">\(Layout.csrfField(frame.csrf))
            <label for="answer-text">What you found and what you did about it (e.g. removed the script, patched, changed passwords)</label>
            <textarea id="answer-text" name="text" required minlength="10" maxlength="4000"></textarea>
            <button type="submit">Send answer</button></form>
            <h2>Documents</h2>
            <form method="post" action="/portal/cases/\(summary.id)/evidence" enctype="multipart/form-data" id="upload">\(Layout.csrfField(frame.csrf))
            <label for="upload-file">A document for this case (e.g. the opt-in records of the complaining recipients, with the headers of their opt-in mails), up to 10 MiB</label>
            <input type="file" id="upload-file" name="file" required>
            <label for="upload-note">What it shows</label><input type="text" id="upload-note" name="note" maxlength="1000">
            <button type="submit">Upload</button></form>
            \(summary.category == "tor-exit" ? torrcForm(summary, frame: frame) : .empty)
            """ : .empty
        let noticeHTML: HTML = notice.map { "<h2>The notice</h2><p><strong>\($0.subject)</strong></p><pre class=\"evidence\" id=\"notice\">\($0.text)</pre>" as HTML } ?? .empty
        return Layout.page("Case #\(summary.id)", frame, main: """
            \(facts)
            \(noticeHTML)
            <h2>What was reported</h2>
            <table><thead><tr><th>When</th><th>IP</th><th>URL</th><th>Category</th><th>Excerpt</th></tr></thead><tbody>\(eventRows)</tbody></table>
            <h2>History</h2>
            <table id="history"><thead><tr><th>When</th><th>What</th><th>Detail</th></tr></thead><tbody>\(history)</tbody></table>
            \(answer)
            """)
    }

    static func torrcForm(_ summary: CaseSummary, frame: Layout.Frame) -> HTML {
        """
        <h2>Tor relay</h2>
        <form method="post" action="/portal/cases/\(summary.id)/torrc" id="torrc">\(Layout.csrfField(frame.csrf))
        <label for="torrc-text">If the relay is not an exit, paste its torrc: it is checked at once by tor's own rules</label>
        <textarea id="torrc-text" name="torrc" required></textarea>
        <button type="submit">Check and send</button></form>
        """
    }

    /// The page a sign-in link opens: a button, so that a mail scanner fetching the link does not use it up.
    public static func signIn(token: String, frame: Layout.Frame) -> HTML {
        Layout.page("Sign in to the abuse portal", frame, main: """
            <form method="post" action="/portal/signin"><input type="hidden" name="token" value="\(token)">
            <button type="submit">Sign in</button></form>
            """)
    }
}
