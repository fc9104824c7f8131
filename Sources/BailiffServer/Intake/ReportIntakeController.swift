import BailiffCore
import BailiffStore
import BailiffWeb
import Crypto
import Foundation
import Vapor

/// `POST /api/v1/reports`: a report as a raw mail (`message/rfc822`) or as structured JSON
/// (XARF, `application/json`), for scripts, partners and `bailiff ingest`.
///
/// Requires the intake token as a bearer token; stores the bytes like any other delivery and
/// answers 201 (new) or 200 (already had it) with the content hash. The envelope comes from
/// `X-Bailiff-Sender`, `X-Bailiff-Recipient` (repeatable or comma-separated) and
/// `X-Bailiff-Channel` (`http`, or `pipe` when `bailiff ingest` forwards a mail, or `sensor` when
/// `bailiff collect` ships a sensor report with the sensor token instead of the intake token).
struct ReportIntakeController: Sendable {
    let context: BailiffApplication.Context

    struct Stored: Content {
        var sha256: String
        var newMessage: Bool
        var newDeliveries: [String]
    }

    struct Failure: Content {
        var error: String
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.POST, "api", "v1", "reports", body: .collect(maxSize: ByteCount(value: context.configuration.intakeMaximumMessageBytes)), use: receive)
    }

    @Sendable func receive(_ request: Request) async throws -> Response {
        let token = context.configuration.intakeToken, sensorToken = context.configuration.flows.sensorToken
        guard !token.isEmpty || !sensorToken.isEmpty else {
            return try await reply(.serviceUnavailable, "intake over HTTP is disabled; set intake.token (BAILIFF_INTAKE_TOKEN) on the server", request)
        }
        let presented = request.headers.bearerAuthorization?.token ?? ""
        let isIntake = !token.isEmpty && constantTimeEqual(presented, token)
        let isSensor = !sensorToken.isEmpty && constantTimeEqual(presented, sensorToken)
        guard isIntake || isSensor else {
            let response = try await reply(.unauthorized, "send the intake token as 'Authorization: Bearer <token>'", request)
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"bailiff\"")
            return response
        }
        guard let body = request.body.data, body.readableBytes > 0 else {
            return try await reply(.badRequest, "the request has no body; send the report as message/rfc822 or application/json", request)
        }
        // Vapor refuses larger bodies while streaming them in; this also covers bodies that
        // reach the handler by other routes (in-process tests, a proxy that pre-buffered).
        guard body.readableBytes <= context.configuration.intakeMaximumMessageBytes else {
            return try await reply(.payloadTooLarge, "the report is larger than intake.max_message_bytes (\(context.configuration.intakeMaximumMessageBytes) bytes)", request)
        }
        let bytes = Array(body.readableBytesView)
        switch request.headers.contentType.map({ "\($0.type)/\($0.subType)".lowercased() }) {
        case "message/rfc822":
            break
        case "application/json":
            do { _ = try LocatedJSON.parse(bytes) } catch {
                return try await reply(.badRequest, "the JSON report is not valid JSON: \(error)", request)
            }
        default:
            return try await reply(.unsupportedMediaType, "send the report as message/rfc822 (a mail) or application/json (XARF)", request)
        }
        let channel: Envelope.Channel
        switch request.headers.first(name: "X-Bailiff-Channel")?.lowercased() ?? "http" {
        case "http": channel = .http
        case "pipe": channel = .pipe
        case "sensor": channel = .sensor
        default: return try await reply(.badRequest, "X-Bailiff-Channel must be http, pipe or sensor", request)
        }
        // The sensor token carries sensor reports and nothing else; sensor reports need it.
        if channel == .sensor || isSensor {
            guard isSensor else { return try await reply(.forbidden, "the sensor channel needs the sensor token (flows.sensor_token)", request) }
            guard channel == .sensor, SensorReport.isSensorReport(bytes) else {
                return try await reply(.forbidden, "the sensor token may only deliver sensor reports, with X-Bailiff-Channel: sensor", request)
            }
        }
        let recipients = request.headers["X-Bailiff-Recipient"]
            .flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let envelope = Envelope(
            channel: channel, mailFrom: request.headers.first(name: "X-Bailiff-Sender") ?? "", recipients: recipients,
            clientAddress: request.remoteAddress?.ipAddress, receivedAt: Int64(Date().timeIntervalSince1970)
        )
        let stored: EvidenceRepository.StoredMessage
        do {
            stored = try await EvidenceRepository(context.store).store(bytes, envelope: envelope)
        } catch {
            request.logger.error("could not store a report received over HTTP", metadata: ["error": "\(error)"])
            let response = try await reply(.serviceUnavailable, "the evidence store is unavailable; try again later", request)
            response.headers.replaceOrAdd(name: .retryAfter, value: "30")
            return response
        }
        let response = try await Stored(sha256: stored.sha256, newMessage: stored.isNewMessage, newDeliveries: stored.newDeliveries).encodeResponse(for: request)
        response.status = stored.isNewMessage ? .created : .ok
        return response
    }

    private func reply(_ status: HTTPResponseStatus, _ message: String, _ request: Request) async throws -> Response {
        let response = try await Failure(error: message).encodeResponse(for: request)
        response.status = status
        return response
    }
}
