import BailiffCore
@testable import BailiffServer
import BailiffStore
import BailiffWeb
import Foundation
import Testing
import VaporTesting

/// `/api/openapi.yaml` is kept true: every route under `/api/v1` is documented and every
/// documented operation exists; each operation is called with its documented parameters and
/// examples and must answer a documented status with a body that matches that status's schema;
/// without a token it answers 401, and with a token lacking its scope, 403.
@Suite struct OpenAPIConformanceTests {
    typealias Object = [String: Any]

    static func document() throws -> Object {
        try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.text.utf8)) as! Object
    }

    static func documentedOperations(_ document: Object) -> [(method: String, path: String, operation: Object)] {
        let paths = document["paths"] as! [String: Object]
        return paths.keys.sorted().flatMap { path in
            (paths[path]!).keys.sorted().map { method in (method.uppercased(), path, paths[path]![method] as! Object) }
        }
    }

    @Test func everyRouteIsDocumentedAndEveryOperationExists() async throws {
        try await WebTenancyTests.withWorld(.sqlite) { world in
            let registered = Set(world.app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return path.hasPrefix("/api/v1") ? "\(route.method.rawValue) \(path)" : nil
            })
            let documented = Set(Self.documentedOperations(try Self.document()).map { "\($0.method) \($0.path)" })
            #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented operations the server lacks: \(documented.subtracting(registered).sorted())")
            try await world.app.testing().test(.GET, "/api/openapi.yaml") { response in
                #expect(response.status == .ok && response.body.string == OpenAPIDocument.text)
            }
        }
    }

    @Test(arguments: CaseBackend.available)
    func everyOperationAnswersAsDocumented(backend: CaseBackend) async throws {
        try await WebTenancyTests.withWorld(backend) { world in
            let document = try Self.document()
            let all = SecretToken.generate(), narrow = SecretToken.generate()
            let tokens = APITokenRepository(world.store)
            try await tokens.create(name: "all", tokenHash: SecretToken.digest(all), scopes: APIScope.allCases.map(\.rawValue), by: "test", now: WebTenancyTests.t0)
            try await tokens.create(name: "narrow", tokenHash: SecretToken.digest(narrow), scopes: [], by: "test", now: WebTenancyTests.t0)
            var called = 0
            for (method, path, operation) in Self.documentedOperations(document) where operation["operationId"] as? String != "submitReport" {
                var url = path
                var query: [String] = []
                for parameter in operation["parameters"] as? [Object] ?? [] {
                    let name = parameter["name"] as! String
                    switch (parameter["in"] as! String, parameter["x-fixture"] as? String) {
                    case ("path", "case"?): url = url.replacingOccurrences(of: "{\(name)}", with: String(world.caseA))
                    case ("path", "report"?): url = url.replacingOccurrences(of: "{\(name)}", with: world.evidenceA)
                    case ("path", _): url = url.replacingOccurrences(of: "{\(name)}", with: "\(parameter["example"]!)")
                    case ("query", _): if let example = parameter["example"] { query.append("\(name)=\(percentEncode("\(example)"))") }
                    default: break
                    }
                }
                if !query.isEmpty { url += "?" + query.joined(separator: "&") }
                let example = ((operation["requestBody"] as? Object)?["content"] as? Object)?["application/json"].flatMap { ($0 as? Object)?["example"] }
                let body = try example.map { try JSONSerialization.data(withJSONObject: $0) }
                let responses = operation["responses"] as! Object
                for (token, expectation) in [(nil, "401"), (narrow, "403"), (all, nil)] as [(String?, String?)] {
                    var headers = HTTPHeaders()
                    if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
                    if body != nil { headers.contentType = .json }
                    try await world.app.testing().test(HTTPMethod(rawValue: method), url, headers: headers, body: body.map { ByteBuffer(data: $0) }) { response in
                        let status = String(response.status.code)
                        let where_ = "\(method) \(url) with \(token == nil ? "no token" : token == narrow ? "the narrow token" : "the full token")"
                        if let expectation { #expect(status == expectation, "\(where_): \(status)") }
                        guard let documented = responses[status] as? Object else {
                            Issue.record("\(where_) answered \(status), which the document does not list: \(response.body.string.prefix(300))")
                            return
                        }
                        if expectation == nil { #expect(response.status.code < 400 || status == "422", "\(where_) failed: \(response.body.string.prefix(300))") }
                        guard let schema = ((documented["content"] as? Object)?["application/json"] as? Object)?["schema"] as? Object else { return }
                        let value = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
                        let problems = Self.validate(value, schema, in: document, at: "$")
                        #expect(problems.isEmpty, "\(where_): \(problems.prefix(5))")
                    }
                }
                called += 1
            }
            #expect(called == Self.documentedOperations(document).count - 1, "every operation but the intake was called")
            // The intake endpoint: documented 401 without its token.
            try await world.app.testing().test(.POST, "/api/v1/reports", body: ByteBuffer(string: "x")) { response in
                #expect(["401", "503"].contains(String(response.status.code)))
            }
        }
    }

    /// A small JSON Schema (OpenAPI 3.0 dialect) check: $ref, type, required, properties,
    /// additionalProperties, items, enum, nullable.
    static func validate(_ value: Any, _ schema: Object, in document: Object, at path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = reference.split(separator: "/").last.map(String.init) ?? ""
            let schemas = (document["components"] as! Object)["schemas"] as! Object
            guard let target = schemas[name] as? Object else { return ["\(path): unknown reference \(reference)"] }
            return validate(value, target, in: document, at: path)
        }
        if value is NSNull { return schema["nullable"] as? Bool == true ? [] : ["\(path): null where \(schema["type"] ?? "a value") is documented"] }
        var problems: [String] = []
        switch schema["type"] as? String {
        case "object"?:
            guard let object = value as? Object else { return ["\(path): not an object"] }
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { problems.append("\(path).\(name) is required") }
            let properties = schema["properties"] as? Object ?? [:]
            for (name, member) in object {
                if let property = properties[name] as? Object {
                    problems += validate(member, property, in: document, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] as? Object {
                    problems += validate(member, additional, in: document, at: "\(path).\(name)")
                } else if !properties.isEmpty {
                    problems.append("\(path).\(name) is not documented")
                }
            }
        case "array"?:
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            if let items = schema["items"] as? Object {
                for (index, item) in array.enumerated() { problems += validate(item, items, in: document, at: "\(path)[\(index)]") }
            }
        case "string"?:
            guard let text = value as? String else { return ["\(path): not a string"] }
            if let allowed = schema["enum"] as? [String], !allowed.contains(text) { problems.append("\(path): '\(text)' is not one of \(allowed)") }
        case "integer"?:
            guard !(value is String), let number = (value as? NSNumber)?.doubleValue, number.rounded() == number else { return ["\(path): not an integer"] }
        case "boolean"?:
            guard value as? Bool != nil, !(value is String) else { return ["\(path): not a boolean"] }
        default:
            break
        }
        return problems
    }
}
