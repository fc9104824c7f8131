/// The thresholds of the flow detectors, and why each sits where it does.
///
/// Every figure errs towards silence: a false accusation of a paying customer costs more than a
/// detection one window late. Distinct-peer counts are never scaled by the sampling rate (a
/// sampled flow still names a real peer, and an unsampled peer cannot be guessed); volumes are.
public struct FlowDetectorSettings: Sendable, Hashable {
    /// The window of the counting detectors (SMTP, scan), milliseconds. Five minutes holds a
    /// spam run or a scan sweep; a cron job's retries stay a handful in it.
    public var window: Int64 = 300_000
    /// The window of the volume detectors (outbound DoS, attack target), milliseconds.
    public var volumeWindow: Int64 = 60_000
    /// The window of the IRC detector: sessions are long-lived, so it watches longer.
    public var ircWindow: Int64 = 900_000
    /// How long after one event the same address and category stay quiet (the case already
    /// exists; one event per period keeps evidence without flooding it), milliseconds.
    public var repeatAfter: Int64 = 3_600_000

    /// Ports of outbound mail submission to other networks' MX hosts.
    public var smtpPorts: Set<UInt16> = [25]
    /// Distinct mail servers contacted in a window before it is a spam run. A small business's
    /// mail server talks to a few dozen domains an hour; a cron job retrying through a closed port
    /// 25 to one smarthost is 1. Spam bots contact hundreds.
    public var smtpDistinctServers = 50
    /// The same for an address whose port 25 the provider opened (a real mail server): a
    /// newsletter run of a legitimate sender reaches hundreds, so only far more is a burst.
    public var smtpDistinctServersOpened = 500

    /// Distinct unanswered hosts probed on one port in a window: a horizontal scan. A resolver's
    /// queries are answered; BitTorrent peers listen on scattered ports, so no single port
    /// gathers them.
    public var scanDistinctHosts = 100
    /// Distinct ports probed on one host in a window: a vertical scan.
    public var scanDistinctPorts = 100
    /// A probe: a TCP flow without an acknowledgement, or a UDP/ICMP flow of this many packets
    /// or fewer (before sampling).
    public var probeMaximumPackets: UInt64 = 2

    /// Outbound traffic that is not an established TCP conversation (UDP, ICMP, SYNs) to one
    /// destination: packets per second and bits per second. Downloads from a customer's server
    /// are established TCP and do not count; a game server's UDP to one player is a few hundred
    /// packets per second.
    public var floodPacketsPerSecond: Double = 20_000
    public var floodBitsPerSecond: Double = 200_000_000
    /// The same summed over every destination (reflection and spray attacks).
    public var floodAggregatePacketsPerSecond: Double = 50_000
    /// Rates are measured over at least this long, milliseconds, so that a burst of a few
    /// packets with identical timestamps is not an infinite rate.
    public var minimumRateSpan: Int64 = 1_000
    /// A flood must also carry this many packets (after sampling) in the window.
    public var floodMinimumPackets: UInt64 = 10_000

    /// Inbound traffic to one provider address that is not an established conversation.
    public var attackPacketsPerSecond: Double = 50_000
    public var attackBitsPerSecond: Double = 500_000_000

    /// IRC client ports (RFC 7194 and long practice) and server-link ports.
    public var ircClientPorts: Set<UInt16> = Set(6660...6669).union([6697])
    public var ircLinkPorts: Set<UInt16> = Set(7000...7005).union([6900])
    /// Distinct clients with long-lived sessions on client ports; a private bouncer has one or
    /// two, a server on a global network many.
    public var ircDistinctClients = 10
    /// How long a session must last to count as an IRC session, milliseconds.
    public var ircSessionMinimum: Int64 = 60_000
    /// A server link sends the network's state (users, channels) when it connects.
    public var ircLinkBurstBytes: UInt64 = 20_000

    public init() {}
}
