import AsyncHTTPClient
import BailiffCore
import BailiffStore
import Foundation
import NIOCore
import NIOHTTP1

/// Where sensor reports go: the evidence store of this server, or a server's API.
public protocol SensorReporter: Sendable {
    func deliver(_ report: SensorReport) async throws
}

/// Stores sensor reports as evidence delivered on the `sensor` channel, like any report.
public struct StoreSensorReporter: SensorReporter {
    let store: Store
    public init(store: Store) { self.store = store }

    public func deliver(_ report: SensorReport) async throws {
        let envelope = Envelope(channel: .sensor, mailFrom: "sensor:\(report.sensor)", recipients: ["sensor:\(report.sensor)"], clientAddress: nil,
                                receivedAt: Int64(Date().timeIntervalSince1970))
        _ = try await EvidenceRepository(store).store(Array(report.json().utf8), envelope: envelope)
    }
}

/// Posts sensor reports to a server's `POST /api/v1/reports` with the sensor token
/// (`bailiff collect` at a remote site).
public struct HTTPSensorReporter: SensorReporter {
    let url: String
    let token: String

    public init(serverURL: String, token: String) {
        self.url = serverURL + "/api/v1/reports"; self.token = token
    }

    public func deliver(_ report: SensorReport) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Bailiff-Channel", value: "sensor")
        request.body = .bytes(ByteBuffer(string: report.json()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = try? await response.body.collect(upTo: 4_096)
            throw StoreError("the server refused the sensor report: \(response.status.code) \(body.map { String(buffer: $0) } ?? "")")
        }
    }
}
