import ArgumentParser
import BailiffCore
import BailiffStore
import Foundation

/// `bailiff charges export`: billing lines for the provider's billing system.
struct Charges: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export charges and non-refundable enforcement for billing.", subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print billing lines created since a date, as CSV (default) or JSON lines.")
        @OptionGroup var common: CommonOptions
        @Option(help: "RFC 3339 time or date.") var since: String
        @Option(help: "csv or json") var format = "csv"

        func validate() throws {
            guard Timestamp.parse(since) != nil else { throw ValidationError("--since must be a date or RFC 3339 time, e.g. 2026-01-01") }
            guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
        }

        func run() async throws {
            let start = try CommonOptions.instant(since, option: "--since")
            let lines = try await common.withStore { store, _ in try await ChargeRepository(store).export(since: start) }
            if format == "csv" { print("key,case,customer,service,kind,amount,currency,non_refundable,description,created_at") }
            for line in lines {
                let amount = FeeSchedule.amountText(minor: line.amountMinor)
                if format == "csv" {
                    let fields = [line.key, String(line.caseID), line.customerID, line.serviceID, line.kind, amount, line.currency,
                                  line.nonRefundable ? "true" : "false", line.description, Timestamp.format(line.createdAt)]
                    print(fields.map(Charges.csvField).joined(separator: ","))
                } else {
                    let quote = JSONText.quote
                    print("{\"key\": \(quote(line.key)), \"case\": \(line.caseID), \"customer\": \(quote(line.customerID)), \"service\": \(quote(line.serviceID)), "
                          + "\"kind\": \(quote(line.kind)), \"amount\": \(quote(amount)), \"currency\": \(quote(line.currency)), "
                          + "\"nonRefundable\": \(line.nonRefundable), \"description\": \(quote(line.description)), \"createdAt\": \(quote(Timestamp.format(line.createdAt)))}")
                }
            }
        }
    }

    /// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
