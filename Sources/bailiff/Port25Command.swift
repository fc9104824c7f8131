import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import Foundation

/// `bailiff port25`: open outbound port 25 for one address on request, close it, see the ruleset.
struct Port25: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port25",
        abstract: "Outbound port 25: requests and their review, approve or revoke an address, history, the nftables ruleset.",
        discussion: "A running server with port25.enabled loads the ruleset within seconds of a change.",
        subcommands: [Request.self, Requests.self, Decide.self, History.self, Approve.self, Revoke.self, List.self, Render.self])

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

extension Port25 {
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a request to open port 25 for an address: the rules approve it at once or it waits for review; prints the checks.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The address a service holds.") var address: String
        @Option(help: "What the server sends and to whom.") var purpose: String
        @Option(help: "File it for this customer (the address must be theirs); default: as staff.") var customer: String?
        @Option(help: "Who files it (staff name).") var staff: String

        func run() async throws {
            guard let ip = IPAddress(address) else { throw ValidationError("'\(address)' is not an IP address") }
            let filed = try await common.withStore { store, configuration in
                try await Port25RequestService.configured(configuration, store: store)
                    .submit(address: ip, purpose: purpose, by: customer.map { .customer($0) } ?? .staff(actor: "staff:\(staff)"), now: Int64(Date().timeIntervalSince1970))
            }
            print("request \(filed.id): \(filed.status.rawValue)\n\(filed.explanation)")
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print requests (default: those waiting for review) as CSV.")
        @OptionGroup var common: CommonOptions
        @Option(help: "approved, pending-review, refused or all.") var status = "pending-review"

        func run() async throws {
            let wanted = Port25RequestDecision.Outcome(rawValue: status)
            guard wanted != nil || status == "all" else { throw ValidationError("--status must be approved, pending-review, refused or all") }
            let requests = try await common.withStore { store, _ in try await Port25Repository(store).requests(status: wanted, limit: 10_000) }
            print("id,address,service,customer,requested_by,requested_at,status,purpose,reverse_dns,explanation")
            for request in requests {
                print([String(request.id), request.address.description, request.serviceID, request.customerID, request.requestedBy, Timestamp.format(request.requestedAt),
                       request.status.rawValue, request.purpose, request.reverseDNS ?? "", request.explanation].map(Charges.csvField).joined(separator: ","))
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve or refuse a request waiting for review (audited; the customer reads the reason).")
        @OptionGroup var common: CommonOptions
        @Argument var id: Int64
        @Flag(help: "Approve (port 25 opens).") var approve = false
        @Flag(help: "Refuse.") var refuse = false
        @Option(help: "Who decides.") var staff: String
        @Option(help: "Why, in a few words.") var reason: String

        func validate() throws { guard approve != refuse else { throw ValidationError("give --approve or --refuse") } }

        func run() async throws {
            let decided = try await common.withStore { store, _ in
                try await Port25Repository(store).decide(requestID: id, approve: approve, staff: staff, reason: reason, now: Int64(Date().timeIntervalSince1970))
            }
            print("request \(decided.id): \(decided.status.rawValue)")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every request, opening and closing of port 25 for one address.")
        @OptionGroup var common: CommonOptions
        @Argument var address: String

        func run() async throws {
            guard let ip = IPAddress(address) else { throw ValidationError("'\(address)' is not an IP address") }
            let history = try await common.withStore { store, _ in try await Port25Repository(store).history(ip) }
            print("at,what,who,detail")
            for entry in history { print([Timestamp.format(entry.at), entry.kind, entry.actor, entry.text].map(Charges.csvField).joined(separator: ",")) }
        }
    }
}
