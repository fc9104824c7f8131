/// The server side of an LMTP conversation (RFC 2033), as a pure state machine over bytes.
///
/// The network layer feeds it whatever bytes arrive and sends back the replies it returns; when
/// it returns a ``Action/deliver(_:_:)`` the network layer stores the message and reports the
/// outcome with ``deliveryFinished(_:)`` before feeding more. Commands may be pipelined
/// (RFC 2920, which RFC 2033 §4.1 requires of an LMTP server): input that arrives while a
/// delivery is being stored waits in the buffer and is processed in order afterwards.
///
/// After DATA, LMTP answers once per accepted recipient (RFC 2033 §4.2): all 250 when the
/// message is durably stored, all 451 when the store is unavailable (the MTA retries), all 552
/// when it is over the size limit.
public struct LMTPSession: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Largest message accepted, in bytes (advertised with SIZE, RFC 1870).
        public var maximumMessageBytes: Int
        /// Longest command line; RFC 5321 §4.5.3.1.4 sets 512 octets, some clients send more.
        public var maximumLineBytes: Int
        public var maximumRecipients: Int

        public init(maximumMessageBytes: Int = 50 * 1024 * 1024, maximumLineBytes: Int = 4_096, maximumRecipients: Int = 100) {
            self.maximumMessageBytes = maximumMessageBytes
            self.maximumLineBytes = maximumLineBytes
            self.maximumRecipients = maximumRecipients
        }
    }

    /// What the network layer must do.
    public enum Action: Sendable, Equatable {
        /// Send these bytes (one or more reply lines, CRLF-terminated).
        case reply(String)
        /// Store the message for these recipients, then call ``deliveryFinished(_:)``.
        case deliver(mailFrom: String, recipients: [String], message: [UInt8])
        /// Close the connection (after sending any replies before it).
        case close
    }

    /// How storing a delivered message went.
    public enum DeliveryOutcome: Sendable {
        /// Durably stored; `reference` is quoted in the 250 reply (e.g. the content hash).
        case stored(reference: String)
        /// The store could not take it now; the MTA should retry.
        case temporaryFailure(reason: String)
    }

    private enum State: Sendable {
        case awaitingGreeting          // before LHLO
        case ready                     // after LHLO, no transaction
        case transaction               // after MAIL FROM, collecting RCPT TO
        case data                      // reading the message
        case awaitingDelivery          // message handed over, waiting for the outcome
        case closed

        var isBeforeGreeting: Bool {
            if case .awaitingGreeting = self { return true }
            return false
        }
    }

    public let hostname: String
    public let limits: Limits
    private var state: State = .awaitingGreeting
    private var buffer: [UInt8] = []
    private var mailFrom = ""
    private var recipients: [String] = []
    private var message: [UInt8] = []
    private var messageTooLarge = false
    private var messageAtLineStart = true

    public init(hostname: String, limits: Limits = Limits()) {
        self.hostname = hostname
        self.limits = limits
    }

    /// The banner to send when the connection opens (RFC 5321 §4.2, code 220).
    public var greeting: Action { .reply("220 \(hostname) LMTP Bailiff ready\r\n") }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Feeds received bytes; returns what to do, in order. Stops after a `.deliver` or `.close`.
    public mutating func receive(_ bytes: some Collection<UInt8>) -> [Action] {
        buffer.append(contentsOf: bytes)
        return process()
    }

    /// Reports how storing the message went; returns the per-recipient replies and whatever the
    /// buffered input leads to next.
    public mutating func deliveryFinished(_ outcome: DeliveryOutcome) -> [Action] {
        guard case .awaitingDelivery = state else { return [] }
        let line: String
        switch outcome {
        case .stored(let reference): line = "250 2.0.0 stored as \(reference)"
        case .temporaryFailure(let reason): line = "451 4.3.0 \(reason); try again later"
        }
        let replies = recipients.map { _ in line + "\r\n" }.joined()
        resetTransaction()
        state = .ready
        return [.reply(replies)] + process()
    }

    /// The connection ended (peer closed or timed out): nothing more will come.
    public mutating func connectionClosed() { state = .closed }

    // MARK: - Processing

    private mutating func process() -> [Action] {
        var actions: [Action] = []
        while true {
            switch state {
            case .closed, .awaitingDelivery:
                return actions
            case .data:
                guard let action = consumeData() else { return actions }
                actions.append(action)
                if case .deliver = action { return actions }
            default:
                guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
                    if buffer.count > limits.maximumLineBytes {
                        buffer.removeAll()
                        state = .closed
                        actions.append(.reply("500 5.5.6 line too long; closing\r\n"))
                        actions.append(.close)
                    }
                    return actions
                }
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                guard line.count <= limits.maximumLineBytes else {
                    actions.append(.reply("500 5.5.6 line too long\r\n"))
                    continue
                }
                let replies = command(line)
                actions += replies
                if replies.contains(.close) { return actions }
            }
        }
    }

    /// Reads message lines up to the lone "." (RFC 5321 §4.5.2 dot-stuffing undone); returns an
    /// action when the message is complete, nil when more bytes are needed.
    private mutating func consumeData() -> Action? {
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = buffer[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            let isEnd = line.count == 1 && line.first == UInt8(ascii: ".")
            if isEnd {
                buffer.removeFirst(newline + 1)
                if messageTooLarge {
                    let replies = recipients.map { _ in "552 5.3.4 message exceeds the size limit of \(limits.maximumMessageBytes) bytes\r\n" }.joined()
                    resetTransaction()
                    state = .ready
                    return .reply(replies)
                }
                state = .awaitingDelivery
                let delivered = message
                message = []
                return .deliver(mailFrom: mailFrom, recipients: recipients, message: delivered)
            }
            if !messageTooLarge {
                let content = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
                if message.count + content.count + 2 > limits.maximumMessageBytes {
                    messageTooLarge = true
                    message = []
                } else {
                    message.append(contentsOf: content)
                    message.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
                }
            }
            buffer.removeFirst(newline + 1)
        }
        // No complete line yet: an over-long partial line still counts against the size limit.
        if !messageTooLarge, message.count + buffer.count > limits.maximumMessageBytes {
            messageTooLarge = true
            message = []
        }
        if messageTooLarge && buffer.count > limits.maximumLineBytes * 4 {
            // Keep only a tail long enough to find the end marker across reads.
            buffer.removeFirst(buffer.count - 8)
        }
        return nil
    }

    private mutating func resetTransaction() {
        mailFrom = ""
        recipients = []
        message = []
        messageTooLarge = false
    }

    private mutating func command(_ line: [UInt8]) -> [Action] {
        let text = String(decoding: line, as: UTF8.self)
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = text.dropFirst(verb.count).drop { $0 == " " }
        switch verb {
        case "LHLO":
            guard !argument.isEmpty else { return [.reply("501 5.5.4 LHLO needs the client's host name\r\n")] }
            resetTransaction()
            state = .ready
            return [.reply(
                "250-\(hostname)\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-SIZE \(limits.maximumMessageBytes)\r\n250 SMTPUTF8\r\n"
            )]
        case "HELO", "EHLO":
            return [.reply("500 5.5.1 this is an LMTP server (RFC 2033); say LHLO\r\n")]
        case "MAIL":
            guard case .ready = state else { return [.reply(state.isBeforeGreeting ? "503 5.5.1 say LHLO first\r\n" : "503 5.5.1 a transaction is already open; RSET first\r\n")] }
            guard let (path, parameters) = Self.path(after: "FROM:", in: argument) else {
                return [.reply("501 5.5.4 syntax: MAIL FROM:<address>\r\n")]
            }
            if let size = parameters.first(where: { $0.uppercased().hasPrefix("SIZE=") }).flatMap({ Int($0.dropFirst(5)) }), size > limits.maximumMessageBytes {
                return [.reply("552 5.3.4 message exceeds the size limit of \(limits.maximumMessageBytes) bytes\r\n")]
            }
            mailFrom = path
            state = .transaction
            return [.reply("250 2.1.0 sender ok\r\n")]
        case "RCPT":
            guard case .transaction = state else { return [.reply("503 5.5.1 MAIL FROM first\r\n")] }
            guard let (path, _) = Self.path(after: "TO:", in: argument), !path.isEmpty else {
                return [.reply("501 5.5.4 syntax: RCPT TO:<address>\r\n")]
            }
            guard recipients.count < limits.maximumRecipients else { return [.reply("452 4.5.3 too many recipients\r\n")] }
            recipients.append(path)
            return [.reply("250 2.1.5 recipient ok\r\n")]
        case "DATA":
            guard case .transaction = state, !recipients.isEmpty else {
                return [.reply("503 5.5.1 RCPT TO first\r\n")]
            }
            state = .data
            message = []
            return [.reply("354 end data with <CRLF>.<CRLF>\r\n")]
        case "RSET":
            resetTransaction()
            if !state.isBeforeGreeting { state = .ready }
            return [.reply("250 2.0.0 reset\r\n")]
        case "NOOP":
            return [.reply("250 2.0.0 ok\r\n")]
        case "QUIT":
            state = .closed
            return [.reply("221 2.0.0 \(hostname) closing\r\n"), .close]
        case "VRFY":
            return [.reply("252 2.5.2 cannot verify; send the message\r\n")]
        default:
            return [.reply("500 5.5.2 unknown command\r\n")]
        }
    }

    /// Reads `FROM:<path> params` / `TO:<path> params` (RFC 5321 §4.1.2); tolerates a space after
    /// the colon and a missing pair of angle brackets, as real clients send.
    static func path(after keyword: String, in argument: Substring) -> (String, [Substring])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        var rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        let path: String
        if rest.first == "<" {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            path = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            path = String(rest[..<end])
            rest = rest[end...]
        }
        guard !path.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x20 } == true }) else { return nil }
        return (path, rest.split(separator: " "))
    }
}
