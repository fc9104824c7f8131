/// How Bailiff sends mail: the relay, and who it writes as.
public struct MailSettings: Sendable, Hashable {
    /// The relay; empty: notices are recorded as dry runs and nothing is sent.
    public var smtpHost = ""
    public var smtpPort = 25
    /// `none`, `starttls` (default) or `tls`.
    public var smtpSecurity = "starttls"
    /// PEM file of the CAs trusted for the relay's certificate; empty: the system's.
    public var smtpCAFile = ""
    public var smtpUsername = ""
    /// Secret.
    public var smtpPassword = ""
    /// The name given in EHLO; empty: this host's name.
    public var heloName = ""
    /// Seconds a relay may take to answer.
    public var timeoutSeconds = 30.0
    /// The abuse mailbox notices come from; case reply addresses are made from it.
    public var abuseAddress = "abuse@provider.example"
    /// The provider's name as customers know it.
    public var providerName = "Example Hosting"
    /// Where customers read the policy; empty: `/aup` on this server's HTTP address.
    public var aupURL = ""
    /// Directory of template files that replace the shipped ones (`notice.de.txt`); empty: none.
    public var templateDirectory = ""
    /// How many policy-amendment mails go out a minute (relays and receivers throttle bulk mail).
    public var amendmentRatePerMinute = 120

    public init() {}
}

extension BailiffConfiguration {
    static let mailKeys: [Key] = [
        Key(name: "mail.smtp_host", help: "relay notices are sent through; empty: notices are dry runs", isSecret: false,
            apply: { config, value in config.mail.smtpHost = value; return nil }, show: { $0.mail.smtpHost }),
        Key(name: "mail.smtp_port", help: "port of the relay (25, 587, or 465 with smtp_security=tls)", isSecret: false,
            apply: { config, value in
                guard let port = Int(value), (1...65_535).contains(port) else { return "must be a port number, 1–65535" }
                config.mail.smtpPort = port
                return nil
            }, show: { String($0.mail.smtpPort) }),
        Key(name: "mail.smtp_security", help: "starttls (required), tls (from the first byte), or none (only for a relay on this host)", isSecret: false,
            apply: { config, value in
                guard ["none", "starttls", "tls"].contains(value) else { return "must be none, starttls or tls" }
                config.mail.smtpSecurity = value
                return nil
            }, show: { $0.mail.smtpSecurity }),
        Key(name: "mail.smtp_ca_file", help: "PEM file of the CAs trusted for the relay; empty: the system's", isSecret: false,
            apply: { config, value in config.mail.smtpCAFile = value; return nil }, show: { $0.mail.smtpCAFile }),
        Key(name: "mail.smtp_username", help: "AUTH user at the relay; empty: no AUTH", isSecret: false,
            apply: { config, value in config.mail.smtpUsername = value; return nil }, show: { $0.mail.smtpUsername }),
        Key(name: "mail.smtp_password", help: "AUTH password at the relay", isSecret: true,
            apply: { config, value in config.mail.smtpPassword = value; return nil }, show: { $0.mail.smtpPassword }),
        Key(name: "mail.helo_name", help: "name given in EHLO; empty: this host's name", isSecret: false,
            apply: { config, value in config.mail.heloName = value; return nil }, show: { $0.mail.heloName }),
        Key(name: "mail.timeout_seconds", help: "seconds the relay may take to answer", isSecret: false,
            apply: { config, value in
                guard let seconds = Double(value), seconds >= 1, seconds <= 600 else { return "must be a number of seconds, 1–600" }
                config.mail.timeoutSeconds = seconds
                return nil
            }, show: { String($0.mail.timeoutSeconds) }),
        Key(name: "mail.abuse_address", help: "the abuse mailbox notices come from; replies go to abuse+<case>@ of it", isSecret: false,
            apply: { config, value in
                guard EmailAddress.isPlausible(value), !value.contains("+") else { return "must be an e-mail address without '+' (e.g. abuse@example.net)" }
                config.mail.abuseAddress = value
                return nil
            }, show: { $0.mail.abuseAddress }),
        Key(name: "mail.provider_name", help: "the provider's name in notices", isSecret: false,
            apply: { config, value in
                guard !value.isEmpty, !value.contains("\n") else { return "must be one line of text" }
                config.mail.providerName = value
                return nil
            }, show: { $0.mail.providerName }),
        Key(name: "mail.aup_url", help: "public address of the AUP; empty: /aup on this server", isSecret: false,
            apply: { config, value in
                guard value.isEmpty || value.hasPrefix("http://") || value.hasPrefix("https://") else { return "must be an http:// or https:// URL, or empty" }
                config.mail.aupURL = value
                return nil
            }, show: { $0.mail.aupURL }),
        Key(name: "mail.amendment_rate_per_minute", help: "policy-amendment mails sent per minute", isSecret: false,
            apply: { config, value in
                guard let rate = Int(value), (1...100_000).contains(rate) else { return "must be a whole number, 1–100000" }
                config.mail.amendmentRatePerMinute = rate
                return nil
            }, show: { String($0.mail.amendmentRatePerMinute) }),
        Key(name: "mail.template_dir", help: "directory of notice templates replacing the shipped ones (notice.de.txt, notice.spam.en.txt)", isSecret: false,
            apply: { config, value in config.mail.templateDirectory = value; return nil }, show: { $0.mail.templateDirectory }),
    ]
}
