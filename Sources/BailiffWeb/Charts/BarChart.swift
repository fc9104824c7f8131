/// A horizontal or vertical bar chart drawn as SVG on the server (no script, no styles: the
/// CSP allows neither inline), with a text alternative for screen readers.
public struct BarChart: Sendable {
    public var title: String
    public var bars: [(label: String, value: Int)]
    public var width = 640
    public var barHeight = 18

    public init(title: String, bars: [(label: String, value: Int)]) { self.title = title; self.bars = bars }

    /// Horizontal bars, one per label: the shape that keeps long category names readable.
    public func svg() -> HTML {
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        let labelWidth = 150, valueWidth = 50
        let plot = width - labelWidth - valueWidth
        let height = max(1, bars.count) * (barHeight + 6) + 6
        var body = HTML.empty
        for (index, bar) in bars.enumerated() {
            let y = 6 + index * (barHeight + 6)
            let length = bar.value == 0 ? 0 : max(2, plot * bar.value / maximum)
            body += """
                <text x="\(labelWidth - 6)" y="\(y + barHeight - 5)" text-anchor="end">\(bar.label)</text>\
                <rect x="\(labelWidth)" y="\(y)" width="\(length)" height="\(barHeight)" fill="#1f5f99"></rect>\
                <text x="\(labelWidth + length + 4)" y="\(y + barHeight - 5)">\(bar.value)</text>
                """
        }
        let summary = bars.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        return """
            <figure><figcaption>\(title)</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" aria-label="\(title): \(summary)"><title>\(title)</title>\(body)</svg></figure>
            """
    }
}
