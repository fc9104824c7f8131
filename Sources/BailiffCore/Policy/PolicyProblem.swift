/// Something wrong in a policy file, with the line to look at.
public struct PolicyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, _ message: String) { self.line = line; self.message = message }
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
