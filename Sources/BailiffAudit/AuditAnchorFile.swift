import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only text file of ``AuditAnchor`` lines, one written per anchoring.
///
/// Keep it somewhere the database's writers cannot edit (another host, a WORM bucket,
/// a file only the anchoring job can write), or it protects nothing. The verifier uses
/// every line, so older anchors keep catching rewrites of older parts of the chain.
///
/// Format: UTF-8, each anchor's ``AuditAnchor/line`` followed by `"\n"`. An empty file
/// holds no anchors. Every line must parse; only the file's final newline may be followed
/// by nothing.
public enum AuditAnchorFile {
    /// Parses the whole text of an anchor file, in file order.
    ///
    /// - Throws: ``AuditAnchorParseError`` for the first bad line, with its 1-based number.
    public static func parse(_ text: String) throws(AuditAnchorParseError) -> [AuditAnchor] {
        var anchors: [AuditAnchor] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }  // the terminator of the last line
        for (index, line) in lines.enumerated() {
            do throws(AuditAnchorParseError.Problem) {
                guard !line.isEmpty else { throw AuditAnchorParseError.Problem.emptyLine }
                anchors.append(try AuditAnchor.parse(String(line)))
            } catch {
                throw AuditAnchorParseError(lineNumber: index + 1, line: String(line), problem: error)
            }
        }
        return anchors
    }

    /// Reads and parses the anchor file at `path`.
    ///
    /// - Throws: ``AuditAnchorFileError`` if the file is missing, unreadable, not UTF-8 or
    ///   has a bad line. A missing file is an error rather than "no anchors", because
    ///   silently verifying without anchors cannot catch a deleted tail or a recomputed chain.
    public static func read(from path: String) throws(AuditAnchorFileError) -> [AuditAnchor] {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard let text = String(validating: data, as: UTF8.self) else { throw .notUTF8(path: path) }
        do {
            return try parse(text)
        } catch {
            throw .malformed(path: path, error)
        }
    }

    /// Appends `anchor` as one line to the file at `path`, creating the file if needed,
    /// and flushes it to disk before returning.
    ///
    /// The line goes out in a single `write` on a file opened with `O_APPEND`, so concurrent
    /// appenders on a local file system do not interleave. If the file's last line lacks its
    /// newline (an earlier write was cut short), a newline is written first, so that the
    /// damaged line stays visible to ``read(from:)`` instead of merging with this one.
    ///
    /// - Throws: ``AuditAnchorFileError/unwritable(path:reason:)`` if the file cannot be
    ///   opened, written or flushed.
    public static func append(_ anchor: AuditAnchor, to path: String) throws(AuditAnchorFileError) {
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: lastErrorText()) }
        defer { close(descriptor) }

        var bytes = Array((anchor.line + "\n").utf8)
        let size = lseek(descriptor, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            guard pread(descriptor, &last, 1, size - 1) == 1 else {
                throw .unwritable(path: path, reason: lastErrorText())
            }
            if last != UInt8(ascii: "\n") { bytes.insert(UInt8(ascii: "\n"), at: 0) }
        }

        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: path, reason: lastErrorText())
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw .unwritable(path: path, reason: lastErrorText()) }
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}
