import BailiffStore
import Vapor

/// `/healthz`: 200 when the database answers, 503 with the reason when it does not, so that a
/// load balancer or the MTA's operator can tell a sick node from a healthy one.
struct HealthController: Sendable {
    let context: BailiffApplication.Context

    struct Status: Content {
        var status: String
        var database: String
        var inventoryRevision: Int64?
        var attributionRevision: Int64
        var problem: String?
    }

    @Sendable func check(_ request: Request) async throws -> Response {
        let attributionRevision = context.attribution.current.revision
        let status: Status
        let code: HTTPResponseStatus
        do {
            let revision = try await InventoryRepository(context.store).revision()
            status = Status(status: "ok", database: context.store.dialect == .sqlite ? "sqlite" : "postgres", inventoryRevision: revision, attributionRevision: attributionRevision)
            code = .ok
        } catch {
            status = Status(status: "unavailable", database: context.store.dialect == .sqlite ? "sqlite" : "postgres", attributionRevision: attributionRevision, problem: "the database does not answer")
            code = .serviceUnavailable
        }
        let response = try await status.encodeResponse(for: request)
        response.status = code
        return response
    }
}
