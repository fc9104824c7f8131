import ArgumentParser
import BailiffCore
import BailiffServer
import BailiffStore
import BailiffWeb
import Foundation

/// `bailiff staff`: accounts of the web desk.
struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts of the web desk: add or reset one, list them, show an account's current authenticator code.",
        subcommands: [Add.self, List.self, Code.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff account, or reset its password and authenticator secret (audited).",
            discussion: "Prints the password (random unless --password-stdin) and the otpauth:// URI to enrol in an authenticator app; neither is stored in clear.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name (letters, digits, '.', '_', '-').") var name: String
        @Option(help: "admin, agent or read-only.") var role: String = "agent"
        @Flag(help: "Read the password from the first line of standard input instead of generating one.") var passwordStdin = false
        @Option(help: "Who creates the account (for the audit log).") var by: String = "cli"

        func run() async throws {
            guard let role = StaffRole(rawValue: role) else { throw ValidationError("--role must be admin, agent or read-only") }
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            let enrolment = try await common.withStore { store, _ in
                try await WebAccounts.enrol(store, name: name, role: role, password: password, by: "staff:\(by)", now: Int64(Date().timeIntervalSince1970))
            }
            print("staff account \(enrolment.name) (\(enrolment.role.rawValue))")
            if !passwordStdin { print("password:    \(enrolment.password)") }
            print("TOTP secret: \(enrolment.totpSecret)")
            print("enrol:       \(enrolment.provisioningURI)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff accounts with role and lock state.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let accounts = try await common.withStore { store, _ in try await StaffAccountRepository(store).all() }
            let now = Int64(Date().timeIntervalSince1970)
            for account in accounts {
                let state = account.disabled ? "disabled" : (account.lockedUntil ?? 0) > now ? "locked until \(Timestamp.format(account.lockedUntil!))" : "active"
                print("\(account.name)\t\(account.role)\t\(state)\tfailures \(account.failures)")
            }
        }
    }

    struct Code: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an account's current authenticator code (needs the database; for the demo and for recovery).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            guard let code = try await common.withStore({ store, _ in try await WebAccounts.currentCode(store, name: name, now: Int64(Date().timeIntervalSince1970)) }) else {
                throw ValidationError("no staff account '\(name)'")
            }
            print(code)
        }
    }
}

/// `bailiff portal link`: a one-time sign-in link for a customer or reseller.
struct Portal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Portal sign-in links for customers and resellers.",
        subcommands: [Link.self])

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a one-time sign-in link to the portal (audited; expires after web.portal_link_hours).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Customer id.") var customer: String?
        @Option(help: "Reseller id.") var reseller: String?
        @Option(help: "Who asks (for the audit log).") var by: String = "cli"

        func validate() throws {
            guard (customer == nil) != (reseller == nil) else { throw ValidationError("give --customer or --reseller") }
        }

        func run() async throws {
            let link = try await common.withStore { store, configuration in
                try await WebAccounts.portalLink(store, kind: customer != nil ? .customer : .reseller, subject: customer ?? reseller!, baseURL: configuration.webBaseURL,
                                                 by: "staff:\(by)", now: Int64(Date().timeIntervalSince1970), lifetimeHours: configuration.webPortalLinkHours)
            }
            print(link)
        }
    }
}
