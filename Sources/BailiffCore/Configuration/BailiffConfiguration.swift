import Foundation

/// Every setting of Bailiff, typed, in one place. Defaults work with no file at all.
///
/// Read by ``ConfigurationLoader`` from an optional file and `BAILIFF_*` environment variables
/// (which win). The data directory is chosen before the file is read (`--data-dir`,
/// `BAILIFF_DATA_DIR`), because the file may live in it.
public struct BailiffConfiguration: Sendable, Hashable {
    /// Where the SQLite database and other local state live.
    public var dataDirectory = "./bailiff-data"
    /// PostgreSQL URL; when empty, SQLite in the data directory is used. Secret: holds a password.
    public var databaseURL = ""
    /// Address the HTTP server binds to; loopback unless an operator decides otherwise.
    public var httpHost = "127.0.0.1"
    public var httpPort = 8080
    /// How often (seconds) a running server checks whether the inventory changed, also by other
    /// processes or nodes, and rebuilds its attribution table.
    public var attributionRefreshSeconds = 2.0
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"
    /// Whether `bailiff serve` runs the LMTP listener for the MTA.
    public var lmtpEnabled = true
    /// Address and port of the LMTP listener (Postfix: `lmtp:inet:127.0.0.1:2424`).
    public var lmtpHost = "127.0.0.1"
    public var lmtpPort = 2424
    /// Largest message accepted by any intake channel (LMTP answers 552, HTTP 413, the pipe fails).
    public var intakeMaximumMessageBytes = 50 * 1024 * 1024
    /// Bearer token that `POST /api/v1/reports` requires and `bailiff ingest` sends; empty
    /// disables intake over HTTP. Secret.
    public var intakeToken = ""
    /// Where `bailiff ingest` hands messages over (e.g. `http://127.0.0.1:8080`); empty means the
    /// pipe writes to the store itself.
    public var intakeServerURL = ""
    /// Seconds a DNS lookup of a reported host name may take; 0 turns lookups off (events that
    /// name only a URL or domain then stay unattributed).
    public var intakeResolveTimeoutSeconds = 3.0
    /// Where the audit log's head is anchored outside the database; empty: `audit-anchors` in the data directory.
    public var auditAnchorPath = ""
    /// Seconds between anchors written by the server (when the head moved); 0 disables.
    public var auditAnchorSeconds = 60.0
    /// Bearer token of the staff JSON API (`/api/v1/cases…`) until staff log in through the web
    /// UI; empty disables the API. Secret.
    public var apiStaffToken = ""
    /// The address people reach the web UI at (`https://abuse.example.net`): links in notices and
    /// portal sign-in links use it; when it is https, cookies are `Secure` and HSTS is sent.
    /// Empty: `http://<http.host>:<http.port>`.
    public var webPublicURL = ""
    /// Hours a staff or portal session lasts.
    public var webSessionHours = 12
    /// Hours a portal sign-in link stays usable.
    public var webPortalLinkHours = 72

    /// The web UI's base URL, without a trailing slash.
    public var webBaseURL: String { webPublicURL.isEmpty ? "http://\(httpHost):\(httpPort)" : webPublicURL }
    /// Whether the web UI is served over TLS (by Bailiff's front proxy).
    public var webIsHTTPS: Bool { webPublicURL.lowercased().hasPrefix("https://") }

    /// Enforcement adapters; with none enabled every action is a recorded dry run.
    public var enforcementCommand = ""
    public var enforcementCommandActions: Set<String> = []
    public var enforcementWebhookURL = ""
    /// Shared secret the webhook signs with (HMAC-SHA256). Secret.
    public var enforcementWebhookSecret = ""
    public var enforcementWebhookActions: Set<String> = []
    /// Outgoing mail (notices): see `BailiffConfiguration+Mail.swift`. With no relay host set,
    /// every notice is a recorded dry run.
    public var mail = MailSettings()
    public var blackhole = BlackholeSettings()
    public var port25 = Port25Settings()
    public var panels = PanelSettings()
    public var flows = FlowSettings()
    public var dnsbl = DNSBLSettings()

    public init() {}

    /// The anchor file to use.
    public func auditAnchorFile(defaultIn directory: String) -> String {
        auditAnchorPath.isEmpty ? (directory.hasSuffix("/") ? directory : directory + "/") + "audit-anchors" : auditAnchorPath
    }

    /// The SQLite file used when no database URL is set.
    public var sqlitePath: String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "bailiff.sqlite"
    }

    /// One setting: its key in the file, its environment variable, and how to read and show it.
    struct Key: Sendable {
        let name: String
        let help: String
        let isSecret: Bool
        let apply: @Sendable (inout BailiffConfiguration, String) -> String?  // returns a problem, or nil
        let show: @Sendable (BailiffConfiguration) -> String

        /// `http.port` is `BAILIFF_HTTP_PORT`.
        var environmentName: String {
            "BAILIFF_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
        }
    }

    /// All settings; adding one here makes it readable from the file and the environment.
    static let keys: [Key] = generalKeys + mailKeys + blackholeKeys + port25Keys + panelKeys + flowKeys + dnsblKeys

    static let generalKeys: [Key] = [
        Key(name: "database.url", help: "PostgreSQL URL; empty for SQLite in the data directory", isSecret: true,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") || value.hasPrefix("postgres+") else {
                    return "must be a postgres:// URL, or empty for SQLite"
                }
                config.databaseURL = value
                return nil
            }, show: { $0.databaseURL }),
        Key(name: "http.host", help: "address the HTTP server binds to", isSecret: false,
            apply: { config, value in
                guard !value.isEmpty, !value.contains(" ") else { return "must be a host name or address" }
                config.httpHost = value
                return nil
            }, show: { $0.httpHost }),
        Key(name: "http.port", help: "TCP port of the HTTP server", isSecret: false,
            apply: { config, value in
                guard let port = Int(value), (0...65_535).contains(port) else { return "must be a port number 0–65535" }
                config.httpPort = port
                return nil
            }, show: { String($0.httpPort) }),
        Key(name: "attribution.refresh_seconds", help: "how often a server checks for inventory changes", isSecret: false,
            apply: { config, value in
                guard let seconds = Double(value), seconds >= 0.1, seconds <= 3_600 else { return "must be a number of seconds, 0.1–3600" }
                config.attributionRefreshSeconds = seconds
                return nil
            }, show: { String($0.attributionRefreshSeconds) }),
        Key(name: "log.level", help: "trace, debug, info, notice, warning, error or critical", isSecret: false,
            apply: { config, value in
                let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
                guard levels.contains(value.lowercased()) else { return "must be one of \(levels.joined(separator: ", "))" }
                config.logLevel = value.lowercased()
                return nil
            }, show: { $0.logLevel }),
        Key(name: "lmtp.enabled", help: "run the LMTP listener (true or false)", isSecret: false,
            apply: { config, value in
                guard let enabled = Bool(value.lowercased()) else { return "must be true or false" }
                config.lmtpEnabled = enabled
                return nil
            }, show: { String($0.lmtpEnabled) }),
        Key(name: "lmtp.host", help: "address the LMTP listener binds to", isSecret: false,
            apply: { config, value in
                guard !value.isEmpty, !value.contains(" ") else { return "must be a host name or address" }
                config.lmtpHost = value
                return nil
            }, show: { $0.lmtpHost }),
        Key(name: "lmtp.port", help: "TCP port of the LMTP listener", isSecret: false,
            apply: { config, value in
                guard let port = Int(value), (0...65_535).contains(port) else { return "must be a port number 0–65535" }
                config.lmtpPort = port
                return nil
            }, show: { String($0.lmtpPort) }),
        Key(name: "intake.max_message_bytes", help: "largest message accepted by any intake channel", isSecret: false,
            apply: { config, value in
                guard let bytes = Int(value), bytes >= 1_024, bytes <= 1 << 30 else { return "must be a number of bytes, 1024–1073741824" }
                config.intakeMaximumMessageBytes = bytes
                return nil
            }, show: { String($0.intakeMaximumMessageBytes) }),
        Key(name: "intake.token", help: "bearer token for POST /api/v1/reports and bailiff ingest", isSecret: true,
            apply: { config, value in
                guard value.isEmpty || (value.count >= 16 && value.allSatisfy({ $0.isASCII && !$0.isWhitespace })) else {
                    return "must be at least 16 printable characters without spaces (e.g. from `openssl rand -hex 24`), or empty to disable"
                }
                config.intakeToken = value
                return nil
            }, show: { $0.intakeToken }),
        Key(name: "intake.server_url", help: "server that bailiff ingest hands messages to; empty: write to the store", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("http://") || value.hasPrefix("https://") else { return "must be an http:// or https:// URL, or empty" }
                config.intakeServerURL = value.hasSuffix("/") ? String(value.dropLast()) : value
                return nil
            }, show: { $0.intakeServerURL }),
        Key(name: "intake.resolve_timeout_seconds", help: "DNS lookup time for URL-only reports; 0 disables lookups", isSecret: false,
            apply: { config, value in
                guard let seconds = Double(value), seconds >= 0, seconds <= 60 else { return "must be a number of seconds, 0–60" }
                config.intakeResolveTimeoutSeconds = seconds
                return nil
            }, show: { String($0.intakeResolveTimeoutSeconds) }),
        Key(name: "api.staff_token", help: "bearer token of the staff JSON API (/api/v1/cases...); empty disables it", isSecret: true,
            apply: { config, value in
                guard value.isEmpty || (value.count >= 16 && value.allSatisfy({ $0.isASCII && !$0.isWhitespace })) else {
                    return "must be at least 16 printable characters without spaces (e.g. from `openssl rand -hex 24`), or empty to disable"
                }
                config.apiStaffToken = value
                return nil
            }, show: { $0.apiStaffToken }),
        Key(name: "web.public_url", help: "the web UI's public address (https://abuse.example.net); https makes cookies Secure and sends HSTS", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("http://") || value.hasPrefix("https://") else { return "must be an http:// or https:// URL, or empty" }
                config.webPublicURL = value.hasSuffix("/") ? String(value.dropLast()) : value
                return nil
            }, show: { $0.webPublicURL }),
        Key(name: "web.session_hours", help: "hours a staff or portal session lasts", isSecret: false,
            apply: { config, value in
                guard let hours = Int(value), (1...168).contains(hours) else { return "must be 1–168 hours" }
                config.webSessionHours = hours
                return nil
            }, show: { String($0.webSessionHours) }),
        Key(name: "web.portal_link_hours", help: "hours a portal sign-in link stays usable", isSecret: false,
            apply: { config, value in
                guard let hours = Int(value), (1...720).contains(hours) else { return "must be 1–720 hours" }
                config.webPortalLinkHours = hours
                return nil
            }, show: { String($0.webPortalLinkHours) }),
        Key(name: "enforcement.command", help: "program run for each action (JSON on stdin; exit 0 done, 75 retry); empty: off", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("/") else { return "must be an absolute path to an executable, or empty" }
                config.enforcementCommand = value
                return nil
            }, show: { $0.enforcementCommand }),
        Key(name: "enforcement.command_actions", help: "actions the command carries out, comma-separated (e.g. suspend,unsuspend,terminate)", isSecret: false,
            apply: { config, value in parseActions(value).map { config.enforcementCommandActions = $0; return nil } ?? "must be action names, comma-separated: \(EnforcementAction.allCases.map(\.rawValue).joined(separator: ", "))" },
            show: { $0.enforcementCommandActions.sorted().joined(separator: ",") }),
        Key(name: "enforcement.webhook_url", help: "URL each action is POSTed to (signed); empty: off", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("http://") || value.hasPrefix("https://") else { return "must be an http:// or https:// URL, or empty" }
                config.enforcementWebhookURL = value
                return nil
            }, show: { $0.enforcementWebhookURL }),
        Key(name: "enforcement.webhook_secret", help: "shared secret of the webhook's HMAC-SHA256 signature", isSecret: true,
            apply: { config, value in
                guard value.isEmpty || value.count >= 16 else { return "must be at least 16 characters" }
                config.enforcementWebhookSecret = value
                return nil
            }, show: { $0.enforcementWebhookSecret }),
        Key(name: "enforcement.webhook_actions", help: "actions the webhook carries out, comma-separated", isSecret: false,
            apply: { config, value in parseActions(value).map { config.enforcementWebhookActions = $0; return nil } ?? "must be action names, comma-separated: \(EnforcementAction.allCases.map(\.rawValue).joined(separator: ", "))" },
            show: { $0.enforcementWebhookActions.sorted().joined(separator: ",") }),
        Key(name: "audit.anchor_file", help: "file the audit log's head is appended to (keep a copy elsewhere); empty: data-dir/audit-anchors", isSecret: false,
            apply: { config, value in config.auditAnchorPath = value; return nil }, show: { $0.auditAnchorPath }),
        Key(name: "audit.anchor_seconds", help: "seconds between anchors written by the server; 0 disables", isSecret: false,
            apply: { config, value in
                guard let seconds = Double(value), seconds >= 0, seconds <= 86_400 else { return "must be a number of seconds, 0–86400" }
                config.auditAnchorSeconds = seconds
                return nil
            }, show: { String($0.auditAnchorSeconds) }),
    ]

    /// A comma-separated list of action names, or nil when one is unknown.
    static func parseActions(_ text: String) -> Set<String>? {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.allSatisfy({ EnforcementAction(rawValue: $0) != nil }) else { return nil }
        return Set(names)
    }

    /// Every setting with its value, secrets masked, for `bailiff config show` and start-up logs.
    public var redactedDescription: [(key: String, value: String)] {
        [("data-dir", dataDirectory)] + Self.keys.map { key in
            let value = key.show(self)
            return (key.name, key.isSecret && !value.isEmpty ? Self.masked(value) : value)
        }
    }

    /// A secret as it may be shown: a URL keeps all but its password, anything else is hidden.
    static func masked(_ value: String) -> String {
        value.contains("://") ? redactingPassword(inURL: value) : "*** (set)"
    }

    /// A URL with its password replaced by `***`, so that it can be shown and logged.
    public static func redactingPassword(inURL value: String) -> String {
        guard let schemeEnd = value.range(of: "://"), let at = value[schemeEnd.upperBound...].firstIndex(of: "@") else { return value }
        let credentials = value[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return value }
        let head = String(value[..<colon])
        return head + ":***" + String(value[at...])
    }
}
