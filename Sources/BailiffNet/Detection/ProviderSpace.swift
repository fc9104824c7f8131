import BailiffCore

/// The provider's networks, as a fast membership test for every flow's two addresses.
public struct ProviderSpace: Sendable {
    public let prefixes: [IPPrefix]

    public init(_ prefixes: [IPPrefix]) { self.prefixes = prefixes }

    public func contains(_ address: IPAddress) -> Bool { prefixes.contains { $0.contains(address) } }
}
