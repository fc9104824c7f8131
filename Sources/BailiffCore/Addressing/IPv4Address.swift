/// An IPv4 address, held as its 32-bit value in host byte order.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a number: `192.0.2.1` is `0xC000_0201`.
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text strictly: four decimal numbers 0–255, no leading zeros
    /// (`010` means 8 to some parsers and 10 to others), no shorthand forms such as `127.1`.
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        guard !text.isEmpty else { throw .empty(text) }
        guard let value = Self.parseDottedQuad(text.utf8) else { throw Self.diagnose(text) }
        self.value = value
    }

    /// The fast path: the value of a strict dotted quad, or nil (then ``diagnose(_:)`` says why).
    static func parseDottedQuad(_ bytes: some Sequence<UInt8>) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                else if digits > 0 && leadingZero { return nil }
                digits += 1
                if digits > 3 { return nil }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "."):
                guard digits > 0, current <= 255, octets < 3 else { return nil }
                result = result << 8 | current
                octets += 1
                current = 0; digits = 0; leadingZero = false
            default:
                return nil
            }
        }
        guard digits > 0, current <= 255, octets == 3 else { return nil }
        return result << 8 | current
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

extension IPv4Address {
    /// Explains precisely why `text` is not a dotted quad, for error messages.
    static func diagnose(_ text: some StringProtocol) -> AddressParseError {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count != 4 {
            return .junk(text, "an IPv4 address has four numbers separated by dots, found \(parts.count)")
        }
        for part in parts {
            if part.isEmpty { return .junk(text, "empty number between dots") }
            if !part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                return .junk(text, "'\(part)' is not a decimal number")
            }
            if part.count > 1 && part.hasPrefix("0") { return .leadingZero(text) }
            if part.count > 3 || Int(part)! > 255 { return .outOfRange(text, "each number must be 0–255, found \(part)") }
        }
        return .junk(text, "expected four numbers 0–255 separated by dots, like 192.0.2.1")
    }
}
