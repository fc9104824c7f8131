import BailiffCore
import BailiffStore
import Foundation
import Prometheus
import Vapor

/// Builds the HTTP application: the same function serves `bailiff serve` and the tests
/// (which pass port 0 and their own store).
public enum BailiffApplication {
    /// Everything a running server shares.
    public struct Context: Sendable {
        public let configuration: BailiffConfiguration
        public let store: Store
        public let attribution: AttributionService
        public let registry: PrometheusCollectorRegistry

        public init(configuration: BailiffConfiguration, store: Store, attribution: AttributionService, registry: PrometheusCollectorRegistry) {
            self.configuration = configuration; self.store = store; self.attribution = attribution; self.registry = registry
        }
    }

    public static func make(_ context: Context, environment: Environment = .production) async throws -> Application {
        var environment = environment
        environment.arguments = ["bailiff"]  // the CLI has parsed its own arguments already
        let app = try await Application.make(environment)
        app.http.server.configuration.hostname = context.configuration.httpHost
        app.http.server.configuration.port = context.configuration.httpPort
        // Bcrypt at cost 12 takes about a quarter of a second: off the event loop, in a pool.
        app.passwords.use(.bcrypt(cost: 12))
        app.middleware.use(SecurityHeaders(https: context.configuration.webIsHTTPS), at: .beginning)
        configureRoutes(app, context)
        return app
    }

    static func configureRoutes(_ app: Application, _ context: Context) {
        let health = HealthController(context: context)
        app.get("healthz", use: health.check)
        ReportIntakeController(context: context).register(app)
        CaseAPIController(context: context).register(app)
        RecordsAPIController(context: context).register(app)
        Port25APIController(context: context).register(app)
        app.get("metrics") { _ -> Response in
            var buffer: [UInt8] = []
            context.registry.emit(into: &buffer)
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
        }
        let web = WebContext(context)
        PublicController(web: web).register(app)
        LoginController(web: web).register(app)
        DeskController(web: web).register(app)
        PortalController(web: web).register(app)
    }
}
