/// Trimming for header-like text (X-ARF YAML lines, feedback-report fields) without Foundation.
extension Substring {
    /// Without leading and trailing spaces, tabs and carriage returns.
    public var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return text
    }
}
