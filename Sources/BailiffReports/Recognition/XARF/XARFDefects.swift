/// The structural defects found while validating one XARF or X-ARF report, in the order found.
///
/// Validation keeps going after the first defect so that the quarantine reason lists everything
/// a person must look at (a broken report usually has more than one problem); the list is capped
/// so that hostile input cannot make the reason unbounded.
struct XARFDefects: Error, Sendable {
    /// Most defects kept; further ones are only counted.
    static let cap = 8

    private(set) var messages: [String] = []
    private(set) var dropped = 0

    var isEmpty: Bool { messages.isEmpty }

    /// Records one defect, e.g. "Report.SourceIp is not an IP address: 'x' (line 14)".
    mutating func add(_ message: String) {
        if messages.count < Self.cap { messages.append(message) } else { dropped += 1 }
    }

    /// Records one defect about a JSON value, naming its line.
    mutating func add(_ message: String, line: Int) {
        add("\(message) (line \(line))")
    }

    /// All defects as one quarantine reason.
    var reason: String {
        var text = messages.joined(separator: "; ")
        if dropped > 0 { text += "; and \(dropped) more" }
        return text
    }

    /// A value quoted for a reason: at most 60 characters, control characters replaced, so
    /// that a hostile report cannot inject line breaks into logs or case pages.
    static func quote(_ value: some StringProtocol) -> String {
        var out = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == 60 { out += "…"; break }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
            count += 1
        }
        return "'\(out)'"
    }
}
