import BailiffCore

/// The staff queue: filters, a page of cases in urgency order, bulk actions.
public enum QueuePage {
    public struct Content: Sendable {
        public var query: CaseQueueQuery
        public var cases: [CaseSummary]
        public var total: Int
        public var now: Int64
        public var staffName: String
        public var mayWork: Bool

        public init(query: CaseQueueQuery, cases: [CaseSummary], total: Int, now: Int64, staffName: String, mayWork: Bool) {
            self.query = query; self.cases = cases; self.total = total; self.now = now; self.staffName = staffName; self.mayWork = mayWork
        }
    }

    public static func render(_ content: Content, frame: Layout.Frame) -> HTML {
        let query = content.query
        let counted = content.total <= CaseQueueQuery.countLimit
        let pages = counted ? max(1, (content.total + query.pageSize - 1) / query.pageSize) : max(query.page + (content.cases.count == query.pageSize ? 1 : 0), 1)
        let rows = content.cases.html { row($0, content) }
        let bulk: HTML = content.mayWork ? """
            <div class="bulk"><label for="bulk-action">With the selected cases</label>
            <select id="bulk-action" name="action"><option value="assign-me">assign to me</option><option value="unassign">unassign</option>
            <option value="note">add the note below</option></select>
            <input type="text" name="text" placeholder="note (for 'add the note')" aria-label="note"> <button type="submit">Apply</button></div>
            """ : .empty
        return Layout.page("Queue", frame, main: """
            \(filters(query))
            <p class="muted"><span id="total">\(counted ? "\(content.total)" : "more than \(CaseQueueQuery.countLimit)")</span> cases · page \(query.page)\(counted ? " of \(pages)" : "")</p>
            <form method="post" action="/desk/bulk">\(Layout.csrfField(frame.csrf))
            <table class="queue"><thead><tr>\(content.mayWork ? "<th><span class=\"muted\">sel.</span></th>" as HTML : .empty)<th>Case</th><th>Category</th><th>Status</th><th>Deadline</th>\
            <th>Customer</th><th>Reseller</th><th>Service</th><th>Opened</th><th>Assignee</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(bulk)</form>
            \(pager(query, pages: pages))
            """)
    }

    static func row(_ summary: CaseSummary, _ content: Content) -> HTML {
        let deadline: HTML
        if let due = summary.deadline {
            deadline = due < content.now
                ? "<span class=\"overdue\">\(WebTime.relative(due, now: content.now))</span>"
                : "\(WebTime.relative(due, now: content.now))"
        } else {
            deadline = "<span class=\"muted\">—</span>"
        }
        let select: HTML = content.mayWork ? "<td><input type=\"checkbox\" name=\"ids\" value=\"\(summary.id)\" aria-label=\"select case \(summary.id)\"></td>" : .empty
        return """
            <tr>\(select)<td><a href="/desk/cases/\(summary.id)">#\(summary.id)</a></td><td>\(summary.category)</td>\
            <td><span class="status">\(summary.status)</span></td><td>\(deadline)</td>\
            <td><a href="/desk/lookup?customer=\(summary.customerID)">\(summary.customerID)</a></td><td>\(summary.resellerID ?? "—")</td>\
            <td>\(summary.serviceID)</td><td>\(WebTime.relative(summary.openedAt, now: content.now))</td><td>\(summary.assignee ?? "—")</td></tr>
            """
    }

    static func filters(_ query: CaseQueueQuery) -> HTML {
        func option(_ value: String, _ label: String, selected: Bool) -> HTML {
            selected ? "<option value=\"\(value)\" selected>\(label)</option>" : "<option value=\"\(value)\">\(label)</option>"
        }
        let states = CaseQueueQuery.State.allCases.html { option($0.rawValue, $0.rawValue, selected: query.status == nil && query.state == $0) }
        let statuses = option("", "any", selected: query.status == nil) + CaseStatus.allCases.html { option($0.rawValue, $0.rawValue, selected: query.status == $0) }
        let categories = option("", "any", selected: query.category == nil) + AbuseCategory.allCases.html { option($0.rawValue, $0.rawValue, selected: query.category == $0) }
        let dues = option("", "any", selected: query.due == nil) + option("overdue", "overdue", selected: query.due == .overdue) + option("day", "within 24 h", selected: query.due == .day)
        let assignee = query.assignee.map { $0.isEmpty ? "-" : $0 } ?? ""
        return """
            <form method="get" action="/desk" class="filters">
            <div><label for="f-state">State</label><select id="f-state" name="state">\(states)</select></div>
            <div><label for="f-status">Status</label><select id="f-status" name="status">\(statuses)</select></div>
            <div><label for="f-category">Category</label><select id="f-category" name="category">\(categories)</select></div>
            <div><label for="f-due">Deadline</label><select id="f-due" name="due">\(dues)</select></div>
            <div><label for="f-assignee">Assignee (- for none)</label><input type="text" id="f-assignee" name="assignee" value="\(assignee)" size="10"></div>
            <div><label for="f-reseller">Reseller</label><input type="text" id="f-reseller" name="reseller" value="\(query.resellerID)" size="8"></div>
            <div><label for="f-customer">Customer</label><input type="text" id="f-customer" name="customer" value="\(query.customerID)" size="8"></div>
            <div><label for="f-age">Opened ≥ days ago</label><input type="number" id="f-age" name="older_than_days" min="0" value="\(query.olderThanDays.map(String.init))" size="4"></div>
            <div><button type="submit">Filter</button></div></form>
            """
    }

    static func pager(_ query: CaseQueueQuery, pages: Int) -> HTML {
        var links = HTML.empty
        if query.page > 1 { links += "<a rel=\"prev\" href=\"\(link(query, page: query.page - 1))\">← newer page</a>" }
        if query.page < pages { links += "<a rel=\"next\" href=\"\(link(query, page: query.page + 1))\">next page →</a>" }
        return "<div class=\"pager\">\(links)</div>"
    }

    /// A link to another page of the same query.
    public static func link(_ query: CaseQueueQuery, page: Int) -> String {
        let items = query.parameters(page: page)
        return items.isEmpty ? "/desk" : "/desk?" + items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }
}

/// Percent-encodes a query-string component.
public func percentEncode(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: output.unicodeScalars.append(Unicode.Scalar(byte))
        default: output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return output
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
