import Foundation

/// What an API token may do. A panel that only makes portal links gets `portal:links` and
/// nothing else; a reporting dashboard gets the `:read` scopes.
public enum APIScope: String, Sendable, Hashable, CaseIterable, Codable {
    case casesRead = "cases:read"
    case casesWrite = "cases:write"
    case eventsRead = "events:read"
    case reportsRead = "reports:read"
    case inventoryRead = "inventory:read"
    case policyRead = "policy:read"
    case portalLinks = "portal:links"
    /// Port-25 requests and an address's history.
    case port25Read = "port25:read"
    /// File port-25 requests (a control panel, for its customers).
    case port25Request = "port25:request"
    /// Approve or refuse requests waiting for review (staff tools; never a panel's token, or the
    /// panel could approve what it filed).
    case port25Decide = "port25:decide"

    /// Reads a comma-separated list; the failure names the first unknown scope.
    public static func parse(_ text: String) -> Result<Set<APIScope>, UnknownScope> {
        var scopes: Set<APIScope> = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let scope = APIScope(rawValue: part) else { return .failure(UnknownScope(name: part)) }
            scopes.insert(scope)
        }
        return .success(scopes)
    }

    /// A scope name that is not one of ours.
    public struct UnknownScope: Error, Sendable {
        public var name: String
    }
}
