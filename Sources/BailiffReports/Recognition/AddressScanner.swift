import BailiffCore

/// Finds IP addresses in free text: every run of characters that could be one, checked by the
/// strict parser, so that version numbers ("1.2.3"), times ("12:00:01") and dotted words do not
/// pass and a real address next to punctuation ("[192.0.2.1]," or "192.0.2.1.") does. A
/// network in prefix notation ("192.0.2.0/24") is not a host and is skipped.
public enum AddressScanner {
    /// The addresses in `text` in order of appearance, without repeats.
    public static func addresses(in text: some StringProtocol) -> [IPAddress] {
        var found: [IPAddress] = []
        var seen: Set<IPAddress> = []
        var token: [UInt8] = []
        func flush() {
            defer { token.removeAll(keepingCapacity: true) }
            guard token.count >= 2, token.count <= 45, token.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }) else { return }
            var candidates = [token]
            // "192.0.2.1:8080" is an address and a port; "192.0.2.1." ends a sentence.
            if let colon = token.firstIndex(of: UInt8(ascii: ":")), token[..<colon].contains(UInt8(ascii: ".")) {
                candidates.append(Array(token[..<colon]))
            }
            var trimmed = token
            while let last = trimmed.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ":") {
                trimmed.removeLast()
                candidates.append(trimmed)
            }
            for candidate in candidates {
                if let address = try? IPAddress(parsing: String(decoding: candidate, as: UTF8.self)) {
                    if seen.insert(address).inserted { found.append(address) }
                    return
                }
            }
        }
        let bytes = Array(text.utf8)
        func isDigit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") }
        func isAlphanumeric(_ index: Int) -> Bool {
            index < bytes.count && (isDigit(index) || (bytes[index] | 0x20 >= UInt8(ascii: "a") && bytes[index] | 0x20 <= UInt8(ascii: "z")))
        }
        /// How many digits (1–3) follow the slash at `slash`, or nil when none do.
        func prefixLengthDigits(after slash: Int) -> Int? {
            var count = 0
            while count < 3, isDigit(slash + 1 + count) { count += 1 }
            return count == 0 ? nil : count
        }
        for (index, byte) in bytes.enumerated() {
            let isAddressByte = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            if isAddressByte {
                if token.count < 64 { token.append(byte) }
            } else if byte == UInt8(ascii: "/"), !token.isEmpty, let length = prefixLengthDigits(after: index), !isAlphanumeric(index + 1 + length) {
                // "192.0.2.0/24" names a network (often the reporter's own, "our block …"), not a host.
                token.removeAll(keepingCapacity: true)
            } else {
                flush()
            }
        }
        flush()
        return found
    }
}
