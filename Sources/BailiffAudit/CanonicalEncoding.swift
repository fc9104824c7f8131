import Crypto

/// Feeds the canonical byte encoding of an audit entry into SHA-256.
///
/// This is the storage format documented on ``AuditChain/hash(of:)``; it must never change,
/// or every stored hash stops verifying. It writes straight into the hasher so that
/// verifying millions of entries allocates no intermediate buffers.
struct CanonicalEncoding {
    /// Domain tag written first, so these hashes cannot be confused with any other SHA-256 use.
    static let domainTag = "bailiff-audit-entry v1"

    private var hasher = SHA256()

    /// Appends `value` as 8 bytes, big-endian two's complement.
    mutating func append(_ value: Int64) {
        withUnsafeBytes(of: UInt64(bitPattern: value).bigEndian) { hasher.update(bufferPointer: $0) }
    }

    /// Appends the UTF-8 byte count of `text` as a big-endian `UInt64`, then those bytes as they are.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }

    /// The lower-case hex SHA-256 of everything appended so far.
    consuming func finish() -> String {
        Hex.lowercase(hasher.finalize())
    }
}
