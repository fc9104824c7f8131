import BailiffCore

/// Where Bailiff keeps its data.
public enum StoreConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite file (the embedded default), in WAL mode.
    case sqlite(path: String)
    /// A PostgreSQL database, by URL (`postgres://user:password@host:5432/db?tlsmode=disable`).
    case postgres(url: String)

    /// Says which back end and where, without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres(let url): "PostgreSQL at \(BailiffConfiguration.redactingPassword(inURL: url))"
        }
    }
}
