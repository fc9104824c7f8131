import BailiffCore

/// Times as the pages show them: UTC, to the minute, and "in 3 h" / "5 d ago" for deadlines.
public enum WebTime {
    public static func format(_ instant: Int64) -> String {
        let text = Timestamp.format(instant)
        return text.count >= 16 ? String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC" : text
    }

    public static func relative(_ instant: Int64, now: Int64) -> String {
        let seconds = instant - now
        let magnitude = abs(seconds)
        let amount = magnitude < 3_600 ? "\(magnitude / 60) min" : magnitude < 172_800 ? "\(magnitude / 3_600) h" : "\(magnitude / 86_400) d"
        return seconds >= 0 ? "in \(amount)" : "\(amount) ago"
    }
}
