/// The smaller staff pages: dashboard, triage, lookup, policy history, audit log.
public enum DeskPages {
    public struct Dashboard: Sendable {
        public var openByCategory: [(label: String, value: Int)]
        public var openByAge: [(label: String, value: Int)]
        public var eventsPerDay: [(label: String, value: Int)]
        public var dueSoon: [CaseSummary]
        public var topCustomers: [(label: String, value: Int)]
        public var topResellers: [(label: String, value: Int)]

        public init(openByCategory: [(label: String, value: Int)], openByAge: [(label: String, value: Int)], eventsPerDay: [(label: String, value: Int)],
                    dueSoon: [CaseSummary], topCustomers: [(label: String, value: Int)], topResellers: [(label: String, value: Int)]) {
            self.openByCategory = openByCategory; self.openByAge = openByAge; self.eventsPerDay = eventsPerDay; self.dueSoon = dueSoon
            self.topCustomers = topCustomers; self.topResellers = topResellers
        }
    }

    public static func dashboard(_ data: Dashboard, now: Int64, frame: Layout.Frame) -> HTML {
        let due = data.dueSoon.html { "<li><a href=\"/desk/cases/\($0.id)\">#\($0.id)</a> \($0.category) — \($0.deadline.map { WebTime.relative($0, now: now) } ?? "")</li>" }
        return Layout.page("Dashboard", frame, main: """
            \(BarChart(title: "Open cases by category", bars: data.openByCategory).svg())
            \(BarChart(title: "Open cases by age", bars: data.openByAge).svg())
            \(BarChart(title: "New events per day (last 14 days)", bars: data.eventsPerDay).svg())
            <h2>Deadlines in the next 24 hours</h2><ul id="due">\(due)</ul>
            \(BarChart(title: "Customers with the most open cases", bars: data.topCustomers).svg())
            \(BarChart(title: "Resellers with the most open cases", bars: data.topResellers).svg())
            """)
    }

    /// A page that is one table (triage, lookup results, policy versions, audit log).
    public static func table(_ title: String, intro: HTML = .empty, headings: [String], rows: [[HTML]], after: HTML = .empty, frame: Layout.Frame) -> HTML {
        let head = headings.html { "<th>\($0)</th>" }
        let body = rows.html { row in "<tr>\(row.html { "<td>\($0)</td>" })</tr>" }
        return Layout.page(title, frame, main: "\(intro)<table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>\(after)")
    }
}
