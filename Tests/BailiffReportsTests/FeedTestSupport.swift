import Foundation
import Testing
import BailiffCore
@testable import BailiffReports

/// Locates the shared corpus for the feed recogniser tests: walk up from this file to a folder
/// holding `shared/corpus`, else the `BAILIFF_TEST_CORPUS` environment variable.
enum FeedCorpus {
    /// The one corpus locator of these tests (`Corpus` in TestSupport.swift).
    static var root: URL? { Corpus.root }

    static var isAvailable: Bool { root != nil }

    /// The bytes of a corpus file, by path relative to the corpus root.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        guard let root else { throw FeedTestError.noCorpus }
        return [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    /// Files directly in a corpus folder, sorted, as paths relative to the corpus root.
    static func files(in folder: String) -> [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
        else { return [] }
        return names.sorted().map { folder + "/" + $0 }
    }
}

enum FeedTestError: Error { case noCorpus, parseFailed(String) }

/// Parses a mail and requires success.
func feedMessage(_ bytes: [UInt8]) throws -> MIMEMessage {
    switch MIMEParser.parse(bytes) {
    case .success(let message): return message
    case .failure(let failure): throw FeedTestError.parseFailed("\(failure)")
    }
}

func feedMessage(_ text: String) throws -> MIMEMessage { try feedMessage(Array(text.utf8)) }

/// An analysis context received at `receivedAt` with no provider infrastructure.
func feedContext(_ receivedAt: Int64 = 1_700_000_000, infrastructure: Set<String> = []) -> AnalysisContext {
    AnalysisContext(receivedAt: receivedAt) { infrastructure.contains($0.description) }
}

/// RFC 3339 text to epoch seconds, for expectations.
func epoch(_ text: String) -> Int64 { Timestamp.parse(text)! }
