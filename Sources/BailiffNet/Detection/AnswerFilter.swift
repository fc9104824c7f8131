import BailiffCore

/// Which (provider address, peer) pairs saw traffic from the peer: a probe to a peer that answered
/// is not part of a scan. A bitmap of hashed pairs in two generations, each as long as a
/// counting window; a pair counts as answered while it is set in either.
///
/// Constant space (2 × 4 MiB) and no allocation per flow. A collision can only make an unanswered
/// probe look answered (about 3 % at a million pairs a window): Bailiff then fires later, never
/// wrongly.
struct AnswerFilter: Sendable {
    private static let bits = 1 << 25
    private var current = [UInt64](repeating: 0, count: AnswerFilter.bits / 64)
    private var previous = [UInt64](repeating: 0, count: AnswerFilter.bits / 64)
    private var generationStart: Int64 = .min

    /// Starts a new generation once `generation` milliseconds have passed since the last one.
    mutating func rotate(at time: Int64, generation: Int64) {
        if generationStart == .min { generationStart = time; return }
        guard time - generationStart >= generation else { return }
        swap(&current, &previous)
        for index in current.indices { current[index] = 0 }
        generationStart = time
    }

    mutating func recordAnswer(from peer: IPAddress, to address: IPAddress) {
        let slot = Self.slot(address, peer)
        current[slot >> 6] |= 1 << UInt64(slot & 63)
    }

    func answered(_ peer: IPAddress, to address: IPAddress) -> Bool {
        let slot = Self.slot(address, peer)
        let bit: UInt64 = 1 << UInt64(slot & 63)
        return current[slot >> 6] & bit != 0 || previous[slot >> 6] & bit != 0
    }

    static func slot(_ address: IPAddress, _ peer: IPAddress) -> Int {
        var hash = fold(address) &* 0x9E37_79B9_7F4A_7C15
        hash ^= fold(peer) &+ 0x632B_E59B_D9B4_E019 &+ (hash << 6) &+ (hash >> 2)
        hash = (hash ^ (hash >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: (hash ^ (hash >> 29)) & UInt64(bits - 1))
    }

    static func fold(_ address: IPAddress) -> UInt64 {
        switch address {
        case .v4(let v4): UInt64(v4.value)
        case .v6(let v6): UInt64(truncatingIfNeeded: v6.value >> 64) &* 31 ^ UInt64(truncatingIfNeeded: v6.value)
        }
    }
}
