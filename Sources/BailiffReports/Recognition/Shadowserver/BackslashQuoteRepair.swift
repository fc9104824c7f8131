/// Rewrites backslash-escaped quotes inside quoted CSV fields to RFC 4180's doubled quotes.
///
/// Shadowserver writes some fields (HTTP headers, mDNS TXT records) with quotes escaped as
/// `\"`, often as `\"\"` — seen in IntelMQ's `population_http_proxy.csv`,
/// `scan_http_vulnerable.csv` and `scan_mdns.csv`: `"Basic realm=\"\"Squid …\"\""`. Strict
/// RFC 4180 reads the `"` after the backslash as the closing quote and fails. This repair runs
/// only after a strict parse failed, so well-formed files pay nothing:
/// - `\"\"` inside a quoted field becomes one literal quote (`""`);
/// - `\"` inside a quoted field becomes a literal quote, unless a delimiter or the end follows,
///   where it is a trailing backslash and the field's closing quote (`"C:\"`).
/// Line breaks are untouched, so line numbers stay those of the original file.
enum BackslashQuoteRepair {
    static func repair(_ bytes: [UInt8]) -> [UInt8] {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var index = 0
        var inQuotes = false
        var atFieldStart = true
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == backslash, index + 1 < count, bytes[index + 1] == quote {
                    if index + 3 < count, bytes[index + 2] == backslash, bytes[index + 3] == quote {
                        out.append(quote); out.append(quote); index += 4; continue
                    }
                    let next: UInt8? = index + 2 < count ? bytes[index + 2] : nil
                    if next == nil || next == comma || next == lf || next == cr {
                        out.append(backslash); index += 1; continue  // the quote closes the field next round
                    }
                    out.append(quote); out.append(quote); index += 2; continue
                }
                if byte == quote {
                    if index + 1 < count, bytes[index + 1] == quote { out.append(quote); out.append(quote); index += 2; continue }
                    inQuotes = false
                }
                out.append(byte); index += 1
                continue
            }
            if byte == quote && atFieldStart { inQuotes = true }
            atFieldStart = byte == comma || byte == lf || byte == cr
            out.append(byte)
            index += 1
        }
        return out
    }
}
