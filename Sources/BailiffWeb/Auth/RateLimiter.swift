/// A token bucket per key (a client address): `burst` requests at once, then one every
/// `refillSeconds`. Pure state; the server keeps it behind a lock.
public struct RateLimiter: Sendable {
    public let burst: Double
    public let refillSeconds: Double
    private var buckets: [String: (tokens: Double, at: Double)] = [:]

    public init(burst: Int, refillSeconds: Double) {
        self.burst = Double(burst); self.refillSeconds = refillSeconds
    }

    /// Takes one token for `key`; false when the bucket is empty (the request is refused).
    public mutating func allow(_ key: String, now: Double) -> Bool {
        if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.at < burst * refillSeconds } }
        var bucket = buckets[key] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) / refillSeconds)
        bucket.at = now
        guard bucket.tokens >= 1 else { buckets[key] = bucket; return false }
        bucket.tokens -= 1
        buckets[key] = bucket
        return true
    }
}
