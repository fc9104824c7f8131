import BailiffCore

/// Reads the `Date` of an X-ARF report, which senders write in several ways.
///
/// The X-ARF 0.2 schemas ask for an RFC 2822/5322 date ("Thu, 05 Jan 2012 13:46:58 +0100"); in
/// the wild there are also RFC 3339 stamps with a colon-less offset
/// (vpsfree-cz-configuration x_arf_login_attack.eml: `2026-04-17T17:02:02-0400`) and syslog-like
/// stamps without a weekday (python-xarf tests/test.yaml: `Feb  3 2014 02:13:35 +0100`).
enum XARFMailDate {
    /// Epoch seconds, or nil when the text is no date this knows.
    static func parse(_ text: String) -> Int64? {
        let trimmed = String(Substring(text).trimmingSpaces)
        if let seconds = Timestamp.parse(trimmed) { return seconds }
        let bytes = Array(trimmed.utf8)
        // RFC 3339 with a ±hhmm offset: insert the colon RFC 3339 §5.6 requires.
        if bytes.count >= 24, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") {
            let sign = bytes[bytes.count - 5]
            if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes.suffix(4).allSatisfy(XARFFormat.isDigit) {
                let fixed = String(decoding: bytes.dropLast(2), as: UTF8.self) + ":" + String(decoding: bytes.suffix(2), as: UTF8.self)
                if let seconds = Timestamp.parse(fixed) { return seconds }
            }
            return nil
        }
        // RFC 5322 §3.3 and its lenient relatives (the month name makes them unambiguous).
        return RFC5322Date.parse(trimmed)
    }
}
