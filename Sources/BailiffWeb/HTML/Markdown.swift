import BailiffReports

/// Renders the policy document's Markdown as HTML, for the public `/aup` page.
///
/// The policy is written by the provider's own staff, but it is still rendered through
/// ``HTML``'s escaping: only the constructs below become markup, everything else is text.
/// Supported: ATX headings with an optional `{#anchor}`, paragraphs, `-`/`*` and numbered
/// lists, fenced code blocks (the ```` ```policy ```` block, which is data, is left out),
/// `**bold**`, `*emphasis*`, `` `code` `` and `[text](target)` links to `#anchors`, relative
/// paths, `https:` and `mailto:`.
public enum Markdown {
    public static func render(_ source: String) -> HTML {
        var output = HTML.empty
        var paragraph: [Substring] = []
        var list: (ordered: Bool, items: [Substring])?
        var fence: (info: Substring, lines: [Substring])?

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            output += "<p>\(inline(paragraph.joined(separator: " ")))</p>\n"
            paragraph = []
        }
        func flushList() {
            guard let current = list else { return }
            let items = current.items.html { "<li>\(inline($0))</li>" }
            output += current.ordered ? "<ol>\(items)</ol>\n" : "<ul>\(items)</ul>\n"
            list = nil
        }

        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if var open = fence {
                if trimmed.hasPrefix("```") {
                    if open.info != "policy" { output += "<pre><code>\(open.lines.joined(separator: "\n"))</code></pre>\n" }
                    fence = nil
                } else {
                    open.lines.append(line)
                    fence = open
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushParagraph(); flushList()
                fence = (trimmed.dropFirst(3).trimmingSpaces, [])
            } else if trimmed.isEmpty {
                flushParagraph(); flushList()
            } else if let level = headingLevel(trimmed) {
                flushParagraph(); flushList()
                var text = trimmed.dropFirst(level).trimmingSpaces
                var anchor: Substring?
                if text.hasSuffix("}"), let open = text.range(of: "{#", options: .backwards) {
                    anchor = text[open.upperBound..<text.index(before: text.endIndex)]
                    text = text[..<open.lowerBound].trimmingSpaces
                }
                let id: HTML = anchor.map { " id=\"\(String($0))\"" } ?? ""
                output += HTML(trusted: "<h\(level + 1)") + id + ">\(inline(text))" + HTML(trusted: "</h\(level + 1)>\n")
            } else if let item = listItem(trimmed) {
                flushParagraph()
                if list?.ordered != item.ordered { flushList() }
                list = (item.ordered, (list?.items ?? []) + [item.text])
            } else if list != nil, line.hasPrefix("  ") {
                list!.items[list!.items.count - 1] = Substring(list!.items.last! + " " + trimmed)
            } else {
                flushList()
                paragraph.append(trimmed)
            }
        }
        if let open = fence, open.info != "policy" { output += "<pre><code>\(open.lines.joined(separator: "\n"))</code></pre>\n" }
        flushParagraph(); flushList()
        return output
    }

    /// `#` to `######` followed by a space; rendered one level down (the page has its own h1).
    private static func headingLevel(_ line: Substring) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...5).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: Substring) -> (ordered: Bool, text: Substring)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, line.dropFirst(2)) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") { return (true, line.dropFirst(digits.count + 2)) }
        return nil
    }

    /// Inline markup of one block's text.
    static func inline(_ text: some StringProtocol) -> HTML {
        var output = HTML.empty
        var rest = Substring(text)
        var plain = ""
        func flush() { if !plain.isEmpty { output += "\(plain)"; plain = "" } }
        while let character = rest.first {
            if character == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                flush()
                output += "<code>\(rest[rest.index(after: rest.startIndex)..<end])</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                flush()
                output += "<strong>\(inline(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]))</strong>"
                rest = rest[end.upperBound...]
            } else if character == "*", rest.dropFirst().first != " ", let end = rest.dropFirst().firstIndex(of: "*") {
                flush()
                output += "<em>\(inline(rest[rest.index(after: rest.startIndex)..<end]))</em>"
                rest = rest[rest.index(after: end)...]
            } else if character == "[", let close = rest.firstIndex(of: "]"), rest[close...].dropFirst().first == "(",
                      let end = rest[close...].firstIndex(of: ")") {
                let label = rest[rest.index(after: rest.startIndex)..<close]
                let target = String(rest[rest.index(close, offsetBy: 2)..<end])
                flush()
                if isSafeLink(target) {
                    output += "<a href=\"\(target)\">\(inline(label))</a>"
                } else {
                    output += inline(label)
                }
                rest = rest[rest.index(after: end)...]
            } else {
                plain.append(character)
                rest = rest.dropFirst()
            }
        }
        flush()
        return output
    }

    static func isSafeLink(_ target: String) -> Bool {
        let lowered = target.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:") || lowered.hasPrefix("#") { return true }
        return lowered.hasPrefix("/") && !lowered.hasPrefix("//")
    }
}
