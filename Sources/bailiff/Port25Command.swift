import ArgumentParser
import BailiffCore
import BailiffStore
import Foundation

/// `bailiff port25`: open outbound port 25 for one address on request, close it, see the ruleset.
struct Port25: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port25",
        abstract: "Outbound port 25: approve or revoke an address, list approvals, print the nftables ruleset.",
        discussion: "A running server with port25.enabled loads the ruleset within seconds of a change.",
        subcommands: [Approve.self, Revoke.self, List.self, Render.self])

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow one customer address to send mail on port 25 (audited).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The address (IPv4 or IPv6) held by the customer's service.") var address: String
        @Option(help: "Who approves.") var staff: String
        @Option(help: "Why, in a few words (the customer's request and mail setup).") var reason: String

        func run() async throws {
            guard let ip = IPAddress(address) else { throw ValidationError("'\(address)' is not an IP address") }
            let service = try await common.withStore { store, _ in
                try await Port25Repository(store).approve(ip, staff: staff, reason: reason, now: Int64(Date().timeIntervalSince1970))
            }
            print("port 25 approved for \(ip) (service \(service))")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close port 25 again for one address (audited).")
        @OptionGroup var common: CommonOptions
        @Argument var address: String
        @Option(help: "Who revokes.") var staff: String
        @Option(help: "Why.") var reason: String

        func run() async throws {
            guard let ip = IPAddress(address) else { throw ValidationError("'\(address)' is not an IP address") }
            let revoked = try await common.withStore { store, _ in
                try await Port25Repository(store).revoke(ip, actor: "staff:\(staff)", because: reason, now: Int64(Date().timeIntervalSince1970))
            }
            print(revoked ? "port 25 closed for \(ip)" : "\(ip) had no approval; nothing changed")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the approvals in force.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let approvals = try await common.withStore { store, _ in try await Port25Repository(store).approvals() }
            print("address,service,approved_by,approved_at,reason")
            for approval in approvals {
                print([approval.address.description, approval.serviceID, approval.approvedBy, Timestamp.format(approval.approvedAt), approval.reason]
                    .map(Charges.csvField).joined(separator: ","))
            }
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the nftables ruleset for the approvals in force (for nft -f).")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let (approvals, settings) = try await common.withStore { store, configuration in (try await Port25Repository(store).approvals(), configuration.port25) }
            print(Port25Ruleset(placement: settings.placement, table: settings.table, allowed: approvals.map(\.address)).render(), terminator: "")
        }
    }
}
