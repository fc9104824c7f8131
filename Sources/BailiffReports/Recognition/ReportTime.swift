import BailiffCore
import Foundation

/// The time of an event as reports write it, and the fallback when they do not.
///
/// Feeds write times in many ways: RFC 3339 (`2018-07-09T21:00:54Z`), ISO 8601 with a basic
/// offset (`2018-07-09T21:00:54+0000`), with a space instead of `T`, without a zone (taken as UTC,
/// as feeds that omit it mean), or as an RFC 5322 date. ``resolve(stated:message:receivedAt:)``
/// applies the rule every recogniser follows: the report's own time, else the message's `Date`,
/// else the arrival time — and says which it used.
public enum ReportTime {
    /// Epoch seconds of `text`, or nil when it is none of the forms above.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let time = Timestamp.parse(trimmed) { return time }
        var bytes = Array(trimmed.utf8)
        if bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":") {
            // A basic offset "+hhmm" becomes "+hh:mm"; no zone at all means UTC.
            if bytes.count >= 5, let sign = bytes.dropLast(4).last, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
               bytes.suffix(4).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), bytes.count - 5 >= 19 {
                bytes.insert(UInt8(ascii: ":"), at: bytes.count - 2)
            } else if bytes.last.map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) == true {
                bytes.append(UInt8(ascii: "Z"))
            }
            if let time = Timestamp.parse(String(decoding: bytes, as: UTF8.self)) { return time }
        }
        return RFC5322Date.parse(trimmed)
    }

    /// The report's stated time when there is one, else the message `Date`, else arrival; a
    /// stated time more than a day after arrival is a reporter's clock error and is capped there.
    public static func resolve(stated: Int64?, messageDate: Int64?, receivedAt: Int64) -> (time: Int64, source: ReportEvent.TimeSource) {
        if let stated { return (min(stated, receivedAt + 86_400), .report) }
        if let messageDate { return (min(messageDate, receivedAt + 86_400), .messageDate) }
        return (receivedAt, .arrival)
    }
}
