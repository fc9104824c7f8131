/// The two file formats `bailiff import inventory` reads (documented in the README).
public enum InventoryFileFormat: String, Sendable, CaseIterable {
    case csv
    case json

    /// The format by file extension, else by the first non-blank byte (`{` means JSON).
    public static func detect(path: String, bytes: [UInt8]) -> InventoryFileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        let first = bytes.first { ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0xEF, 0xBB, 0xBF].contains($0) }
        return first == UInt8(ascii: "{") ? .json : .csv
    }
}
