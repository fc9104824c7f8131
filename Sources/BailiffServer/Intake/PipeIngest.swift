import AsyncHTTPClient
import BailiffCore
import BailiffStore
import Foundation
import NIOCore
import NIOHTTP1

/// `bailiff ingest`: one message from standard input, as an MTA's pipe delivers it.
///
/// Postfix runs `"|bailiff ingest"` (an alias or `pipe(8)` transport) as an unprivileged user,
/// with the envelope in `SENDER`, `RECIPIENT` and `EXTENSION`. When a server URL and the intake
/// token are configured the message is handed to the running server over HTTP (so the pipe user
/// needs no database access, the rt-mailgate pattern); otherwise it is written to the store
/// directly. The exit status tells the MTA what to do (sysexits.h): 0 stored, 75 try again
/// later, 65 the message itself is unacceptable.
public enum PipeIngest {
    public enum Outcome: Sendable, Equatable {
        case stored(sha256: String)
        /// Try again later: the MTA keeps the mail queued.
        case temporaryFailure(String)
        /// The mail cannot be taken, ever: the MTA bounces it.
        case permanentFailure(String)

        /// The sysexits.h status for the MTA.
        public var exitCode: Int32 {
            switch self {
            case .stored: 0
            case .temporaryFailure: 75  // EX_TEMPFAIL
            case .permanentFailure: 65  // EX_DATAERR
            }
        }
    }

    /// The message without an mbox `From ` separator line, which some pipes prepend.
    public static func stripMboxSeparator(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.starts(with: Array("From ".utf8)), let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return bytes }
        return Array(bytes[(newline + 1)...])
    }

    /// The envelope Postfix passes in the environment of a pipe delivery.
    public static func envelope(environment: [String: String], now: Int64) -> Envelope {
        var recipient = environment["RECIPIENT"] ?? environment["ORIGINAL_RECIPIENT"] ?? ""
        // local(8) puts the full address in RECIPIENT; some setups pass only the extension.
        if let extensionPart = environment["EXTENSION"], !extensionPart.isEmpty, !recipient.isEmpty,
            !recipient.contains("+\(extensionPart)@"), let at = recipient.firstIndex(of: "@")
        {
            recipient = String(recipient[..<at]) + "+" + extensionPart + String(recipient[at...])
        }
        return Envelope(
            channel: .pipe, mailFrom: environment["SENDER"] ?? "", recipients: recipient.isEmpty ? [] : [recipient],
            clientAddress: nil, receivedAt: now
        )
    }

    /// Checks that apply whichever way the message goes.
    public static func validate(_ message: [UInt8], maximumBytes: Int) -> Outcome? {
        if message.isEmpty { return .permanentFailure("the message is empty") }
        if message.count > maximumBytes { return .permanentFailure("the message is larger than \(maximumBytes) bytes (intake.max_message_bytes)") }
        return nil
    }

    /// Writes the message to the store directly.
    public static func store(_ message: [UInt8], envelope: Envelope, into store: Store) async -> Outcome {
        do {
            let stored = try await EvidenceRepository(store).store(message, envelope: envelope)
            return .stored(sha256: stored.sha256)
        } catch {
            return .temporaryFailure("the store is unavailable: \(error)")
        }
    }

    /// Hands the message to a running server's `POST /api/v1/reports`.
    public static func forward(_ message: [UInt8], envelope: Envelope, serverURL: String, token: String, timeout: Duration = .seconds(60)) async -> Outcome {
        var request = HTTPClientRequest(url: serverURL + "/api/v1/reports")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "message/rfc822")
        request.headers.add(name: "X-Bailiff-Channel", value: envelope.channel.rawValue)
        request.headers.add(name: "X-Bailiff-Sender", value: envelope.mailFrom)
        for recipient in envelope.recipients { request.headers.add(name: "X-Bailiff-Recipient", value: recipient) }
        request.body = .bytes(ByteBuffer(bytes: message))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let text = String(buffer: body)
            switch response.status.code {
            case 200, 201:
                let sha = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["sha256"] as? String
                return .stored(sha256: sha ?? "")
            case 413, 415, 400:
                return .permanentFailure("the server refused the message (\(response.status.code)): \(text)")
            default:
                // 401/403 too: a wrong token is a configuration error to fix, not a reason to lose mail.
                return .temporaryFailure("the server answered \(response.status.code): \(text)")
            }
        } catch {
            return .temporaryFailure("cannot reach \(serverURL): \(error)")
        }
    }
}
