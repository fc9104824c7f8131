import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// The desk's blocklist page: the last sweeps, the listings open now (or one address's history),
/// each with where it went — a customer's delisting case, a provider case, information only.
extension DeskController {
    func registerBlocklists(_ desk: any RoutesBuilder) {
        desk.get("blocklists", use: blocklistsPage)
    }

    @Sendable func blocklistsPage(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            let repository = BlocklistRepository(web.store)
            var frame = staff.frame
            let address = addressQuery(request, frame: &frame)
            let sweeps = try await repository.sweeps(limit: 10)
            let sweepRows = sweeps.html { sweep in
                let unusable: HTML = sweep.unusableLists.isEmpty ? "—" : "\(sweep.unusableLists.joined(separator: "; "))"
                return "<tr><td>\(sweep.id)</td><td>\(WebTime.format(sweep.startedAt))</td><td>\(sweep.trigger)</td><td>\(sweep.addresses)</td><td>\(sweep.queries)</td><td>\(sweep.listed)</td><td>\(sweep.unknown)</td><td>\(String(format: "%.1f s", Double(sweep.durationMilliseconds) / 1_000))</td><td>\(unusable)</td></tr>"
            }
            let intro: HTML = """
                <form method="get" action="/desk/blocklists" class="inline"><label>History of an address <input type="text" name="address"></label><button type="submit">Show</button></form>
                <h2>Sweeps</h2>
                <table id="sweeps"><thead><tr><th>#</th><th>When</th><th>Why</th><th>Addresses</th><th>Queries</th><th>Listed</th><th>Unknown</th><th>Took</th><th>Lists not used</th></tr></thead><tbody>\(sweepRows)</tbody></table>
                \(sweeps.isEmpty ? "<p>No sweep yet: set dnsbl.lists and dnsbl.sweep_hours, or run <code>bailiff dnsbl sweep</code>.</p>" as HTML : .empty)
                <h2>\(address.map { "Every listing of \($0)" } ?? "Listed now")</h2>
                """
            let listings = try await repository.listings(address: address, openOnly: address == nil, limit: 500)
            let rows: [[HTML]] = listings.map { listing in
                let where_: HTML = listing.caseID.map { "<a href=\"/desk/cases/\($0)\">case #\($0)</a>" as HTML } ?? (listing.serviceID.map { "service \($0)" as HTML } ?? "\(listing.route)")
                return ["<a href=\"/desk/blocklists?address=\(listing.sighting.address.description)\">\(listing.sighting.address.description)</a>", "\(listing.sighting.list)",
                        "\(listing.sighting.codeClass)", "\(listing.sighting.codes)", "\(listing.sighting.reason ?? "")", "\(WebTime.format(listing.listedSince))",
                        "\(listing.delistedAt.map(WebTime.format) ?? "listed")", "\(listing.route)", where_]
            }
            return WebPage.html(DeskPages.table("Blocklists", intro: intro,
                                                headings: ["Address", "List", "Class", "Codes", "Reason", "Listed since", "Delisted", "Route", "Where"], rows: rows,
                                                after: listings.isEmpty ? "<p>No listing.</p>" : .empty, frame: frame))
        }
    }
}

extension DeskController {
    /// The `?address=` of a history form: the address, nil when none was asked for, or nil with
    /// the frame's error set when the text is not an address.
    func addressQuery(_ request: Request, frame: inout Layout.Frame) -> IPAddress? {
        guard let text = request.query[String.self, at: "address"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let address = IPAddress(text) else {
            frame.error = "'\(text)' is not an IP address."
            return nil
        }
        return address
    }
}
