import Foundation

/// Finds the shared report corpus (`shared/corpus`, see its README.md): walking up from this
/// file to a folder that contains `shared/corpus`, else the `BAILIFF_TEST_CORPUS` environment
/// variable. Tests that need it are skipped when neither exists.
enum XARFTestCorpus {
    /// The one corpus locator of these tests (`Corpus` in TestSupport.swift).
    static var root: URL? { Corpus.root }

    static var isAvailable: Bool { root != nil }

    /// The bytes of a corpus file, e.g. `abusix-xarf/samples/positive/3/spam_sample.json`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        guard let root else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    /// Relative paths of the `.json` files under a corpus folder, sorted.
    static func jsonFiles(under folder: String) -> [String] {
        guard let root else { return [] }
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var out: [String] = []
        while let item = walker.nextObject() as? String {
            if item.hasSuffix(".json") { out.append("\(folder)/\(item)") }
        }
        return out.sorted()
    }
}
