import Testing
@testable import BailiffCore

@Suite struct LMTPSessionTests {
    /// Feeds a whole conversation and answers every delivery with `outcome`; returns all replies
    /// and the delivered messages.
    static func converse(
        _ input: String, limits: LMTPSession.Limits = .init(), chunk: Int = .max,
        outcome: LMTPSession.DeliveryOutcome = .stored(reference: "abc")
    ) -> (replies: String, deliveries: [(String, [String], String)], closed: Bool) {
        var session = LMTPSession(hostname: "bailiff.test", limits: limits)
        var replies = ""
        var deliveries: [(String, [String], String)] = []
        var closed = false
        func handle(_ actions: [LMTPSession.Action]) {
            for action in actions {
                switch action {
                case .reply(let text): replies += text
                case .close: closed = true
                case .deliver(let from, let recipients, let message):
                    deliveries.append((from, recipients, String(decoding: message, as: UTF8.self)))
                    handle(session.deliveryFinished(outcome))
                }
            }
        }
        let bytes = Array(input.utf8)
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            handle(session.receive(bytes[index..<end]))
            index = end
        }
        return (replies, deliveries, closed)
    }

    static let conversation = """
        LHLO mta.example\r
        MAIL FROM:<reporter@example.org> SIZE=120\r
        RCPT TO:<abuse@provider.example>\r
        RCPT TO:<abuse+k7f3@provider.example>\r
        DATA\r
        Subject: spam from 192.0.2.7\r
        \r
        ..a line that began with a dot\r
        body\r
        .\r
        QUIT\r

        """

    @Test(arguments: [Int.max, 1, 7])
    func deliversWithOneReplyPerRecipient(chunk: Int) {
        let (replies, deliveries, closed) = Self.converse(Self.conversation, chunk: chunk)
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.0 == "reporter@example.org")
        #expect(deliveries.first?.1 == ["abuse@provider.example", "abuse+k7f3@provider.example"])
        #expect(deliveries.first?.2 == "Subject: spam from 192.0.2.7\r\n\r\n.a line that began with a dot\r\nbody\r\n")
        let lines = replies.split(separator: "\r\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("250 2.0.0 stored as abc") }.count == 2)
        #expect(lines.last?.hasPrefix("221") == true)
        #expect(closed)
    }

    @Test func storeUnavailableMeansTryAgainLaterForEveryRecipient() {
        let (replies, _, _) = Self.converse(Self.conversation, outcome: .temporaryFailure(reason: "the store is unavailable"))
        #expect(replies.components(separatedBy: "451 4.3.0").count - 1 == 2)
    }

    @Test func oversizeMessagesAreRefusedPerRecipientAndTheSessionGoesOn() {
        let big = String(repeating: "x", count: 300)
        let input = "LHLO a\r\nMAIL FROM:<>\r\nRCPT TO:<abuse@p.example>\r\nDATA\r\n\(big)\r\n\(big)\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<abuse@p.example>\r\nDATA\r\nsmall\r\n.\r\n"
        let (replies, deliveries, _) = Self.converse(input, limits: .init(maximumMessageBytes: 500))
        #expect(replies.contains("552 5.3.4"))
        #expect(deliveries.map(\.2) == ["small\r\n"])
        let declared = Self.converse("LHLO a\r\nMAIL FROM:<a@b.example> SIZE=999999\r\n", limits: .init(maximumMessageBytes: 500))
        #expect(declared.replies.contains("552 5.3.4"))
    }

    @Test func nullSenderAndPipelinedCommandsWork() {
        // A bounce (null sender) with every command sent at once, as a pipelining client does.
        let input = "LHLO a\r\nMAIL FROM:<>\r\nRCPT TO:<abuse@p.example>\r\nDATA\r\nx\r\n.\r\nNOOP\r\n"
        let (replies, deliveries, _) = Self.converse(input)
        #expect(deliveries.first?.0 == "")
        #expect(replies.hasSuffix("250 2.0.0 stored as abc\r\n250 2.0.0 ok\r\n"))
    }

    @Test func protocolErrorsGetReplyCodesNotCrashes() {
        let input = "MAIL FROM:<a@b.example>\r\nHELO x\r\nLHLO\r\nLHLO x\r\nRCPT TO:<a@b.example>\r\nDATA\r\nMAIL FROM:a@b.example\r\nMAIL FROM:<c@d.example>\r\nRCPT TO:<>\r\nRCPT TO:bare@p.example\r\nFROB\r\nRSET\r\n"
        let (replies, deliveries, _) = Self.converse(input)
        let codes = replies.split(separator: "\r\n").filter { !$0.hasPrefix("250-") }.map { $0.prefix(3) }
        #expect(codes == ["503", "500", "501", "250", "503", "503", "250", "503", "501", "250", "500", "250"])
        #expect(deliveries.isEmpty)
    }

    @Test func anOverlongLineClosesTheConnection() {
        let (replies, _, closed) = Self.converse("LHLO " + String(repeating: "a", count: 10_000), limits: .init(maximumLineBytes: 512))
        #expect(replies.hasPrefix("500 5.5.6"))
        #expect(closed)
    }

    @Test func tooManyRecipients() {
        let recipients = (0..<5).map { "RCPT TO:<r\($0)@p.example>\r\n" }.joined()
        let (replies, deliveries, _) = Self.converse("LHLO a\r\nMAIL FROM:<>\r\n\(recipients)DATA\r\nx\r\n.\r\n", limits: .init(maximumRecipients: 3))
        #expect(replies.contains("452 4.5.3"))
        #expect(deliveries.first?.1.count == 3)
    }
}

@Suite struct CaseAddressTests {
    @Test func tokensComeFromThePlusPartOnly() {
        #expect(CaseAddress.token(in: "abuse+K7f3-a9@provider.example") == "k7f3-a9")
        #expect(CaseAddress.token(in: "<abuse+case1234@provider.example>") == "case1234")
        #expect(CaseAddress.token(in: "abuse@provider.example") == nil)
        #expect(CaseAddress.token(in: "abuse+x@provider.example") == nil)
        #expect(CaseAddress.token(in: "abuse+bad token@provider.example") == nil)
        #expect(CaseAddress.token(in: "abuse+case1234") == nil)
        #expect(CaseAddress.address(for: "case1234", mailbox: "abuse@provider.example") == "abuse+case1234@provider.example")
    }
}
