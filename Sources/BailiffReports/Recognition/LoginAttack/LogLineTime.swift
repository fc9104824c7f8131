import BailiffCore

/// Finds the time a log line was written, in the forms login-attack reports quote.
///
/// - RFC 3164 syslog, `Sep 15 18:55:30 host sshd[1]: …`, which has no year: the year is the
///   reference's (the report's `Date`), or the one before if that would put the line more than a
///   day after the reference (a December line in a January report). No zone either: the report's
///   stated offset is applied (fail2ban's `complain` action writes "Note: Local timezone is
///   +0200 (CEST)"), else UTC.
/// - RFC 5424 / ISO 8601 at the start, `2023-09-15T18:55:30.123+02:00 …`, and fail2ban's own log,
///   `2023-09-15 18:55:30,123 fail2ban.filter …` (zone as above when none is written).
/// - Apache/nginx common log format anywhere in the line, `[31/Jan/2014:07:19:02 +0100]`
///   (blocklist.de's `logfile.log`).
public enum LogLineTime {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Epoch seconds of `line`'s time, or nil when it has none of the forms above.
    /// `reference` is the report's own date; `utcOffset` the log's zone in seconds east of UTC.
    public static func parse(_ line: Substring, reference: Int64, utcOffset: Int = 0) -> Int64? {
        let text = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        let bytes = Array(text.utf8.prefix(200))
        if let time = iso(bytes, utcOffset: utcOffset) { return time }
        if let time = syslog(bytes, reference: reference, utcOffset: utcOffset) { return time }
        return commonLogFormat(Array(line.utf8.prefix(2000)))
    }

    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var value = 0
        for byte in bytes[range] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `YYYY-MM-DD[T ]HH:MM:SS` then optional fraction (`.` or `,`) and zone.
    static func iso(_ bytes: [UInt8], utcOffset: Int) -> Int64? {
        guard bytes.count >= 19, number(bytes, 0..<4) != nil, bytes[4] == 45, bytes[7] == 45,
              bytes[10] == UInt8(ascii: "T") || bytes[10] == 32, bytes[13] == 58, bytes[16] == 58 else { return nil }
        var end = 19
        if end < bytes.count, bytes[end] == 46 || bytes[end] == 44 {  // fraction: dropped
            end += 1
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
        }
        let base = String(decoding: bytes[0..<19], as: UTF8.self)
        var zoneEnd = end
        while zoneEnd < bytes.count, bytes[zoneEnd] != 32, bytes[zoneEnd] != 9 { zoneEnd += 1 }
        let zone = String(decoding: bytes[end..<zoneEnd], as: UTF8.self)
        if !zone.isEmpty, let time = Timestamp.parse(base + zone) { return time }
        guard let local = Timestamp.parse(base + "Z") else { return nil }
        return local - Int64(utcOffset)
    }

    /// `Mmm dd HH:MM:SS` (day space-padded or not).
    static func syslog(_ bytes: [UInt8], reference: Int64, utcOffset: Int) -> Int64? {
        guard bytes.count >= 14 else { return nil }
        let monthName = String(decoding: bytes[0..<3], as: UTF8.self).lowercased()
        guard let monthIndex = months.firstIndex(of: monthName), bytes[3] == 32 else { return nil }
        var index = 4
        if bytes[index] == 32 { index += 1 }
        var dayEnd = index
        while dayEnd < bytes.count, dayEnd < index + 2, bytes[dayEnd] >= 48, bytes[dayEnd] <= 57 { dayEnd += 1 }
        guard let day = number(bytes, index..<dayEnd), dayEnd < bytes.count, bytes[dayEnd] == 32 else { return nil }
        let t = dayEnd + 1
        guard let hour = number(bytes, t..<(t + 2)), t + 8 <= bytes.count, bytes[t + 2] == 58, bytes[t + 5] == 58,
              let minute = number(bytes, (t + 3)..<(t + 5)), let second = number(bytes, (t + 6)..<(t + 8)) else { return nil }
        let referenceYear = Int(Timestamp.format(reference).prefix(4)) ?? 1970
        for year in [referenceYear, referenceYear - 1] {
            let text = "\(year)-\(two(monthIndex + 1))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
            guard let local = Timestamp.parse(text) else { continue }  // e.g. Feb 29 in a common year
            let time = local - Int64(utcOffset)
            if time <= reference + 86_400 { return time }
        }
        return nil
    }

    /// `[dd/Mon/yyyy:HH:MM:SS +zzzz]`.
    static func commonLogFormat(_ bytes: [UInt8]) -> Int64? {
        var start = 0
        while let open = bytes[start...].firstIndex(of: UInt8(ascii: "[")) {
            start = open + 1
            let b = Array(bytes[start..<min(bytes.count, start + 26)])
            guard b.count >= 26, b[2] == 47, b[6] == 47, b[11] == 58, b[14] == 58, b[17] == 58, b[20] == 32,
                  let day = number(b, 0..<2), let year = number(b, 7..<11), let hour = number(b, 12..<14),
                  let minute = number(b, 15..<17), let second = number(b, 18..<20),
                  let month = months.firstIndex(of: String(decoding: b[3..<6], as: UTF8.self).lowercased()),
                  b[21] == 43 || b[21] == 45, let zoneHours = number(b, 22..<24), let zoneMinutes = number(b, 24..<26)
            else { continue }
            let sign = b[21] == 43 ? "+" : "-"
            return Timestamp.parse("\(year)-\(two(month + 1))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))\(sign)\(two(zoneHours)):\(two(zoneMinutes))")
        }
        return nil
    }
}
