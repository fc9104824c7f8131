/// The provider's panels Bailiff acts through: WHMCS (services, billing) and Proxmox VE (guests).
public struct PanelSettings: Sendable, Hashable {
    /// WHMCS API endpoint (`https://billing.example.net/includes/api.php`); empty: off.
    public var whmcsURL = ""
    public var whmcsIdentifier = ""
    /// Secret.
    public var whmcsSecret = ""
    public var whmcsActions: Set<String> = ["suspend", "unsuspend", "terminate", "bill"]
    /// Proxmox VE API base (`https://pve.example.net:8006`); empty: off.
    public var proxmoxURL = ""
    /// `user@realm!tokenname`.
    public var proxmoxTokenID = ""
    /// Secret.
    public var proxmoxTokenSecret = ""
    public var proxmoxActions: Set<String> = ["suspend", "unsuspend", "terminate"]

    public init() {}
}

extension BailiffConfiguration {
    static let panelKeys: [Key] = [
        Key(name: "whmcs.url", help: "WHMCS API endpoint (…/includes/api.php); empty: off", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || ((value.hasPrefix("https://") || value.hasPrefix("http://")) && value.hasSuffix("api.php")) else {
                    return "must be the API endpoint, e.g. https://billing.example.net/includes/api.php, or empty"
                }
                config.panels.whmcsURL = value
                return nil
            }, show: { $0.panels.whmcsURL }),
        Key(name: "whmcs.identifier", help: "WHMCS API credential identifier", isSecret: false,
            apply: { config, value in config.panels.whmcsIdentifier = value; return nil }, show: { $0.panels.whmcsIdentifier }),
        Key(name: "whmcs.secret", help: "WHMCS API credential secret", isSecret: true,
            apply: { config, value in config.panels.whmcsSecret = value; return nil }, show: { $0.panels.whmcsSecret }),
        Key(name: "whmcs.actions", help: "actions WHMCS carries out (suspend, unsuspend, terminate, bill)", isSecret: false,
            apply: { config, value in parseActions(value).map { config.panels.whmcsActions = $0; return nil } ?? "must be action names, comma-separated" },
            show: { $0.panels.whmcsActions.sorted().joined(separator: ",") }),
        Key(name: "proxmox.url", help: "Proxmox VE API base, e.g. https://pve.example.net:8006; empty: off", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("https://") || value.hasPrefix("http://") else { return "must be an https:// URL, or empty" }
                config.panels.proxmoxURL = value
                return nil
            }, show: { $0.panels.proxmoxURL }),
        Key(name: "proxmox.token_id", help: "API token id, user@realm!tokenname (privileges: VM.PowerMgmt, VM.Config.Network)", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || (value.contains("@") && value.contains("!")) else { return "must look like user@realm!tokenname" }
                config.panels.proxmoxTokenID = value
                return nil
            }, show: { $0.panels.proxmoxTokenID }),
        Key(name: "proxmox.token_secret", help: "API token secret", isSecret: true,
            apply: { config, value in config.panels.proxmoxTokenSecret = value; return nil }, show: { $0.panels.proxmoxTokenSecret }),
        Key(name: "proxmox.actions", help: "actions Proxmox carries out (suspend, unsuspend, terminate)", isSecret: false,
            apply: { config, value in parseActions(value).map { config.panels.proxmoxActions = $0; return nil } ?? "must be action names, comma-separated" },
            show: { $0.panels.proxmoxActions.sorted().joined(separator: ",") }),
    ]
}
