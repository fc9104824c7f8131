/// Which sources Bailiff believes, and how much evidence a disruptive action needs.
///
/// A source is matched by the reporter's address or domain (`shadowserver.org` matches
/// `autoreports@shadowserver.org`), or by a channel name (`sensor:flows`, `form`). Automatic
/// suspension or termination needs one source at `automaticActionNeeds` or above, or
/// `independentSources` distinct sources of any level; otherwise a disruptive rung only notifies
/// and asks staff to confirm.
public struct TrustPolicy: Sendable, Hashable {
    public struct Source: Sendable, Hashable {
        public var match: String
        public var level: TrustLevel
        public init(match: String, level: TrustLevel) { self.match = match.lowercased(); self.level = level }
    }

    public var sources: [Source]
    public var defaultLevel: TrustLevel
    public var automaticActionNeeds: TrustLevel
    public var independentSources: Int

    public init(sources: [Source] = [], defaultLevel: TrustLevel = .low, automaticActionNeeds: TrustLevel = .high, independentSources: Int = 3) {
        self.sources = sources; self.defaultLevel = defaultLevel; self.automaticActionNeeds = automaticActionNeeds
        self.independentSources = independentSources
    }

    /// The level of a reporter (an address, a domain or a channel name).
    public func level(of reporter: String) -> TrustLevel {
        let text = reporter.lowercased()
        let address = text.split(whereSeparator: { " <>\"".contains($0) }).last { $0.contains("@") }.map(String.init) ?? text
        let domain = address.split(separator: "@").last.map(String.init) ?? address
        var best: TrustLevel?
        for source in sources where address == source.match || domain == source.match || domain.hasSuffix("." + source.match) || text == source.match {
            best = max(best ?? source.level, source.level)
        }
        return best ?? defaultLevel
    }
}
