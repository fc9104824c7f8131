/// A CIDR prefix: an address family, a network address and a length.
///
/// The network address never has host bits set: text such as `192.0.2.1/24` is rejected
/// (an inventory that says it probably meant something else). A bare address reads as a host
/// prefix (`/32` or `/128`). IPv6 prefixes inside `::ffff:0:0/96` of length 96 or more are
/// read as the IPv4 prefix they map.
public struct IPPrefix: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let family: IPFamily
    /// The network address as a number, right-aligned (IPv4 uses the low 32 bits).
    public let bits: UInt128
    /// Number of leading bits that are fixed, 0...32 or 0...128.
    public let length: Int

    /// Makes a prefix from a network address, masking any host bits away.
    public init(_ address: IPAddress, length: Int) {
        precondition(length >= 0 && length <= address.family.bitWidth, "prefix length out of range")
        self.family = address.family
        self.length = length
        self.bits = Self.raw(address) & Self.mask(family: address.family, length: length)
    }

    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        guard !text.isEmpty else { throw .empty(text) }
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .junk(text, "a prefix has one '/', like 192.0.2.0/24") }
        let addressText = parts[0]
        // Parse as IPv6 first when there is a colon so that a mapped prefix keeps its length in v6 bits.
        let isV6Text = addressText.utf8.contains(UInt8(ascii: ":")) || addressText.utf8.contains(UInt8(ascii: "%"))
        let address: IPAddress = isV6Text ? .v6(try IPv6Address(parsing: addressText)) : .v4(try IPv4Address(parsing: addressText))
        var length = address.family.bitWidth
        if parts.count == 2 {
            let lengthText = parts[1]
            guard !lengthText.isEmpty, lengthText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .junk(text, "the prefix length after '/' must be a decimal number")
            }
            guard lengthText.count == 1 || !lengthText.hasPrefix("0") else { throw .leadingZero(text) }
            guard lengthText.count <= 3, let parsed = Int(lengthText), parsed <= address.family.bitWidth else {
                throw .outOfRange(text, "the prefix length of an \(address.family) prefix is 0–\(address.family.bitWidth)")
            }
            length = parsed
        }
        let prefix = IPPrefix(address, length: length)
        guard prefix.bits == Self.raw(address) else {
            throw .init(text, "host-bits-set", "host bits are set after the /\(length); the network is \(prefix)")
        }
        self = prefix.unmapped
    }

    /// The IPv4 prefix this one maps when it lies inside `::ffff:0:0/96`, else itself.
    var unmapped: IPPrefix {
        guard family == .v6, length >= 96, bits >> 32 == 0xFFFF else { return self }
        return IPPrefix(.v4(IPv4Address(UInt32(truncatingIfNeeded: bits))), length: length - 96)
    }

    /// The first address of the prefix.
    public var network: IPAddress { Self.address(family: family, bits: bits) }

    /// The last address of the prefix.
    public var last: IPAddress {
        Self.address(family: family, bits: bits | ~Self.mask(family: family, length: length) & Self.mask(family: family, length: family.bitWidth))
    }

    /// Whether `address` lies inside this prefix (an IPv4-mapped IPv6 address counts as IPv4).
    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && Self.raw(address) & Self.mask(family: family, length: length) == bits
    }

    /// Whether `other` lies entirely inside this prefix (a prefix contains itself).
    public func contains(_ other: IPPrefix) -> Bool {
        other.family == family && other.length >= length && other.bits & Self.mask(family: family, length: length) == bits
    }

    /// Whether the two prefixes share any address (for CIDR prefixes: one contains the other).
    public func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

    public var description: String { "\(network)/\(length)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.family.rawValue, lhs.bits, lhs.length) < (rhs.family.rawValue, rhs.bits, rhs.length)
    }

    // MARK: - Bit helpers

    static func raw(_ address: IPAddress) -> UInt128 {
        switch address {
        case .v4(let v4): UInt128(v4.value)
        case .v6(let v6): v6.value
        }
    }

    static func address(family: IPFamily, bits: UInt128) -> IPAddress {
        family == .v4 ? .v4(IPv4Address(UInt32(truncatingIfNeeded: bits))) : .v6(IPv6Address(bits))
    }

    /// The network mask of `length` leading ones within the family's width, right-aligned.
    static func mask(family: IPFamily, length: Int) -> UInt128 {
        let width = family.bitWidth
        guard length > 0 else { return 0 }
        let ones: UInt128 = length >= 128 ? ~0 : ((1 << UInt128(length)) - 1)
        return ones << UInt128(width - length)
    }
}
