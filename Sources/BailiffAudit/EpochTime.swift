import Foundation

/// Renders epoch seconds for messages people read.
enum EpochTime {
    /// `seconds` as an ISO 8601 UTC time followed by the raw value, e.g. `2023-11-14T22:13:20Z (1700000000)`.
    static func describe(_ seconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return "\(date.formatted(.iso8601)) (\(seconds))"
    }
}
