import Foundation

/// Random bearer secrets (session cookies, portal sign-in links, CSRF tokens) and the digest
/// under which they are stored: the database never holds a usable session or link.
public enum SecretToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form: SHA-256 in hex.
    public static func digest(_ token: String) -> String {
        SHA256Hex.of(Array(token.utf8))
    }

    /// Whether a presented value looks like one of ours (cheap check before any lookup).
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }
}
