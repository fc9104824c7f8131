/// Why an anchor file could not be read or appended to.
public enum AuditAnchorFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file exists at the path.
    case notFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid UTF-8 text.
    case notUTF8(path: String)
    /// A line of the file is not a valid anchor.
    case malformed(path: String, AuditAnchorParseError)
    /// The file could not be created, written or flushed.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "anchor file \(path) does not exist; check the configured anchor path, "
                + "and if no anchor was ever taken, create it empty or take a first anchor"
        case .unreadable(let path, let reason):
            return "cannot read anchor file \(path): \(reason); check its permissions"
        case .notUTF8(let path):
            return "anchor file \(path) is not UTF-8 text; it was damaged or replaced, "
                + "restore it from a copy and find out how"
        case .malformed(let path, let error):
            return "\(path): \(error)"
        case .unwritable(let path, let reason):
            return "cannot append to anchor file \(path): \(reason); check that its directory exists, "
                + "that this process may write it, and that the disk is not full"
        }
    }
}
