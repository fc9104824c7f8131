/// Reads ``BailiffConfiguration`` from a file and the environment, failing on the first read
/// with every unknown key and every bad value listed together.
///
/// The file format is small on purpose: `key = value` lines, `[section]` headers that prefix
/// the keys below them (`[http]` then `port = 8080` is `http.port`), `#` comments, optional
/// double quotes around a value.
public enum ConfigurationLoader {
    public static func load(
        fileText: String?, fileName: String = "configuration file", environment: [String: String], dataDirectory: String
    ) throws(ConfigurationError) -> BailiffConfiguration {
        var configuration = BailiffConfiguration()
        configuration.dataDirectory = dataDirectory
        var problems: [String] = []
        let keys = Dictionary(uniqueKeysWithValues: BailiffConfiguration.keys.map { ($0.name, $0) })
        let known = BailiffConfiguration.keys.map(\.name).joined(separator: ", ")

        if let fileText {
            var section = ""
            for (number, rawLine) in fileText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = rawLine.trimmingSpaces
                if line.isEmpty || line.hasPrefix("#") { continue }
                let place = "\(fileName) line \(number + 1)"
                if line.hasPrefix("[") {
                    guard line.hasSuffix("]"), line.count > 2 else { problems.append("\(place): a section header looks like [http]"); continue }
                    section = String(line.dropFirst().dropLast()).trimmingSpaces.lowercased()
                    continue
                }
                guard let equals = line.firstIndex(of: "=") else {
                    problems.append("\(place): expected key = value")
                    continue
                }
                let bareKey = line[..<equals].trimmingSpaces.lowercased()
                var value = line[line.index(after: equals)...].trimmingSpaces
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                let name = section.isEmpty ? bareKey : "\(section).\(bareKey)"
                guard let key = keys[name] else {
                    problems.append("\(place): unknown key '\(name)'; known keys: \(known)")
                    continue
                }
                if let problem = key.apply(&configuration, value) { problems.append("\(place): \(name) \(problem)") }
            }
        }

        let byVariable = Dictionary(uniqueKeysWithValues: BailiffConfiguration.keys.map { ($0.environmentName, $0) })
        // Variables the command line reads itself, and those of the test suites.
        let handledElsewhere: Set<String> = ["BAILIFF_DATA_DIR", "BAILIFF_CONFIG"]
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix("BAILIFF_") {
            if handledElsewhere.contains(variable) || variable.hasPrefix("BAILIFF_TEST_") { continue }
            guard let key = byVariable[variable] else {
                problems.append("environment: unknown variable \(variable); known: \(BailiffConfiguration.keys.map(\.environmentName).joined(separator: ", "))")
                continue
            }
            if let problem = key.apply(&configuration, value) { problems.append("environment: \(variable) \(problem)") }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return configuration
    }
}

/// The configuration could not be read; every problem is listed.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]
    public var description: String {
        "the configuration is not valid:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
