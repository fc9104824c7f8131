/// Tolerant base64 decoder for Content-Transfer-Encoding: base64 (RFC 2045 §6.8)
/// and RFC 2047 "B" encoded words.
///
/// RFC 2045 §6.8 says characters outside the alphabet must be ignored; real
/// mail also drops padding or concatenates several padded blobs, so padding
/// flushes the current quantum instead of ending the data.
enum Base64Decoder {
    struct Result {
        var bytes: [UInt8]
        /// Non-alphabet, non-whitespace characters that were skipped.
        var invalidCharacters: Int
        /// A final quantum of a single character (6 bits) had to be dropped.
        var truncated: Bool
        /// The data ended without the padding its length required.
        var missingPadding: Bool
    }

    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        // Tolerate the URL-safe alphabet too (seen in broken generators).
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    static func decode<C: Collection>(_ input: C) -> Result where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4 + 3)
        var acc: UInt32 = 0
        var n = 0
        var invalid = 0
        var truncated = false
        func flushPartial() {
            switch n {
            case 2: out.append(UInt8(truncatingIfNeeded: acc >> 4))
            case 3:
                out.append(UInt8(truncatingIfNeeded: acc >> 10))
                out.append(UInt8(truncatingIfNeeded: acc >> 2))
            case 1: truncated = true
            default: break
            }
            acc = 0
            n = 0
        }
        for c in input {
            let v = table[Int(c)]
            if v != 0xFF {
                acc = (acc << 6) | UInt32(v)
                n += 1
                if n == 4 {
                    out.append(UInt8(truncatingIfNeeded: acc >> 16))
                    out.append(UInt8(truncatingIfNeeded: acc >> 8))
                    out.append(UInt8(truncatingIfNeeded: acc))
                    acc = 0
                    n = 0
                }
            } else if c == UInt8(ascii: "=") {
                flushPartial()
            } else if !Bytes.isSpaceLike(c) {
                invalid += 1
            }
        }
        let missingPadding = n != 0
        flushPartial()
        return Result(bytes: out, invalidCharacters: invalid, truncated: truncated, missingPadding: missingPadding)
    }
}
