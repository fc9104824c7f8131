import ArgumentParser
import BailiffCore
import BailiffStore

struct Whois: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who held an IP address at a given time: service, customer, reseller — or provider infrastructure, or not ours."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("IPv4 or IPv6 address.", valueName: "ip"))
    var address: String

    @Option(help: ArgumentHelp("The instant to ask about: 2025-03-01, 2025-03-01T12:00:00Z or now (default).", valueName: "time"))
    var at: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let ip: IPAddress
        do { ip = try IPAddress(parsing: address) } catch { throw ValidationError("\(error)") }
        let instant = try parseInstant(at)
        let configuration = try common.loadConfiguration()
        let store = try await common.openStore(configuration)
        do {
            // Only the rows that can answer for this address: fast however large the inventory.
            let table = AttributionTable(try await InventoryRepository(store).loadSnapshot(covering: ip))
            let answer = table.attribute(ip, at: instant)
            print(json ? answer.json(address: ip, at: instant) : answer.report(address: ip, at: instant))
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
