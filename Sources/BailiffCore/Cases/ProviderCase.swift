/// A provider case: a matter of the provider's own (a listing of its relay, of a range, of an
/// address nobody holds) rather than of one customer's service. It has no customer to notify
/// and earns no fee; staff work it and, from evidence, attribute it to a customer's service,
/// whose own case then follows the policy.
public enum ProviderCase {
    /// The service and customer a provider case is filed under: with a space, which no inventory
    /// id may contain, so that no real customer's portal or fee ever meets a provider case.
    public static let holder = "the provider"

    public static func isProviderCase(serviceID: String) -> Bool { serviceID == holder }
}
