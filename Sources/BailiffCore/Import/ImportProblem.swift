/// One thing wrong with an inventory file: where, and what to do about it.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the file the problem is on, if it is about one record.
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// An inventory file was rejected as a whole; nothing of it was applied.
public struct InventoryImportError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) {
        self.problems = problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }

    public var description: String {
        let shown = problems.prefix(200).map { "  \($0)" }.joined(separator: "\n")
        let more = problems.count > 200 ? "\n  … and \(problems.count - 200) more" : ""
        return "the inventory file was rejected, nothing was changed; \(problems.count) problem(s):\n\(shown)\(more)"
    }
}
