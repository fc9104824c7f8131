/// Markup that is safe to send to a browser.
///
/// Built only from literal markup written in this code base and from text, which is escaped
/// on the way in: `"<p>\(subject)</p>" as HTML` escapes `subject` whatever it holds. Nothing
/// that arrives from outside (a complaint, a header, a customer's answer) can become markup
/// unless code here wraps it in ``init(trusted:)`` on purpose — and nothing does for outside
/// text. This is how the evidence viewer renders hostile mail inert.
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup as it goes on the wire.
    public private(set) var rendered: String

    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    /// Markup produced by this code base (a renderer's output, an SVG chart); never outside text.
    public init(trusted markup: String) { rendered = markup }

    public static let empty: HTML = ""

    public var description: String { rendered }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.rendered + rhs.rendered) }
    public static func += (lhs: inout HTML, rhs: HTML) { lhs.rendered += rhs.rendered }

    /// Escapes text for element content and quoted attribute values alike.
    public static func escape(_ text: some StringProtocol) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\0": output += "\u{FFFD}"
            default:
                // C0/C1 controls other than tab and line breaks have no business in a page.
                if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || (0x7F...0x9F).contains(scalar.value) {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// Interpolation that escapes text and passes markup through.
    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity + interpolationCount * 16) }
        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: Substring) { output += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { if let text { output += HTML.escape(text) } }
        public mutating func appendInterpolation(_ markup: HTML) { output += markup.rendered }
        public mutating func appendInterpolation(_ markup: [HTML]) { for item in markup { output += item.rendered } }
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) { output += String(number) }
    }
}

extension Sequence {
    /// Renders each element and joins the markup.
    public func html(_ render: (Element) throws -> HTML) rethrows -> HTML {
        var result = HTML.empty
        for element in self { result += try render(element) }
        return result
    }
}
