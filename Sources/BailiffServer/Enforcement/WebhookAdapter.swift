import AsyncHTTPClient
import BailiffStore
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs each intent as JSON to the operator's endpoint, with the intent's key as
/// `Idempotency-Key` (a repeat is the peer's to ignore) and a signature the peer can check:
/// `X-Bailiff-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the shared secret>`.
/// 2xx is done; 408, 429 and 5xx (and no answer) are tried again; other statuses fail.
public struct WebhookAdapter: EnforcementAdapter {
    public let name = "webhook"
    public let url: String
    let secret: String
    public let actions: Set<String>
    let client: HTTPClient

    public init(url: String, secret: String, actions: Set<String>, client: HTTPClient = .shared) {
        self.url = url; self.secret = secret; self.actions = actions; self.client = client
    }

    /// The signature header's value for `body` at `timestamp`.
    public static func signature(body: Data, timestamp: Int64, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        let body: Data
        do { body = try JSONEncoder.sortedKeys.encode(work) } catch { return .failed("could not encode the intent: \(error)") }
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: work.key)
        request.headers.add(name: "X-Bailiff-Signature", value: Self.signature(body: body, timestamp: timestamp, secret: secret))
        request.body = .bytes(ByteBuffer(data: body))
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let text = String(buffer: try await response.body.collect(upTo: 4_096))
            switch response.status.code {
            case 200..<300: return .done("\(url) answered \(response.status.code)")
            case 408, 429, 500..<600: return .retry("\(url) answered \(response.status.code) \(text.prefix(200))")
            default: return .failed("\(url) answered \(response.status.code) \(text.prefix(200))")
            }
        } catch {
            return .retry("\(url) could not be reached: \(error)")
        }
    }
}
