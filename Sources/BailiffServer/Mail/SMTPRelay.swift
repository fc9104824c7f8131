/// The mail relay Bailiff hands its mail to, and how to talk to it.
public struct SMTPRelay: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// Plain text; only for a relay on the same host.
        case none
        /// RFC 3207: upgrade with STARTTLS, and give up when the relay does not offer it.
        case starttls
        /// TLS from the first byte (port 465, RFC 8314).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM file of the certificate authorities trusted for the relay; empty: the system's.
    public var caFile: String
    /// AUTH credentials; an empty user name sends no AUTH. Never logged.
    public var username: String
    public var password: String
    /// The name Bailiff gives in EHLO.
    public var heloName: String
    /// Seconds any one reply may take before the connection is given up.
    public var timeoutSeconds: Double

    public init(host: String, port: Int, security: Security = .starttls, caFile: String = "", username: String = "", password: String = "",
                heloName: String, timeoutSeconds: Double = 30) {
        self.host = host; self.port = port; self.security = security; self.caFile = caFile; self.username = username
        self.password = password; self.heloName = heloName; self.timeoutSeconds = timeoutSeconds
    }
}

/// One message to send: the envelope and the bytes.
public struct SMTPEnvelope: Sendable, Hashable {
    public var mailFrom: String
    public var recipients: [String]
    public var message: [UInt8]

    public init(mailFrom: String, recipients: [String], message: [UInt8]) {
        self.mailFrom = mailFrom; self.recipients = recipients; self.message = message
    }
}

/// What became of one recipient of one message.
public enum SMTPRecipientOutcome: Sendable, Hashable {
    /// The relay took responsibility for the message (its reply).
    case accepted(String)
    /// A temporary failure (4xx, or no connection): send again later.
    case deferred(String)
    /// A permanent failure (5xx): this address does not take our mail.
    case rejected(String)

    public var isAccepted: Bool { if case .accepted = self { true } else { false } }
}
