/// Checks CVSS vector strings the way `xarf_shared.schema.json` `CVSS` does with its patterns:
/// a version 2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses) for Version "2",
/// a version 3 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`) for "3.0" and "3.1".
///
/// The base metrics are checked in order with their allowed values; temporal and environmental
/// metrics only by name (negative/3/invalid_exploit_wrong_vector.json puts a 3.1 vector under
/// Version "2", which the base-metric check catches).
enum XARFCVSSVector {
    /// Whether `vector` is a CVSS vector of `version` ("2", "3.0" or "3.1").
    static func isValid(_ vector: String, version: String) -> Bool {
        var text = Substring(vector)
        let base: [(String, Set<String>)]
        let extra: Set<String>
        if version == "2" {
            if text.hasPrefix("("), text.hasSuffix(")") { text = text.dropFirst().dropLast() }
            base = [("AV", ["L", "A", "N"]), ("AC", ["H", "M", "L"]), ("Au", ["M", "S", "N"]),
                    ("C", ["N", "P", "C"]), ("I", ["N", "P", "C"]), ("A", ["N", "P", "C"])]
            extra = ["E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"]
        } else {
            let prefix = "CVSS:\(version)/"
            guard text.hasPrefix(prefix) else { return false }
            text = text.dropFirst(prefix.count)
            base = [("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]),
                    ("S", ["U", "C"]), ("C", ["N", "L", "H"]), ("I", ["N", "L", "H"]), ("A", ["N", "L", "H"])]
            extra = ["E", "RL", "RC", "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"]
        }
        let metrics = text.split(separator: "/", omittingEmptySubsequences: false)
        guard metrics.count >= base.count else { return false }
        for (index, metric) in metrics.enumerated() {
            let pair = metric.split(separator: ":", omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[1].isEmpty else { return false }
            if index < base.count {
                guard pair[0] == base[index].0, base[index].1.contains(String(pair[1])) else { return false }
            } else {
                guard extra.contains(String(pair[0])) else { return false }
            }
        }
        return true
    }
}
