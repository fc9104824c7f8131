/// Longest-prefix match over prefixes that each carry entries valid during time intervals.
///
/// The address space of one family is cut into elementary ranges, each pointing at the most
/// specific prefix ("node") that covers it; each node points at its parent, the next less
/// specific prefix. A lookup finds the range by binary search (narrowed by a table on the top
/// 16 bits), then walks from the node up its parents until one has an entry valid at the
/// instant. That walk is what makes an expired /32 inside a live /24 fall through to the /24.
///
/// Everything is held in flat arrays of integers (no objects, no reference counting on the
/// lookup path) so that a million prefixes fit in a few tens of megabytes.
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

    private let rangeStarts: [Key]
    private let rangeNode: [Int32]
    private let bucketBounds: [Int32]
    private let nodeParent: [Int32]
    private let nodeNetwork: [Key]
    private let nodeLength: [UInt8]
    private let nodeEntryStart: [Int32]
    private let entryFrom: [Int64]
    private let entryUntil: [Int64]
    private let entryPayload: [Int32]

    private static var bucketShift: Int { Key.bitWidth - 16 }

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

        // bucketBounds[b] = index of the first range whose start has top 16 bits >= b.
        var bounds = [Int32](repeating: Int32(rangeStarts.count), count: 65_537)
        var b = 0
        for (index, start) in rangeStarts.enumerated() {
            let bucket = Int(start >> Self.bucketShift)
            while b <= bucket { bounds[b] = Int32(index); b += 1 }
        }

        self.rangeStarts = rangeStarts; self.rangeNode = rangeNode; self.bucketBounds = bounds
        self.nodeParent = nodeParent; self.nodeNetwork = nodeNetwork; self.nodeLength = nodeLength
        self.nodeEntryStart = nodeEntryStart
        self.entryFrom = entryFrom; self.entryUntil = entryUntil; self.entryPayload = entryPayload
    }

    /// The entry of the most specific prefix containing `key` that is valid at `instant`, or nil.
    @inline(__always)
    func match(_ key: Key, at instant: Int64) -> Int? {
        let bucket = Int(key >> Self.bucketShift)
        var low = 0, high = 0
        bucketBounds.withUnsafeBufferPointer { bounds in
            low = Int(bounds[bucket]); high = Int(bounds[bucket + 1])
        }
        let range: Int = rangeStarts.withUnsafeBufferPointer { starts in
            while low < high {
                let mid = (low + high) >> 1
                if starts[mid] <= key { low = mid + 1 } else { high = mid }
            }
            return low - 1  // >= 0: the range starting at address 0 is always first
        }
        var node = Int(rangeNode[range])
        while node >= 0 {
            let end = Int(nodeEntryStart[node + 1])
            var entry = Int(nodeEntryStart[node])
            while entry < end {
                if entryFrom[entry] <= instant && instant < entryUntil[entry] { return entry }
                entry += 1
            }
            node = Int(nodeParent[node])
        }
        return nil
    }

    func payload(ofEntry entry: Int) -> Int32 { entryPayload[entry] }

    func validity(ofEntry entry: Int) -> Validity {
        let until = entryUntil[entry]
        return Validity(from: entryFrom[entry], until: until == .max ? nil : until)
    }

    /// The prefix (network, length) that carries `entry`.
    func prefix(ofEntry entry: Int) -> (network: Key, length: Int) {
        // Nodes own contiguous, ascending entry ranges: find the last node starting at or before entry.
        var low = 0, high = nodeNetwork.count
        while low < high {
            let mid = (low + high) >> 1
            if Int(nodeEntryStart[mid]) <= entry { low = mid + 1 } else { high = mid }
        }
        return (nodeNetwork[low - 1], Int(nodeLength[low - 1]))
    }

    var nodeCount: Int { nodeNetwork.count }
    var rangeCount: Int { rangeStarts.count }
    var entryCount: Int { entryFrom.count }

    /// Bytes held by the arrays (capacity, not just count), for the benchmark's memory figure.
    var approximateBytes: Int {
        rangeStarts.capacity * MemoryLayout<Key>.stride + rangeNode.capacity * 4 + bucketBounds.capacity * 4
            + nodeParent.capacity * 4 + nodeNetwork.capacity * MemoryLayout<Key>.stride + nodeLength.capacity
            + nodeEntryStart.capacity * 4 + entryFrom.capacity * 8 + entryUntil.capacity * 8 + entryPayload.capacity * 4
    }
}
