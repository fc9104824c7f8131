/// A file a mail carries: a leaf part's decoded body, or what a gzip attachment (`*.gz`,
/// `application/gzip`, or gzip bytes under any name) unpacks to.
public struct AttachedFile: Sendable, Hashable {
    /// The file name as sent, without a `.gz` suffix once unpacked; empty when the part has none.
    public var name: String
    /// The part's MIME type (that of the container when unpacked).
    public var mimeType: String
    public var bytes: [UInt8]
    /// Whether the bytes were unpacked from gzip.
    public var wasGzipped: Bool
}

extension MIMEMessage {
    /// The files of every leaf part, gzip unpacked under `maxUnpackedSize` bytes each, and a
    /// sentence for each gzip attachment that could not be unpacked (kept for the quarantine
    /// reason: a report whose evidence cannot be read must not pass as a report without it).
    public func attachedFiles(maxUnpackedSize: Int = 64 * 1024 * 1024) -> (files: [AttachedFile], failures: [String]) {
        var files: [AttachedFile] = []
        var failures: [String] = []
        for part in allParts where part.isLeaf {
            let name = part.filename ?? ""
            let type = part.mimeType
            let gzipNamed = name.lowercased().hasSuffix(".gz") || type == "application/gzip" || type == "application/x-gzip"
            guard gzipNamed || Gzip.looksLikeGzip(part.body) else {
                files.append(AttachedFile(name: name, mimeType: type, bytes: part.body, wasGzipped: false))
                continue
            }
            do {
                let unpacked = try Gzip.decompress(part.body, maxOutput: maxUnpackedSize)
                let plainName = name.lowercased().hasSuffix(".gz") ? String(name.dropLast(3)) : name
                files.append(AttachedFile(name: plainName, mimeType: type, bytes: unpacked, wasGzipped: true))
            } catch {
                failures.append("\(name.isEmpty ? "gzip attachment" : name): \(error)")
            }
        }
        return (files, failures)
    }
}
