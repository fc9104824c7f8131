import ArgumentParser

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the effective configuration (secrets masked), or fail listing every problem.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        for (key, value) in try common.loadConfiguration().redactedDescription {
            print("\(key) = \(value)")
        }
    }
}
