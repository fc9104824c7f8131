/// The charge for getting the provider's addresses off blocklists a customer got them onto:
/// a fixed amount plus an hourly amount for staff time logged on the delisting case.
public struct FeeSchedule: Sendable, Hashable {
    /// How logged minutes become billable hours.
    public enum Rounding: String, Sendable, Hashable, Codable {
        /// Every started hour counts whole (the default: 61 minutes are two hours).
        case startedHour = "started-hour"
        /// Quarter hours, each started quarter counting whole.
        case startedQuarterHour = "started-quarter-hour"
        /// Exact minutes.
        case exactMinute = "exact-minute"
    }

    public var currency: String
    /// Amounts in the currency's minor unit (cents) to keep money exact.
    public var delistingBaseMinor: Int
    public var delistingHourlyMinor: Int
    public var rounding: Rounding

    public init(currency: String = "EUR", delistingBaseMinor: Int = 5_000, delistingHourlyMinor: Int = 5_000, rounding: Rounding = .startedHour) {
        self.currency = currency; self.delistingBaseMinor = delistingBaseMinor; self.delistingHourlyMinor = delistingHourlyMinor
        self.rounding = rounding
    }

    /// An amount in minor units as billing systems and people read it: `100.00`.
    public static func amountText(minor: Int64) -> String {
        let cents = minor % 100
        return "\(minor / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The charge in minor units for `minutes` of logged staff time.
    public func delistingCharge(minutes: Int) -> Int {
        let minutes = max(0, minutes)
        let billable: Int  // in minutes, after rounding
        switch rounding {
        case .startedHour: billable = (minutes + 59) / 60 * 60
        case .startedQuarterHour: billable = (minutes + 14) / 15 * 15
        case .exactMinute: billable = minutes
        }
        return delistingBaseMinor + delistingHourlyMinor * billable / 60
    }
}
