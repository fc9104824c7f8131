/// The public pages: the policy in force with its history, the complaint form and its receipt.
public enum PublicPages {
    public struct PolicyVersion: Sendable {
        public var version: String
        public var effectiveAt: Int64
        public var publishedAt: Int64
        public init(version: String, effectiveAt: Int64, publishedAt: Int64) { self.version = version; self.effectiveAt = effectiveAt; self.publishedAt = publishedAt }
    }

    public static func policy(markdown: String, version: PolicyVersion, inForce: Bool, history: [PolicyVersion], frame: Layout.Frame) -> HTML {
        let versions = history.html { entry in
            "<li><a href=\"/aup/\(entry.version)\">\(entry.version)</a>, in force from \(WebTime.format(entry.effectiveAt)) (published \(WebTime.format(entry.publishedAt)))</li>"
        }
        let state: HTML = inForce ? "This version is in force since \(WebTime.format(version.effectiveAt))."
            : "Version \(version.version), in force from \(WebTime.format(version.effectiveAt)). <a href=\"/aup\">The version in force now</a>."
        return Layout.page("Acceptable Use Policy", frame, main: """
            <p class="muted" id="policy-version">\(state)</p>
            <article class="policy">\(Markdown.render(markdown))</article>
            <h2>Versions</h2><ul>\(versions)</ul>
            """)
    }

    public static func reportForm(_ form: PublicReportForm, problems: [String], frame: Layout.Frame) -> HTML {
        let categories = PublicReportForm.categories.html { category in
            form.category == category.value ? "<option value=\"\(category.value)\" selected>\(category.label)</option>" : "<option value=\"\(category.value)\">\(category.label)</option>"
        }
        let problemList: HTML = problems.isEmpty ? .empty : "<div class=\"error\" role=\"alert\" id=\"problems\"><p>The report was not sent:</p><ul>\(problems.html { "<li>\($0)</li>" })</ul></div>"
        return Layout.page("Report abuse", frame, main: """
            <p>Tell us about abuse coming from our network. We act on what can be checked: give the address, the time and what happened.
            One report alone from an unknown source does not suspend a service, but it starts a case.</p>
            \(problemList)
            <form method="post" action="/report" id="report-form">
            <label for="r-category">What happened</label><select id="r-category" name="category">\(categories)</select>
            <label for="r-email">Your e-mail address (for our answer)</label><input type="email" id="r-email" name="email" value="\(form.email)" required>
            <label for="r-name">Your name or organisation</label><input type="text" id="r-name" name="name" value="\(form.name)">
            <label for="r-target">IP address or URL in our network</label><input type="text" id="r-target" name="target" value="\(form.target)" required>
            <label for="r-time">When (UTC, e.g. 2026-11-29 14:05)</label><input type="text" id="r-time" name="time" value="\(form.time)">
            <label for="r-description">What you saw (logs, headers, a description)</label><textarea id="r-description" name="description" required>\(form.description)</textarea>
            <fieldset><legend>For intellectual-property complaints (all three are required by our policy)</legend>
            <label for="r-prior">Your attempt to contact the infringing party first, and its result</label><textarea id="r-prior" name="prior_contact">\(form.priorContact)</textarea>
            <label for="r-material">The infringing material: its name and its domain or IP address</label><textarea id="r-material" name="material">\(form.material)</textarea>
            <label for="r-proof">Official proof that you own the right (registration number, certificate, link to the register)</label><textarea id="r-proof" name="proof">\(form.proof)</textarea>
            </fieldset>
            <button type="submit">Send report</button></form>
            """)
    }

    public static func acknowledgement(reference: String, frame: Layout.Frame) -> HTML {
        Layout.page("Report received", frame, main: """
            <p>Thank you. Your report's reference is <strong id="reference">\(reference)</strong>. Quote it if you write to us about this report.</p>
            """)
    }
}
