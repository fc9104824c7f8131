import BailiffCore

extension BailiffConfiguration {
    /// The resolver for URL-only reports, or nil when lookups are turned off.
    public var hostResolver: (any HostResolver)? {
        intakeResolveTimeoutSeconds > 0 ? SystemHostResolver(timeout: .milliseconds(Int(intakeResolveTimeoutSeconds * 1000))) : nil
    }
}
