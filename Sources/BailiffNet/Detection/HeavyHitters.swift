import BailiffCore

/// The few peers that carry most of an address's traffic, in constant space (Space-Saving,
/// Metwally et al. 2005): `capacity` entries; a new peer takes the place of the smallest and
/// inherits its count as possible error.
///
/// A flood to one destination always holds an entry (its share is far above 1/capacity), and
/// `guaranteed` never overstates a peer: thresholds are checked against it, so the sketch's
/// estimate can only make Bailiff slower to fire, never wrong.
struct HeavyHitters: Sendable {
    struct Entry: Sendable {
        var peer: IPAddress
        var volume: FlowVolume
        /// Packets the entry may have inherited from the peers it replaced.
        var error: UInt64
        /// Packets certainly sent to or from this peer.
        var guaranteed: UInt64 { volume.packets - min(error, volume.packets) }
    }

    private(set) var entries: [Entry] = []
    /// The entries' peers as numbers (IPv4 mapped into IPv6), scanned instead of the addresses.
    private var keys: [UInt128] = []
    let capacity: Int

    init(capacity: Int = 8) { self.capacity = capacity }

    static func key(_ address: IPAddress) -> UInt128 {
        switch address {
        case .v4(let v4): IPv6Address(mapping: v4).value
        case .v6(let v6): v6.value
        }
    }

    mutating func add(_ peer: IPAddress, _ flow: FlowRecord) {
        let key = Self.key(peer)
        if let index = keys.firstIndex(of: key) {
            entries[index].volume.add(flow)
            return
        }
        if entries.count < capacity {
            var volume = FlowVolume()
            volume.add(flow)
            entries.append(Entry(peer: peer, volume: volume, error: 0))
            keys.append(key)
            return
        }
        var smallest = 0
        for index in entries.indices.dropFirst() where entries[index].volume.packets < entries[smallest].volume.packets { smallest = index }
        let inherited = entries[smallest].volume.packets
        var volume = FlowVolume()
        volume.add(flow)
        volume.packets &+= inherited
        entries[smallest] = Entry(peer: peer, volume: volume, error: inherited)
        keys[smallest] = key
    }
}
