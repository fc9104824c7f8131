/// An IPv6 address, held as its 128-bit value.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a number, most significant group first.
    public var value: UInt128

    public init(_ value: UInt128) { self.value = value }

    /// The IPv4-mapped form `::ffff:a.b.c.d` of an IPv4 address (RFC 4291 §2.5.5.2).
    public init(mapping v4: IPv4Address) { self.value = 0xFFFF_0000_0000 | UInt128(v4.value) }

    /// The IPv4 address this one maps, when it lies in `::ffff:0:0/96`.
    public var mappedIPv4: IPv4Address? {
        value >> 32 == 0xFFFF ? IPv4Address(UInt32(truncatingIfNeeded: value)) : nil
    }

    /// Parses RFC 4291 §2.2 text: eight groups of 1–4 hex digits, one `::` for a run of zero
    /// groups, optionally a dotted quad in the last 32 bits. Zone ids (`%eth0`) and brackets are
    /// rejected: they belong to a socket address, not to an address of the network.
    public init(parsing text: some StringProtocol) throws(AddressParseError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty(text) }
        if bytes.contains(UInt8(ascii: "%")) { throw .zoneID(text) }
        if bytes.first == UInt8(ascii: "[") { throw .junk(text, "remove the brackets around the address") }
        guard bytes.count <= 45 else { throw .junk(text, "too long for an IPv6 address") }

        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawDoubleColon = false
        var index = 0
        // A leading "::" is the only place a group list may start with a colon.
        if bytes.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            sawDoubleColon = true
            index = 2
        } else if bytes.first == UInt8(ascii: ":") {
            throw .junk(text, "an address cannot start with a single ':'")
        }
        while index < bytes.count {
            // One group: hex digits up to the next ':' or the end; or a trailing dotted quad.
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let group = bytes[index..<end]
            if group.contains(UInt8(ascii: ".")) {
                guard end == bytes.count else { throw .junk(text, "an embedded IPv4 address must come last") }
                let quadText = String(decoding: group, as: UTF8.self)
                guard let quad = IPv4Address.parseDottedQuad(group) else { throw IPv4Address.diagnose(quadText) }
                let pair = [UInt16(quad >> 16), UInt16(quad & 0xFFFF)]
                if sawDoubleColon { tail += pair } else { head += pair }
                index = end
                break
            }
            guard !group.isEmpty else { throw .junk(text, "empty group between colons") }
            guard group.count <= 4 else {
                throw .outOfRange(text, "each group has at most four hex digits, found '\(String(decoding: group, as: UTF8.self))'")
            }
            var groupValue: UInt16 = 0
            for byte in group {
                guard let nibble = hexValue(byte) else {
                    throw .junk(text, "'\(String(decoding: group, as: UTF8.self))' is not a hex number")
                }
                groupValue = groupValue << 4 | UInt16(nibble)
            }
            if sawDoubleColon { tail.append(groupValue) } else { head.append(groupValue) }
            index = end
            guard index < bytes.count else { break }
            // At a colon: "::" opens the zero run, ":" separates groups.
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { throw .junk(text, "'::' may appear only once") }
                sawDoubleColon = true
                index += 2
            } else {
                index += 1
                guard index < bytes.count else { throw .junk(text, "an address cannot end with a single ':'") }
            }
        }
        let groups = head.count + tail.count
        if sawDoubleColon {
            guard groups <= 7 else { throw .junk(text, "'::' must stand for at least one zero group; there are already \(groups)") }
        } else {
            guard groups == 8 else { throw .junk(text, "an IPv6 address has eight groups (or '::'), found \(groups)") }
        }
        var value: UInt128 = 0
        for group in head { value = value << 16 | UInt128(group) }
        value <<= 16 * (8 - head.count)
        var tailValue: UInt128 = 0
        for group in tail { tailValue = tailValue << 16 | UInt128(group) }
        self.value = value | tailValue
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: value >> (16 * (7 - $0))) }
    }

    /// RFC 5952 canonical text: lower case, no leading zeros, the longest run of two or more
    /// zero groups (the first, on a tie) shortened to `::`, and IPv4-mapped addresses with their
    /// last 32 bits as a dotted quad (§5).
    public var description: String {
        if let v4 = mappedIPv4 { return "::ffff:\(v4)" }
        let groups = self.groups
        var bestStart = -1, bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                let length = i - runStart
                if length > bestLength { bestStart = runStart; bestLength = length }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestLength >= 2 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

@inline(__always)
private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
