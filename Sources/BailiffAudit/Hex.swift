/// Lower-case hexadecimal helpers for SHA-256 digests as the audit log stores them.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lower-case hex, two characters per byte.
    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` is exactly 64 characters of `0-9a-f`, the form of a stored SHA-256 hash.
    static func isSHA256(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) else { return false }
            count += 1
            if count > 64 { return false }
        }
        return count == 64
    }

    /// Byte-for-byte equality. `String ==` compares by Unicode canonical equivalence,
    /// which is the wrong notion for stored hashes.
    static func bytesEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
