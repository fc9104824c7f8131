/// A short digest of text that is the same in every process and on every run (FNV-1a, 64 bits;
/// Swift's `hashValue` is seeded per process). For names made from keys — Message-IDs, MIME
/// boundaries — never for security.
public enum StableDigest {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Sixteen hex digits.
    public static func hex(_ text: String) -> String {
        let hex = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
