import BailiffCore

extension BailiffConfiguration {
    /// Where blocklist queries go: `dnsbl.server`, else the first nameserver of /etc/resolv.conf.
    public var blocklistServer: DNSClient.Server { DNSClient.Server(parsing: dnsbl.server) ?? .system() }

    /// The timeout and retries of blocklist queries (`dnsbl.timeout_ms`, `dnsbl.retries`).
    public var blocklistQueryOptions: DNSClient.Options {
        var options = DNSClient.Options()
        options.timeout = .milliseconds(dnsbl.timeoutMilliseconds)
        options.retries = dnsbl.retries
        return options
    }
}
