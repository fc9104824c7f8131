/// The header block of a message or body part: an ordered list of fields with
/// case-insensitive lookup (RFC 5322 §1.2.2: field names are case-insensitive).
///
/// Order is preserved because it matters (Received chains, multiple DKIM
/// signatures); lookup returns the first (topmost) occurrence.
public struct MessageHeaders: Sendable, Hashable, Sequence {
    /// All fields in the order they appeared.
    public let fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) { self.fields = fields }

    /// The first field with this name (case-insensitive).
    public func field(_ name: String) -> HeaderField? {
        let key = name.asciiLowercased
        return fields.first { $0.lowercasedName == key }
    }

    /// The unfolded value of the first field with this name, or nil.
    public subscript(_ name: String) -> String? { field(name)?.value }

    /// All fields with this name, in order (e.g. every `Received`).
    public func all(_ name: String) -> [HeaderField] {
        let key = name.asciiLowercased
        return fields.filter { $0.lowercasedName == key }
    }

    /// All values with this name, in order.
    public func values(_ name: String) -> [String] { all(name).map(\.value) }

    /// The first value with RFC 2047 encoded words decoded (for unstructured fields).
    public func decoded(_ name: String) -> String? { field(name)?.decodedValue }

    /// Whether a field with this name exists.
    public func contains(_ name: String) -> Bool { field(name) != nil }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }
    public func makeIterator() -> IndexingIterator<[HeaderField]> { fields.makeIterator() }
}
