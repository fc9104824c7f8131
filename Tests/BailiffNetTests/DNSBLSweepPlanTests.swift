@testable import BailiffCore
@testable import BailiffNet
import Testing

/// The sweep's reconciliation and routing, without a network: only a clean answer ends a
/// listing, an unknown one concludes nothing, and each class of code goes where the AUP puts it.
@Suite struct DNSBLSweepPlanTests {
    static func verdict(_ state: DNSBLVerdict.State, _ classes: [DNSBLList.CodeClass] = []) -> DNSBLVerdict {
        DNSBLVerdict(state: state, codes: classes.enumerated().map { .init(code: "127.0.0.\($0.offset + 2)", codeClass: $0.element, meaning: "m") }, reason: "r")
    }
    static let a = IPAddress("192.0.2.10")!, b = IPAddress("192.0.2.11")!, c = IPAddress("192.0.2.12")!, d = IPAddress("192.0.2.13")!

    @Test func onlyACleanAnswerEndsAListing() {
        let open = [DNSBLSweepPlan.OpenListing(id: 1, address: Self.a, list: "zen"), .init(id: 2, address: Self.b, list: "zen"),
                    .init(id: 3, address: Self.c, list: "zen"), .init(id: 4, address: Self.d, list: "other")]
        let plan = DNSBLSweepPlan(open: open, answers: [
            (Self.a, "zen", "zen.test", Self.verdict(.listed, [.abuse])),
            (Self.b, "zen", "zen.test", Self.verdict(.clean)),
            (Self.c, "zen", "zen.test", Self.verdict(.unknown)),
            (Self.d, "zen", "zen.test", Self.verdict(.listed, [.abuse])),   // open on another list only: new here
            (Self.a, "other", "o.test", Self.verdict(.clean)),              // never listed there: nothing
        ])
        #expect(plan.continued.map(\.id) == [1])
        #expect(plan.delisted.map(\.id) == [2])
        #expect(plan.undecided.map(\.id) == [3])
        #expect(plan.appeared.map(\.address) == [Self.d])
        // Listing 4 was not asked about on its list: left as it is.
        #expect(!(plan.delisted + plan.undecided).contains { $0.id == 4 })
    }

    @Test func eachClassGoesWhereThePolicyPutsIt() throws {
        let prefix = try IPPrefix(parsing: "192.0.2.10/32")
        let held = Attribution.service(ServiceAttribution(
            service: .init(id: "S1", label: "vps", kind: .vps, status: .active), customer: .init(id: "C1", name: "Kask"), reseller: .init(id: "R1", name: "North"),
            assignment: Assignment(prefix: prefix, serviceID: "S1", validity: Validity(from: 0, until: nil))))
        let relay = Attribution.providerInfrastructure(InfrastructureEntry(prefix: prefix, role: .mailRelay, label: "mx1"))
        let nobody = Attribution.unassigned(ProviderNetwork(prefix: try IPPrefix(parsing: "192.0.2.0/24"), label: "v4"))
        func observe(_ classes: [DNSBLList.CodeClass]) -> DNSBLSweepPlan.Observation {
            .init(address: Self.a, list: "zen", zone: "zen.test", verdict: Self.verdict(.listed, classes))
        }
        #expect(DNSBLListingRoute.route(observe([.abuse]), attribution: held) == .customer(serviceID: "S1", customerID: "C1", resellerID: "R1"))
        // Abuse outranks policy when one answer carries both (Spamhaus ZEN's SBL and PBL together).
        #expect(DNSBLListingRoute.route(observe([.policy, .abuse]), attribution: held) == .customer(serviceID: "S1", customerID: "C1", resellerID: "R1"))
        guard case .provider(let key, let why) = DNSBLListingRoute.route(observe([.abuse]), attribution: relay) else { Issue.record("relay"); return }
        #expect(key == "192.0.2.10" && why.contains("mail-relay mx1"))
        guard case .provider(let unheld, _) = DNSBLListingRoute.route(observe([.abuse]), attribution: nobody) else { Issue.record("nobody"); return }
        #expect(unheld == "192.0.2.10")
        // A range listing is the provider's, even for an address a customer holds; grouped by /24.
        guard case .provider(let range, _) = DNSBLListingRoute.route(observe([.neighbourhood]), attribution: held) else { Issue.record("range"); return }
        #expect(range == "zen 192.0.2.0/24")
        if case .information = DNSBLListingRoute.route(observe([.policy]), attribution: held) {} else { Issue.record("policy must be information") }
        if case .information = DNSBLListingRoute.route(observe([.abuse]), attribution: .notOurs) {} else { Issue.record("not ours must be information") }
        #expect(DNSBLListingRoute.range(of: IPAddress("2001:db8:1:2:3:4:5:6")!).description == "2001:db8:1:2::/64")
    }

    @Test func theSensorReportCarriesTheEvidence() throws {
        let observation = DNSBLSweepPlan.Observation(address: Self.a, list: "zen", zone: "zen.test",
                                                     verdict: DNSBLVerdict(state: .listed, codes: [.init(code: "127.0.0.2", codeClass: .abuse, meaning: "SBL")], reason: "r", text: "see https://x/SBL1"))
        #expect(DNSBLSweepPlan.sensorReport([], now: 0) == nil)
        let report = try #require(DNSBLSweepPlan.sensorReport([(observation, "https://delist.test")], now: 1_700_000_000))
        #expect(report.sensor == "dnsbl" && report.events.count == 1 && report.events[0].category == "blocklisted")
        #expect(report.events[0].evidence == ["TXT: see https://x/SBL1", "delisting: https://delist.test"])
        #expect(report.json().contains("\"summary\": \"192.0.2.10 is listed on zen (zen.test): 127.0.0.2 (abuse: SBL)\""))
    }
}
