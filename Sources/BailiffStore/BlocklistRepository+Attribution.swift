import BailiffCore
import FluentKit
import Foundation
import SQLKit

extension BlocklistRepository {
    /// Why a provider case cannot be attributed.
    public struct AttributionRefusal: Error, CustomStringConvertible {
        public var description: String
    }

    /// Staff attribute a provider case's listings to a customer's service, from evidence they
    /// name (reports, flows, mail logs). In one transaction: the staff statement is kept as
    /// evidence (never parsed as a report), each listing becomes a `blocklisted` event of that
    /// service — which the case service puts on the customer's delisting case like any event —
    /// and the provider case is resolved, pointing there. Returns the number of events.
    @discardableResult
    public func attribute(providerCaseID: Int64, to serviceID: String, staff: String, evidence: String, now: Int64) async throws -> Int {
        guard evidence.split(separator: " ").count >= 4 else {
            throw AttributionRefusal(description: "name the evidence in a few words (which reports, flows or mail logs show the customer sent from there): a fee follows from it")
        }
        let listings = try await listings(caseID: providerCaseID)
        return try await store.writeTransaction { sql in
            guard let record = try await CaseRepository.find(id: providerCaseID, on: sql), ProviderCase.isProviderCase(serviceID: record.serviceID) else {
                throw AttributionRefusal(description: "case \(providerCaseID) is not a provider case: only listings of the provider's own addresses or ranges are attributed this way")
            }
            guard record.closedAt == nil else { throw AttributionRefusal(description: "case \(providerCaseID) is already \(record.status)") }
            guard !listings.isEmpty else { throw AttributionRefusal(description: "case \(providerCaseID) has no blocklist listing to attribute") }
            guard let service = try await sql.raw("""
                SELECT s.customer_id, c.reseller_id FROM services s JOIN customers c ON c.id = s.customer_id WHERE s.id = \(bind: serviceID)
                """).first()
            else { throw AttributionRefusal(description: "no service \(serviceID) in the inventory (check `bailiff whois` or the lookup page)") }
            let customerID = try service.decode(column: "customer_id", as: String.self)
            let resellerID = try service.decode(column: "reseller_id", as: String?.self)

            let statement = Array("""
                Attribution of blocklist listings by staff:\(staff) at \(Timestamp.format(now))
                provider case: \(providerCaseID)
                service: \(serviceID) (customer \(customerID))
                evidence: \(evidence)
                listings:
                \(listings.map { "  \($0.sighting.address) on \($0.sighting.list) since \(Timestamp.format($0.listedSince)): \($0.sighting.codes)" }.joined(separator: "\n"))

                """.utf8)
            let sha256 = try await EvidenceRepository.keepForCase(
                statement, caseID: providerCaseID, channel: .staff, from: "staff:\(staff)", format: Self.attributionFormat,
                reason: "staff:\(staff) attributed provider case #\(providerCaseID) to service \(serviceID)", clientAddress: nil, now: now, on: sql)
            for (position, listing) in listings.enumerated() {
                try await sql.insert(into: "report_events")
                    .columns("sha256", "position", "ip", "category", "occurred_at", "time_source", "reporter", "excerpt", "attribution",
                             "service_id", "customer_id", "reseller_id")
                    .values(SQLBind(sha256), SQLBind(position), SQLBind(listing.sighting.address.description), SQLBind(AbuseCategory.blocklisted.rawValue),
                            SQLBind(listing.listedSince), SQLBind("report"), SQLBind("sensor:dnsbl"),
                            SQLBind(String("\(listing.sighting.address) listed on \(listing.sighting.list): \(listing.sighting.codes); attributed by staff:\(staff): \(evidence)".prefix(1_000))),
                            SQLBind("service"), SQLBind(serviceID), SQLBind(customerID), SQLBind(resellerID))
                    .ignoringConflicts(with: ["sha256", "position"]).run()
            }
            try await sql.update("dnsbl_listings").set("service_id", to: serviceID).set("customer_id", to: customerID)
                .where("case_id", .equal, providerCaseID).run()
            let decision = Decision(actions: [], status: .resolved, rung: record.rung, pendingRung: nil, deadline: nil, clause: record.clause,
                                    policyVersion: record.policyVersion,
                                    reason: "attributed by staff:\(staff) to service \(serviceID) (customer \(customerID)): \(evidence)")
            try await CaseRepository.apply(decision, to: record, actor: "staff:\(staff)", now: now, on: sql)
            return listings.count
        }
    }

    /// The parse format of a staff attribution statement (kept out of re-parsing).
    public static let attributionFormat = "staff-attribution"
}
