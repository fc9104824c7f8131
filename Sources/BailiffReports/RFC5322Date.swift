/// Parses RFC 5322 §3.3 date-time values to seconds since the Unix epoch.
///
/// Accepts the obsolete forms of RFC 5322 §4.3 and what real mailers send:
/// optional day name, two- and three-digit years, named zones (UT, GMT, EST,
/// PST …, military letters), missing seconds, missing zone (taken as UTC),
/// trailing comments such as "(CET)", and asctime order ("Tue Mar 17 20:12:13 2015").
/// Abuse handling needs timestamps to match events against logs.
public enum RFC5322Date {
    /// Epoch seconds, or nil when no plausible date-time is found.
    public static func parse(_ value: String) -> Int64? {
        let b = Array(value.utf8.prefix(256))
        var i = 0
        let n = b.count
        var day: Int? = nil, month: Int? = nil, year: Int? = nil, yearDigits = 0
        var hour: Int? = nil, minute = 0, second = 0
        var zoneMinutes: Int? = nil

        func readNumber() -> (Int, Int) {
            var v = 0, d = 0
            while i < n, b[i] >= 48, b[i] <= 57, d < 9 { v = v * 10 + Int(b[i] - 48); d += 1; i += 1 }
            return (v, d)
        }
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "(") {
                // RFC 5322 §3.2.2 comment, e.g. "(CET)": ignored (nesting not needed here).
                while i < n, b[i] != UInt8(ascii: ")") { i += 1 }
                i += 1
                continue
            }
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-"), hour != nil, zoneMinutes == nil {
                let sign = c == UInt8(ascii: "-") ? -1 : 1
                i += 1
                let (v, d) = readNumber()
                if d == 4, v % 100 < 60 { zoneMinutes = sign * ((v / 100) * 60 + v % 100) }
                else if d == 2 || d == 1 { zoneMinutes = sign * v * 60 } // "+01"
                continue
            }
            if c >= 48, c <= 57 {
                let (v, d) = readNumber()
                if i < n, b[i] == UInt8(ascii: ":"), hour == nil {
                    // RFC 5322 §3.3 time-of-day: hour ":" minute [ ":" second ]
                    i += 1
                    let (m, md) = readNumber()
                    guard md > 0, md <= 2 else { return nil }
                    hour = v; minute = m
                    if i < n, b[i] == UInt8(ascii: ":") {
                        i += 1
                        let (s, sd) = readNumber()
                        if sd > 0 { second = s }
                        // fractional seconds (non-standard) are skipped
                        if i < n, b[i] == UInt8(ascii: ".") { i += 1; _ = readNumber() }
                    }
                    if d > 2 { return nil }
                    continue
                }
                if d >= 3 || v > 31 || (day != nil && year == nil) {
                    if year == nil { year = v; yearDigits = d }
                } else if day == nil {
                    day = v
                }
                continue
            }
            if (c | 0x20) >= 97, (c | 0x20) <= 122 {
                var w: [UInt8] = []
                while i < n, (b[i] | 0x20) >= 97, (b[i] | 0x20) <= 122 { if w.count < 12 { w.append(b[i] | 0x20) }; i += 1 }
                let word = String(decoding: w, as: UTF8.self)
                if month == nil, w.count >= 3, let m = months[String(word.prefix(3))],
                   word.count == 3 || monthNames[m - 1].hasPrefix(word) {
                    month = m
                } else if hour != nil, zoneMinutes == nil, let z = zones[word] {
                    zoneMinutes = z * 60
                } else if hour != nil, zoneMinutes == nil, w.count == 1, w[0] != UInt8(ascii: "j") {
                    // RFC 5322 §4.3: military zones are unreliable; treat as -0000 (UTC).
                    zoneMinutes = 0
                }
                continue
            }
            i += 1
        }
        guard var y = year, let mo = month, let d = day, let h = hour else { return nil }
        // RFC 5322 §4.3: two-digit years 00–49 → 20xx, 50–99 → 19xx; three-digit years + 1900.
        if yearDigits <= 2 { y += y < 50 ? 2000 : 1900 } else if yearDigits == 3 { y += 1900 }
        guard (1...31).contains(d), (0...23).contains(h), (0...59).contains(minute), (0...60).contains(second),
              (1000...9999).contains(y), d <= daysIn(mo, y) else { return nil }
        let days = daysFromCivil(y, mo, d)
        return Int64(days) * 86400 + Int64(h * 3600 + minute * 60 + second) - Int64((zoneMinutes ?? 0) * 60)
    }

    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december"]
    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    /// RFC 5322 §4.3 obs-zone plus a few common abbreviations (hours east of UTC).
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2, "eet": 2, "eest": 3,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "jst": 9, "kst": 9, "hkt": 8, "msk": 3,
    ]

    private static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's civil algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
