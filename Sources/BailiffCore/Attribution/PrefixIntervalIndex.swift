/// Longest-prefix match over prefixes that each carry entries valid during time intervals.
///
/// The address space of one family is cut into elementary ranges, each pointing at the most
/// specific prefix ("node") that covers it; each node points at its parent, the next less
/// specific prefix. A lookup finds the range by binary search (narrowed by a table on the top
/// 16 bits, crowded buckets cut again on the next 8 bits of what they hold, then by a summary of
/// every few range starts that stays in cache), then walks from
/// the node up its parents until one has an entry valid at the instant. That walk is what makes
/// an expired /32 inside a live /24 fall through to the /24; it is laid out as a chain of entries
/// (each names the one to try next) so that trying an entry is one memory access.
///
/// Everything is held in flat arrays of plain structs (no objects, no reference counting on the
/// lookup path) so that a million prefixes fit in a few tens of megabytes. A lookup in a table
/// that size is bound by cache misses, which the layout keeps to about two per lookup: the
/// range (start and first entry together) and the entry (validity and payload together).
struct PrefixIntervalIndex<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    /// One input: a prefix (right-aligned network bits and length) and the entry it carries.
    struct Item {
        var network: Key
        var length: Int
        var validity: Validity
        var payload: Int32
        /// Among entries of the same prefix, lower ranks are tried first: a holder of a prefix
        /// wins over the bare fact that the prefix is the provider's.
        var rank: UInt8 = 0
    }

    /// An entry as the lookup reads it: validity, payload and where to go when the instant is
    /// outside the validity, in one record so that trying an entry costs one cache miss.
    struct Entry: Sendable {
        var from: Int64
        /// `Int64.max` while open.
        var until: Int64
        var payload: Int32
        /// The entry to try next: the next entry of the same prefix, else the first entry of the
        /// parent prefix (the next less specific one), else -1.
        var fallback: Int32
    }

    /// An elementary range: where it starts, and the first entry to try for addresses in it (the
    /// first entry of its most specific prefix), or -1. Together, so that the cache line the
    /// search ends in also holds the way on.
    struct ElementaryRange: Sendable {
        var start: Key
        var entry: Int32
    }

    private let ranges: [ElementaryRange]
    /// Every `searchStride`-th range start: small enough to stay in cache, it narrows the binary
    /// search down to a cache line or two of `ranges`.
    private let searchSummary: [Key]
    /// Per value of the top 16 bits: the first range starting there, and -1 or the index of the
    /// bucket's split (for buckets with many ranges).
    private let buckets: [Bucket]
    private let splits: [Split]
    /// 257 per split: the first range of each sub-bucket, then the bucket's end.
    private let subBounds: [Int32]
    private let entries: [Entry]
    /// The prefix ("node") each entry belongs to, for ``prefix(ofEntry:)``.
    private let entryNode: [Int32]
    private let nodeNetwork: [Key]
    private let nodeLength: [UInt8]

    struct Bucket: Sendable {
        var first: Int32
        var split: Int32
    }

    /// A crowded bucket is cut again on the 8 bits that follow what all its range starts share:
    /// a /16 of /32s into its /24s, a provider's /32 into /40s.
    struct Split: Sendable {
        /// The bits above the sub-bucket index that every range start of the bucket has.
        var prefix: Key
        /// `key >> shift & 0xFF` is the sub-bucket.
        var shift: Int32
        /// Where the split's 257 bounds start in `subBounds`.
        var base: Int32
    }

    private static var bucketShift: Int { Key.bitWidth - 16 }
    /// Buckets with more ranges than this get a split.
    private static var splitThreshold: Int { 64 }
    /// Ranges per summary slot: those in a cache line (64 bytes), at least 4.
    private static var searchStride: Int { max(4, 64 / MemoryLayout<ElementaryRange>.stride) }

    init(items unsorted: [Item]) {
        let items = unsorted.sorted {
            ($0.network, $0.length, $0.rank, $0.validity.from) < ($1.network, $1.length, $1.rank, $1.validity.from)
        }
        var nodeNetwork: [Key] = [], nodeLength: [UInt8] = [], nodeParent: [Int32] = [], nodeEntryStart: [Int32] = []
        var entryFrom: [Int64] = [], entryUntil: [Int64] = [], entryPayload: [Int32] = []
        entryFrom.reserveCapacity(items.count); entryUntil.reserveCapacity(items.count); entryPayload.reserveCapacity(items.count)
        var rangeStarts: [Key] = [0], rangeNode: [Int32] = [-1]
        var stack: [Int32] = []

        func lastAddress(_ node: Int32) -> Key {
            let length = Int(nodeLength[Int(node)])
            let hostMask: Key = length == 0 ? ~0 : (length == Key.bitWidth ? 0 : (~Key(0)) >> length)
            return nodeNetwork[Int(node)] | hostMask
        }
        func emit(_ start: Key, _ node: Int32) {
            if rangeStarts[rangeStarts.count - 1] == start {
                rangeNode[rangeNode.count - 1] = node  // an empty range superseded at the same start
            } else if rangeNode[rangeNode.count - 1] != node {
                rangeStarts.append(start); rangeNode.append(node)
            }
        }
        func closeNodes(endingBefore address: Key?) {
            while let top = stack.last {
                let last = lastAddress(top)
                if let address, last >= address { return }
                stack.removeLast()
                let (next, overflow) = last.addingReportingOverflow(1)
                if !overflow { emit(next, stack.last ?? -1) }
            }
        }

        for item in items {
            let isNewNode = nodeNetwork.last != item.network || nodeLength.last.map(Int.init) != item.length
            if isNewNode {
                closeNodes(endingBefore: item.network)
                let node = Int32(nodeNetwork.count)
                nodeNetwork.append(item.network)
                nodeLength.append(UInt8(item.length))
                nodeParent.append(stack.last ?? -1)
                nodeEntryStart.append(Int32(entryFrom.count))
                emit(item.network, node)
                stack.append(node)
            }
            entryFrom.append(item.validity.from)
            entryUntil.append(item.validity.until ?? .max)
            entryPayload.append(item.payload)
        }
        closeNodes(endingBefore: nil)
        nodeEntryStart.append(Int32(entryFrom.count))

        // bounds[b] = index of the first range whose start has top 16 bits >= b.
        var bounds = [Int32](repeating: Int32(rangeStarts.count), count: 65_537)
        var b = 0
        for (index, start) in rangeStarts.enumerated() {
            let bucket = Int(start >> Self.bucketShift)
            while b <= bucket { bounds[b] = Int32(index); b += 1 }
        }
        // Crowded buckets: sub-bounds on the 8 bits after the common prefix of their starts.
        var buckets: [Bucket] = [], splits: [Split] = [], subBounds: [Int32] = []
        buckets.reserveCapacity(bounds.count)
        for bucket in 0..<bounds.count {
            var split: Int32 = -1
            let low = bucket < 65_536 ? Int(bounds[bucket]) : 0, high = bucket < 65_536 ? Int(bounds[bucket + 1]) : 0
            if high - low > Self.splitThreshold {
                let common = (rangeStarts[low] ^ rangeStarts[high - 1]).leadingZeroBitCount
                let shift = max(0, Key.bitWidth - common - 8)
                split = Int32(splits.count)
                splits.append(Split(prefix: rangeStarts[low] >> (shift + 8), shift: Int32(shift), base: Int32(subBounds.count)))
                var sub = 0
                for index in low..<high {
                    let value = Int(rangeStarts[index] >> shift & 0xFF)
                    while sub <= value { subBounds.append(Int32(index)); sub += 1 }
                }
                while sub <= 256 { subBounds.append(Int32(high)); sub += 1 }
            }
            buckets.append(Bucket(first: bounds[bucket], split: split))
        }

        // Entries in lookup order: a node's entries, then its parent's, and so on up.
        var entries: [Entry] = [], entryNode: [Int32] = []
        entries.reserveCapacity(entryFrom.count); entryNode.reserveCapacity(entryFrom.count)
        for node in 0..<nodeNetwork.count {
            let start = Int(nodeEntryStart[node]), end = Int(nodeEntryStart[node + 1])
            let parent = Int(nodeParent[node])
            for entry in start..<end {
                let fallback = entry + 1 < end ? Int32(entry + 1) : (parent >= 0 ? nodeEntryStart[parent] : -1)
                entries.append(Entry(from: entryFrom[entry], until: entryUntil[entry], payload: entryPayload[entry], fallback: fallback))
                entryNode.append(Int32(node))
            }
        }
        let stride = Self.searchStride
        self.searchSummary = Swift.stride(from: 0, to: rangeStarts.count, by: stride).map { rangeStarts[$0] }
        self.ranges = zip(rangeStarts, rangeNode).map { ElementaryRange(start: $0, entry: $1 >= 0 ? nodeEntryStart[Int($1)] : -1) }
        self.buckets = buckets; self.splits = splits; self.subBounds = subBounds
        self.nodeNetwork = nodeNetwork; self.nodeLength = nodeLength
        self.entries = entries; self.entryNode = entryNode
    }

    /// The entry of the most specific prefix containing `key` that is valid at `instant`, or nil.
    @inline(__always)
    func match(_ key: Key, at instant: Int64) -> Int? {
        var entry = Int(ranges[range(containing: key)].entry)
        while entry >= 0 {
            let candidate = entries[entry]
            if candidate.from <= instant && instant < candidate.until { return entry }
            entry = Int(candidate.fallback)
        }
        return nil
    }

    /// The index of the elementary range containing `key`: the last range starting at or before it.
    @inline(__always)
    private func range(containing key: Key) -> Int {
        let bucket = Int(key >> Self.bucketShift)
        var low = Int(buckets[bucket].first), high = Int(buckets[bucket + 1].first)
        // The answer lies in [max(low - 1, 0), high - 1]: ranges before the bucket start lower,
        // ranges after it higher; the range starting at address 0 is always first.
        let splitIndex = Int(buckets[bucket].split)
        if splitIndex >= 0 {
            let split = splits[splitIndex]
            let shift = Int(split.shift)
            let keyPrefix = key >> (shift + 8)
            if keyPrefix < split.prefix { return low - 1 }
            if keyPrefix > split.prefix { return high - 1 }
            // The same holds for the sub-bucket.
            let sub = Int(split.base) + Int(key >> shift & 0xFF)
            low = Int(subBounds[sub]); high = Int(subBounds[sub + 1])
        }
        guard low < high else { return low - 1 }
        let stride = Self.searchStride
        // Last summary slot at or before the key; the first candidate slot always is.
        var slot = max(low - 1, 0) / stride + 1, slotEnd = (high - 1) / stride + 1
        searchSummary.withUnsafeBufferPointer { summary in
            while slot < slotEnd {
                let mid = (slot + slotEnd) >> 1
                if summary[mid] <= key { slot = mid + 1 } else { slotEnd = mid }
            }
        }
        // Then within the slot's `stride` starts, the first of which is at or before the key.
        var first = (slot - 1) * stride + 1, end = min(first - 1 + stride, high)
        ranges.withUnsafeBufferPointer { ranges in
            while first < end {
                let mid = (first + end) >> 1
                if ranges[mid].start <= key { first = mid + 1 } else { end = mid }
            }
        }
        return first - 1
    }

    func payload(ofEntry entry: Int) -> Int32 { entries[entry].payload }

    func validity(ofEntry entry: Int) -> Validity {
        let until = entries[entry].until
        return Validity(from: entries[entry].from, until: until == .max ? nil : until)
    }

    /// The prefix (network, length) that carries `entry`.
    func prefix(ofEntry entry: Int) -> (network: Key, length: Int) {
        let node = Int(entryNode[entry])
        return (nodeNetwork[node], Int(nodeLength[node]))
    }

    var nodeCount: Int { nodeNetwork.count }
    var rangeCount: Int { ranges.count }
    var entryCount: Int { entries.count }

    /// Bytes held by the arrays (capacity, not just count), for the benchmark's memory figure.
    var approximateBytes: Int {
        ranges.capacity * MemoryLayout<ElementaryRange>.stride
            + searchSummary.capacity * MemoryLayout<Key>.stride + buckets.capacity * MemoryLayout<Bucket>.stride
            + splits.capacity * MemoryLayout<Split>.stride + subBounds.capacity * 4
            + entries.capacity * MemoryLayout<Entry>.stride + entryNode.capacity * 4
            + nodeNetwork.capacity * MemoryLayout<Key>.stride + nodeLength.capacity
    }
}
