import BailiffCore

/// Outbound port 25: the customer's addresses and their requests in the portal; the review
/// queue, the approvals in force and an address's history on the desk.
public enum Port25Pages {
    /// A request as pages show it.
    public struct RequestLine: Sendable, Hashable {
        public var id: Int64
        public var address: String
        public var serviceID: String
        public var customerID: String
        public var requestedBy: String
        public var purpose: String
        public var requestedAt: Int64
        public var status: String
        public var explanation: String
        public var reverseDNS: String?

        public init(id: Int64, address: String, serviceID: String, customerID: String, requestedBy: String, purpose: String, requestedAt: Int64,
                    status: String, explanation: String, reverseDNS: String?) {
            self.id = id; self.address = address; self.serviceID = serviceID; self.customerID = customerID; self.requestedBy = requestedBy
            self.purpose = purpose; self.requestedAt = requestedAt; self.status = status; self.explanation = explanation; self.reverseDNS = reverseDNS
        }
    }

    /// One of the customer's addresses and whether port 25 is open for it.
    public struct AddressLine: Sendable, Hashable {
        public var address: String
        public var serviceID: String
        public var open: Bool
        public init(address: String, serviceID: String, open: Bool) { self.address = address; self.serviceID = serviceID; self.open = open }
    }

    /// One event of an address's history.
    public struct HistoryLine: Sendable, Hashable {
        public var at: Int64
        public var kind: String
        public var actor: String
        public var text: String
        public init(at: Int64, kind: String, actor: String, text: String) { self.at = at; self.kind = kind; self.actor = actor; self.text = text }
    }

    static func requestRows(_ requests: [RequestLine], showCustomer: Bool) -> HTML {
        requests.html { line in
            """
            <tr id="request-\(line.id)"><td>\(line.id)</td><td>\(line.address)</td><td>\(line.serviceID)</td>\
            \(showCustomer ? "<td>\(line.customerID)</td><td>\(line.requestedBy)</td>" as HTML : .empty)\
            <td>\(WebTime.format(line.requestedAt))</td><td><span class="status">\(line.status)</span></td>\
            <td>\(line.purpose)</td><td><pre class="evidence">\(line.explanation)</pre></td></tr>
            """
        }
    }

    /// The portal page: the addresses, a request form for the closed ones, the requests so far.
    public static func portal(addresses: [AddressLine], requests: [RequestLine], frame: Layout.Frame) -> HTML {
        let closed = addresses.filter { !$0.open }
        let addressRows = addresses.html { "<tr><td>\($0.address)</td><td>\($0.serviceID)</td><td>\($0.open ? "open" : "closed")</td></tr>" }
        let form: HTML = """
            <h2>Ask for port 25</h2>
            <form method="post" action="/portal/port25" id="port25-request">\(Layout.csrfField(frame.csrf))
            <label for="port25-address">Address (one of your services' addresses)</label>
            <input type="text" id="port25-address" name="address" list="port25-closed" required maxlength="45">
            <datalist id="port25-closed">\(closed.html { "<option value=\"\($0.address)\">\($0.serviceID)</option>" })</datalist>
            <label for="port25-purpose">What the server sends and to whom (its mail setup, the HELO name, how recipients opted in)</label>
            <textarea id="port25-purpose" name="purpose" required minlength="10" maxlength="2000"></textarea>
            <button type="submit">Send the request</button></form>
            """
        return Layout.page("Outbound mail (port 25)", frame, main: """
            <p>Outbound connections to port 25 (SMTP) are closed by default under the Acceptable Use Policy and opened per address on request. \
            A confirmed spam case or a blocklisting of the address closes the port again.</p>
            <table id="port25-addresses"><thead><tr><th>Address</th><th>Service</th><th>Port 25</th></tr></thead><tbody>\(addressRows)</tbody></table>
            \(form)
            <h2>Your requests</h2>
            <table id="port25-requests"><thead><tr><th>#</th><th>Address</th><th>Service</th><th>Asked</th><th>Status</th><th>Purpose</th><th>Decision</th></tr></thead>\
            <tbody>\(requestRows(requests, showCustomer: false))</tbody></table>
            \(requests.isEmpty ? "<p>No requests yet.</p>" as HTML : .empty)
            """)
    }

    /// The desk page: requests waiting for review with a decision form each, recent decisions,
    /// the approvals in force, and the history of one address when asked.
    public static func desk(pending: [RequestLine], recent: [RequestLine], approvals: [(address: String, serviceID: String, approvedBy: String, at: Int64, reason: String)],
                            history: (address: String, lines: [HistoryLine])?, mayDecide: Bool, frame: Layout.Frame) -> HTML {
        let pendingRows = pending.html { line in
            let decide: HTML = mayDecide ? """
                <form method="post" action="/desk/port25/\(line.id)/decision" id="decide-\(line.id)">\(Layout.csrfField(frame.csrf))
                <label>Reason (the customer reads it)<textarea name="reason" required minlength="10"></textarea></label>
                <button type="submit" name="decision" value="approve">Approve</button> <button type="submit" name="decision" value="refuse" class="danger">Refuse</button></form>
                """ : .empty
            return """
                <tr id="pending-\(line.id)"><td>\(line.id)</td><td><a href="/desk/port25?address=\(line.address)">\(line.address)</a></td><td>\(line.serviceID)</td>\
                <td>\(line.customerID)</td><td>\(line.requestedBy)</td><td>\(WebTime.format(line.requestedAt))</td><td>\(line.purpose)</td>\
                <td><pre class="evidence">\(line.explanation)</pre></td><td>\(decide)</td></tr>
                """
        }
        let approvalRows = approvals.html {
            "<tr><td><a href=\"/desk/port25?address=\($0.address)\">\($0.address)</a></td><td>\($0.serviceID)</td><td>\($0.approvedBy)</td><td>\(WebTime.format($0.at))</td><td>\($0.reason)</td></tr>"
        }
        let historyHTML: HTML = history.map { history in
            """
            <h2 id="history">History of \(history.address)</h2>
            <table><thead><tr><th>When</th><th>What</th><th>Who</th><th>Detail</th></tr></thead><tbody>\
            \(history.lines.html { "<tr><td>\(WebTime.format($0.at))</td><td>\($0.kind)</td><td>\($0.actor)</td><td>\($0.text)</td></tr>" })</tbody></table>
            \(history.lines.isEmpty ? "<p>Nothing recorded for this address.</p>" as HTML : .empty)
            """
        } ?? .empty
        return Layout.page("Port 25", frame, main: """
            <form method="get" action="/desk/port25" class="inline"><label>History of an address <input type="text" name="address"></label><button type="submit">Show</button></form>
            \(historyHTML)
            <h2>Waiting for review</h2>
            <table id="port25-pending"><thead><tr><th>#</th><th>Address</th><th>Service</th><th>Customer</th><th>Asked by</th><th>Asked</th><th>Purpose</th><th>Checks</th><th>Decision</th></tr></thead>\
            <tbody>\(pendingRows)</tbody></table>
            \(pending.isEmpty ? "<p>No request is waiting.</p>" as HTML : .empty)
            <h2>Open now</h2>
            <table id="port25-open"><thead><tr><th>Address</th><th>Service</th><th>Approved by</th><th>Since</th><th>Why</th></tr></thead><tbody>\(approvalRows)</tbody></table>
            <h2>Recent decisions</h2>
            <table><thead><tr><th>#</th><th>Address</th><th>Service</th><th>Customer</th><th>Asked by</th><th>Asked</th><th>Status</th><th>Purpose</th><th>Decision</th></tr></thead>\
            <tbody>\(requestRows(recent, showCustomer: true))</tbody></table>
            """)
    }
}
