import ArgumentParser

/// The `bailiff` command: a thin shell over the libraries.
@main
struct Bailiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bailiff",
        abstract: "The abuse desk of a hosting provider: receives complaints, attributes them, enforces the AUP.",
        subcommands: [Serve.self, Ingest.self, Parse.self, Reparse.self, Migrate.self, Import.self, Whois.self, Policy.self, Cases.self, Audit.self, Charges.self, Evidence.self, ExaBGP.self, Port25.self, Collect.self, Tor.self, Notices.self, Demo.self, Staff.self, Portal.self, APIToken.self, DNSBL.self, Config.self]
    )
}
