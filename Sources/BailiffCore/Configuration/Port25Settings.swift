/// The firewall that keeps outbound port 25 closed except for approved addresses.
public struct Port25Settings: Sendable, Hashable {
    /// Whether Bailiff loads the ruleset itself; off: `close-port-25` is a recorded dry run and
    /// `bailiff port25 render` prints the file for the operator's own tooling.
    public var enabled = false
    public var placement = Port25Ruleset.Placement.routed
    public var table = "bailiff"
    /// Where the applied ruleset is kept; empty: `port25.nft` in the data directory.
    public var rulesetFile = ""
    /// The program and arguments that load a file (the file is appended), without a shell.
    public var applyCommand = ["/usr/sbin/nft", "-f"]
    /// When a customer's request is approved without staff.
    public var requests = Port25RequestRules()
    /// The resolver asked for the address's reverse DNS (host:port); empty: dnsbl.server, else
    /// /etc/resolv.conf's first; `off`: not looked up.
    public var reverseDNSServer = ""

    public init() {}

    public func rulesetPath(dataDirectory: String) -> String {
        rulesetFile.isEmpty ? (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "port25.nft" : rulesetFile
    }
}

extension BailiffConfiguration {
    static let port25Keys: [Key] = [
        Key(name: "port25.enabled", help: "load the port-25 ruleset with nft (true/false); false: close-port-25 is a dry run", isSecret: false,
            apply: { config, value in
                guard let flag = Bool(value) else { return "must be true or false" }
                config.port25.enabled = flag
                return nil
            }, show: { String($0.port25.enabled) }),
        Key(name: "port25.placement", help: "routed (inet forward hook) or bridged (bridge forward hook)", isSecret: false,
            apply: { config, value in
                guard let placement = Port25Ruleset.Placement(rawValue: value) else { return "must be routed or bridged" }
                config.port25.placement = placement
                return nil
            }, show: { $0.port25.placement.rawValue }),
        Key(name: "port25.table", help: "nftables table Bailiff owns", isSecret: false,
            apply: { config, value in
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return "must be letters, digits and _" }
                config.port25.table = value
                return nil
            }, show: { $0.port25.table }),
        Key(name: "port25.ruleset_file", help: "where the applied ruleset is kept; empty: data-dir/port25.nft", isSecret: false,
            apply: { config, value in config.port25.rulesetFile = value; return nil }, show: { $0.port25.rulesetFile }),
        Key(name: "port25.apply_command", help: "program and arguments that load the file (appended), e.g. /usr/sbin/nft -f", isSecret: false,
            apply: { config, value in
                let words = value.split(separator: " ").map(String.init)
                guard let first = words.first, first.hasPrefix("/") else { return "must start with an absolute path to a program" }
                config.port25.applyCommand = words
                return nil
            }, show: { $0.port25.applyCommand.joined(separator: " ") }),
        Key(name: "port25.auto_approve", help: "approve requests to open port 25 that meet every condition without staff (true/false)", isSecret: false,
            apply: { config, value in
                guard let flag = Bool(value) else { return "must be true or false" }
                config.port25.requests.automaticApproval = flag
                return nil
            }, show: { String($0.port25.requests.automaticApproval) }),
        Key(name: "port25.minimum_account_days", help: "account age in days a request needs for automatic approval", isSecret: false,
            apply: { config, value in
                guard let days = Int(value), (0...3_650).contains(days) else { return "must be 0–3650 days" }
                config.port25.requests.minimumAccountDays = days
                return nil
            }, show: { String($0.port25.requests.minimumAccountDays) }),
        Key(name: "port25.standing_days", help: "days without a confirmed spam or blocklisting case a request needs for automatic approval", isSecret: false,
            apply: { config, value in
                guard let days = Int(value), (0...3_650).contains(days) else { return "must be 0–3650 days" }
                config.port25.requests.standingDays = days
                return nil
            }, show: { String($0.port25.requests.standingDays) }),
        Key(name: "port25.require_reverse_dns", help: "a request needs a non-generic reverse DNS name for automatic approval (true/false)", isSecret: false,
            apply: { config, value in
                guard let flag = Bool(value) else { return "must be true or false" }
                config.port25.requests.requireReverseDNS = flag
                return nil
            }, show: { String($0.port25.requests.requireReverseDNS) }),
        Key(name: "port25.reverse_dns_server", help: "resolver for reverse DNS of requested addresses (host:port); empty: dnsbl.server or resolv.conf; off: no lookup", isSecret: false,
            apply: { config, value in config.port25.reverseDNSServer = value; return nil }, show: { $0.port25.reverseDNSServer }),
    ]
}
