import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// Who calls the JSON API: a named bearer token with scopes (`bailiff api-token create`), or
/// the configured `api.staff_token`, which carries every scope. Browser sessions do not
/// reach the API: a cookie is not a bearer token.
struct APIAuthenticator: Sendable {
    let store: Store
    let configuration: BailiffConfiguration

    struct Client: Sendable {
        var name: String
        var scopes: Set<APIScope>
        /// How changes made with this token appear in the audit log, with the person named in the body.
        func actor(_ person: String) -> String { "\(person) (api:\(name))" }
    }

    func client(_ request: Request) async throws -> Client? {
        guard let presented = request.headers.bearerAuthorization?.token, !presented.isEmpty, presented.count <= 200 else { return nil }
        let legacy = configuration.apiStaffToken
        if !legacy.isEmpty, constantTimeEqual(presented, legacy) { return Client(name: "staff-token", scopes: Set(APIScope.allCases)) }
        guard let token = try await APITokenRepository(store).find(tokenHash: SecretToken.digest(presented)) else { return nil }
        return Client(name: token.name, scopes: Set(token.scopes.compactMap(APIScope.init(rawValue:))))
    }

    /// Runs `body` for a client holding `scope`; 401 without a valid token, 403 without the scope.
    func guarded(_ request: Request, _ scope: APIScope, _ body: (Client) async throws -> Response) async throws -> Response {
        guard let client = try await client(request) else {
            let response = APIReply.error(.unauthorized, "send an API token as 'Authorization: Bearer <token>' (bailiff api-token create)")
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"bailiff\"")
            return response
        }
        guard client.scopes.contains(scope) else { return APIReply.error(.forbidden, "this token lacks the scope '\(scope.rawValue)'") }
        return try await body(client)
    }
}

/// JSON answers of the API.
enum APIReply {
    struct Failure: Content { var error: String }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
    }

    static func error(_ status: HTTPResponseStatus, _ message: String) -> Response {
        (try? json(Failure(error: message), status: status)) ?? Response(status: status)
    }
}

/// One page of a list, with the link to the next.
struct APIPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var page: Int
    var perPage: Int
    var total: Int
    var next: String?

    init(items: [Item], page: Int, perPage: Int, total: Int, path: String, parameters: [(String, String)]) {
        self.items = items; self.page = page; self.perPage = perPage; self.total = total
        // A total past CaseQueueQuery.countLimit was not counted to the end: a full page means more may follow.
        if page * perPage < total || (total > CaseQueueQuery.countLimit && items.count == perPage) {
            let query = (parameters.filter { $0.0 != "page" } + [("page", String(page + 1))]).map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
            next = path + "?" + query
        }
    }
}
