/// How a message reached Bailiff: the SMTP/LMTP envelope, or its equivalent for the pipe and HTTP.
///
/// Kept with every delivery: the envelope says who the mail was for (a case address carries the
/// case token) and who handed it over, which the message's own headers cannot be trusted to say.
public struct Envelope: Sendable, Hashable, Codable {
    /// The channel the message came in by.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        /// `sensor`: Bailiff's own sensors, in process or through `bailiff collect` with the sensor token.
        /// `form`: the public report form; its reporter is "form" (low trust), whatever address the complainant typed.
        /// `portal`: documents customers and resellers upload to their case; never parsed as reports.
        /// `staff`: statements staff file as evidence (attributing a provider case); never parsed as reports.
        case lmtp, pipe, http, sensor, form, portal, staff
    }

    public var channel: Channel
    /// The reverse path (`MAIL FROM`); empty for the null sender of bounces.
    public var mailFrom: String
    /// Each accepted `RCPT TO`, in order.
    public var recipients: [String]
    /// The peer that delivered it (the MTA's address for LMTP, the HTTP client's for the API).
    public var clientAddress: String?
    /// When the delivery was accepted, seconds since the epoch.
    public var receivedAt: Int64

    public init(channel: Channel, mailFrom: String, recipients: [String], clientAddress: String?, receivedAt: Int64) {
        self.channel = channel; self.mailFrom = mailFrom; self.recipients = recipients
        self.clientAddress = clientAddress; self.receivedAt = receivedAt
    }
}
