import ArgumentParser
import BailiffCore
import BailiffNet
import BailiffServer
import BailiffStore
import Foundation
import Logging

/// `bailiff dnsbl`: ask blocklists about addresses.
struct DNSBL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnsbl",
        abstract: "Blocklists (DNSBLs): check addresses, sweep the provider's space, see the listing history, attribute a provider case.",
        subcommands: [Check.self, Sweep.self, Listings.self, Attribute.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check addresses: one line (or JSON object) per address and list with the verdict (listed, clean, unknown), the codes and the TXT reason.",
            discussion: """
                Without --zone: the lists of the configuration (dnsbl.lists, dnsbl.lists_file) through dnsbl.server; each list's \
                RFC 5782 test points are checked first. With --zone (and usually --server): that one zone, like dig, codes read \
                as abuse except 127.0.0.1 and 127.255.255.0/24 (errors). Exit status 0 when every query got a verdict, 1 when any is unknown.
                """)
        @OptionGroup var common: CommonOptions
        @Argument(help: "IPv4 or IPv6 addresses, or IPv4 prefixes of /16 or longer (every address in them).") var addresses: [String]
        @Option(help: "One zone to ask instead of the configured lists (e.g. zen.spamhaus.org).") var zone: String?
        @Option(help: "DNS server host:port (default: dnsbl.server, else /etc/resolv.conf).") var server: String?
        @Flag(help: "JSON lines instead of text.") var json = false
        @Flag(help: "Skip the test-point check of each list.") var noTestPoints = false
        @Flag(help: "Print only listings and unknown answers (for prefixes).") var notClean = false
        @Flag(help: "Print the number of queries and the rate to standard error at the end.") var summary = false

        func validate() throws {
            guard !addresses.isEmpty else { throw ValidationError("give at least one address") }
            if let server, DNSClient.Server(parsing: server) == nil { throw ValidationError("--server must be host:port") }
        }

        func run() async throws {
            let configuration = try common.loadConfiguration()
            var parsed: [IPAddress] = []
            for text in addresses {
                if text.contains("/") {
                    guard let prefix = try? IPPrefix(parsing: text), prefix.family == .v4, prefix.length >= 16 else {
                        throw ValidationError("'\(text)' must be an IPv4 prefix of /16 or longer (an IPv6 network cannot be swept: give its addresses)")
                    }
                    let count = UInt32(1) << UInt32(32 - prefix.length)
                    let network = UInt32(truncatingIfNeeded: prefix.bits)
                    for offset in 0..<count { parsed.append(.v4(IPv4Address(network &+ offset))) }
                } else {
                    guard let address = IPAddress(text) else { throw ValidationError("'\(text)' is not an IPv4 or IPv6 address") }
                    parsed.append(address)
                }
            }
            let lists: [DNSBLList]
            if let zone {
                lists = [DNSBLList(name: zone, zone: zone, ipv4: true, ipv6: true, codes: [], otherCodes: .abuse, enabled: true)]
            } else {
                lists = try configuration.blocklists()
                guard !lists.isEmpty else {
                    throw ValidationError("no blocklist is configured: set dnsbl.lists (\(DNSBLCatalogue.lists.map(\.name).joined(separator: ", "))) or dnsbl.lists_file, or give --zone")
                }
            }
            let target = server.flatMap(DNSClient.Server.init(parsing:)) ?? configuration.blocklistServer
            let client = try await DNSClient.connect(to: target, options: configuration.blocklistQueryOptions)
            let checker = DNSBLChecker(client: client, window: configuration.dnsbl.window)
            let started = ContinuousClock.now
            let (results, canaries) = await checker.check(parsed, lists: lists, testPoints: zone == nil && !noTestPoints)
            let elapsed = ContinuousClock.now - started
            await client.close()
            if summary {
                let seconds = elapsed.inSeconds
                let counts = Dictionary(grouping: results, by: \.verdict.state).mapValues(\.count)
                let line = String(format: "%d lookups in %.2f s: %.0f lookups/s; listed %d, clean %d, unknown %d; %d stray datagrams\n", results.count, seconds,
                                  Double(results.count) / max(seconds, 1e-9), counts[.listed] ?? 0, counts[.clean] ?? 0, counts[.unknown] ?? 0, client.strayDatagrams)
                FileHandle.standardError.write(Data(line.utf8))
            }
            for canary in canaries where !canary.usable {
                FileHandle.standardError.write(Data("list \(canary.list) failed its test points, its answers are not used: \(canary.problems.joined(separator: "; "))\n".utf8))
            }
            let order = Dictionary(parsed.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: min)
            // Sorted by the address's place on the command line, then the list: keys made once, not in every comparison.
            let keys = results.map { (order[$0.address] ?? 0, $0.list) }
            for index in results.indices.sorted(by: { keys[$0] < keys[$1] }) where !notClean || results[index].verdict.state != .clean {
                print(json ? Self.json(results[index]) : Self.line(results[index]))
            }
            if results.contains(where: { $0.verdict.state == .unknown }) { throw ExitCode(1) }
        }

        static func line(_ result: DNSBLChecker.Result) -> String {
            let codes = result.verdict.codes.map { "\($0.code)(\($0.codeClass.rawValue))" }.joined(separator: ",")
            return [result.address.description, result.zone, result.verdict.state.rawValue, codes.isEmpty ? "-" : codes,
                    result.verdict.text ?? result.verdict.reason].joined(separator: "\t")
        }

        static func json(_ result: DNSBLChecker.Result) -> String {
            let q = JSONText.quote
            let codes = result.verdict.codes.map { "{\"code\": \(q($0.code)), \"class\": \(q($0.codeClass.rawValue)), \"meaning\": \(q($0.meaning))}" }
            return "{\"ip\": \(q(result.address.description)), \"list\": \(q(result.list)), \"zone\": \(q(result.zone)), \"verdict\": \(q(result.verdict.state.rawValue)), "
                + "\"codes\": [\(codes.joined(separator: ", "))], \"reason\": \(q(result.verdict.reason)), \"txt\": \(result.verdict.text.map(q) ?? "null")}"
        }
    }
}

extension DNSBL {
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sweep now: the provider's space (or the given addresses) against the configured lists; new listings become events and cases.",
            discussion: """
                IPv4: every address of the provider's networks; IPv6: assigned single addresses and those reports and flows named in \
                the last 30 days. New abuse listings of customers' addresses are stored as a sensor report (a running server turns them \
                into delisting cases within seconds); listings of the provider's own addresses and of ranges open provider cases; \
                listings gone from a list are marked delisted. Exit status 1 when any answer was unknown.
                """)
        @OptionGroup var common: CommonOptions
        @Argument(help: "Only these addresses (default: the whole space).") var addresses: [String] = []
        @Flag(help: "One JSON object instead of text.") var json = false

        func run() async throws {
            var only: [IPAddress]?
            if !addresses.isEmpty {
                only = try addresses.map { text in
                    guard let address = IPAddress(text) else { throw ValidationError("'\(text)' is not an IP address") }
                    return address
                }
            }
            let outcome = try await common.withStore { store, configuration in
                let policies = PolicyCache(store: store, maximumAgeSeconds: 0)
                guard let sweeper = try DNSBLSweeper.configured(
                    configuration, store: store, table: { AttributionTable(try await InventoryRepository(store).loadSnapshot()) },
                    policies: { try await policies.history() }, registry: nil, logger: Logger(label: "bailiff.dnsbl"))
                else {
                    throw ValidationError("no blocklist is configured: set dnsbl.lists (\(DNSBLCatalogue.lists.map(\.name).joined(separator: ", "))) or dnsbl.lists_file")
                }
                return try await sweeper.sweep(only: only, trigger: only == nil ? "command" : "command: \(only!.count) addresses", now: Int64(Date().timeIntervalSince1970))
            }
            let seconds = outcome.duration.inSeconds
            if json {
                let q = JSONText.quote
                let appeared = outcome.appeared.map { "{\"ip\": \(q($0.address.description)), \"list\": \(q($0.list)), \"codes\": \(q($0.codesText))}" }
                print("{\"sweep\": \(outcome.sweepID), \"addresses\": \(outcome.addresses), \"queries\": \(outcome.queries), \"listed\": \(outcome.listed), "
                    + "\"unknown\": \(outcome.unknown), \"new\": [\(appeared.joined(separator: ", "))], \"customer_listings\": \(outcome.customerListings), "
                    + "\"provider_cases\": [\(outcome.providerCases.map(String.init).joined(separator: ", "))], \"delisted\": \(outcome.delisted), "
                    + "\"unusable\": {\(outcome.unusable.sorted { $0.key < $1.key }.map { "\(q($0.key)): \(q($0.value))" }.joined(separator: ", "))}, "
                    + "\"seconds\": \(String(format: "%.3f", seconds))}")
            } else {
                print("sweep \(outcome.sweepID): \(outcome.addresses) addresses, \(outcome.queries) queries in \(String(format: "%.1f", seconds)) s; "
                    + "\(outcome.listed) listed, \(outcome.unknown) unknown")
                for observation in outcome.appeared { print("new listing\t\(observation.address)\t\(observation.list)\t\(observation.codesText)") }
                print("\(outcome.customerListings) customer listing(s) reported; provider cases: "
                    + (outcome.providerCases.isEmpty ? "none" : outcome.providerCases.map { "#\($0)" }.joined(separator: ", "))
                    + "; \(outcome.delisted) delisted")
                for (list, why) in outcome.unusable.sorted(by: { $0.key < $1.key }) { print("not used: \(list): \(why)") }
            }
            if outcome.unknown > 0 { throw ExitCode(1) }
        }
    }

    struct Listings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The listing history: open listings, or every listing of one address (listed since, delisted at, codes, reason).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "One address (default: every open listing).") var address: String?

        func run() async throws {
            var ip: IPAddress?
            if let address {
                guard let parsed = IPAddress(address) else { throw ValidationError("'\(address)' is not an IP address") }
                ip = parsed
            }
            let listings = try await common.withStore { store, _ in try await BlocklistRepository(store).listings(address: ip, openOnly: ip == nil) }
            print("address,list,class,codes,listed_since,last_seen,delisted_at,route,service,case,reason")
            for listing in listings {
                print([listing.sighting.address.description, listing.sighting.list, listing.sighting.codeClass, listing.sighting.codes,
                       Timestamp.format(listing.listedSince), Timestamp.format(listing.lastSeen), listing.delistedAt.map(Timestamp.format) ?? "",
                       listing.route, listing.serviceID ?? "", listing.caseID.map(String.init) ?? "", listing.sighting.reason ?? ""]
                    .map(Charges.csvField).joined(separator: ","))
            }
        }
    }

    struct Attribute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attribute a provider case's listings to a customer's service from evidence (audited); the service's delisting case follows the policy.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The provider case.") var caseID: Int64
        @Option(help: "The service that caused the listing.") var service: String
        @Option(help: "Who attributes.") var staff: String
        @Option(help: "The evidence, in a few words (reports, flows, mail logs).") var evidence: String

        func run() async throws {
            let count = try await common.withStore { store, _ in
                try await BlocklistRepository(store).attribute(providerCaseID: caseID, to: service, staff: staff, evidence: evidence, now: Int64(Date().timeIntervalSince1970))
            }
            print("case \(caseID): \(count) listing(s) attributed to service \(service); its delisting case opens with the next case run")
        }
    }
}
