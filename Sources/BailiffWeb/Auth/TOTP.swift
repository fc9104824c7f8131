import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 30-second
/// steps, 6 digits — what every authenticator app speaks. Staff sign in with one after their
/// password.
public struct TOTP: Sendable, Hashable {
    public let secret: [UInt8]
    public let digits: Int
    public let period: Int64

    public init(secret: [UInt8], digits: Int = 6, period: Int64 = 30) {
        self.secret = secret; self.digits = digits; self.period = period
    }

    /// A new random 160-bit secret (RFC 4226 §4 recommends 160 bits).
    public static func generateSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The time step an instant falls in.
    public func step(at unixTime: Int64) -> Int64 { unixTime / period }

    /// The code of one time step (RFC 4226 §5.3, dynamic truncation).
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at unixTime: Int64) -> String { code(step: step(at: unixTime)) }

    /// The step a presented code matches, allowing one step of clock drift either way; nil when
    /// it matches none or only a step at or before `lastUsedStep` (a code works once: RFC 6238 §5.2).
    public func verify(_ presented: String, at unixTime: Int64, lastUsedStep: Int64?) -> Int64? {
        let cleaned = presented.filter { !$0.isWhitespace }
        guard cleaned.count == digits, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let current = step(at: unixTime)
        for candidate in [current, current - 1, current + 1] where candidate > (lastUsedStep ?? Int64.min) {
            if constantTimeEqual(code(step: candidate), cleaned) { return candidate }
        }
        return nil
    }

    /// The `otpauth://` URI an authenticator app reads (as a QR code or pasted).
    public func provisioningURI(account: String, issuer: String) -> String {
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        return "otpauth://totp/\(encode(issuer)):\(encode(account))?secret=\(Base32.encode(secret))&issuer=\(encode(issuer))&digits=\(digits)&period=\(period)"
    }
}

/// Compares two secrets in time that depends neither on where they differ nor on their lengths
/// (both are hashed to 32 bytes first).
public func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let left = SHA256.hash(data: Data(lhs.utf8)), right = SHA256.hash(data: Data(rhs.utf8))
    return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
