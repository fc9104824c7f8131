/// A problem found in a message that did not stop parsing.
///
/// Real-world mail — and abuse reports especially — is frequently malformed.
/// Instead of failing, the parser repairs what it can and records what it
/// repaired as a defect, so callers can decide how much to trust a report
/// (e.g. quarantine with a reason) without losing the data.
public struct MIMEDefect: Sendable, Hashable, CustomStringConvertible {
    /// Machine-readable defect category.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Limits (MIMELimits)
        case messageTooLarge, nestingTooDeep, tooManyParts, tooManyHeaders, headerLineTooLong
        // RFC 5322 header syntax
        case junkHeaderLine, missingHeaderBodySeparator, emptyHeaderName
        // RFC 2045 / 2231 parameters
        case malformedContentType, unterminatedQuotedString, unterminatedComment
        case malformedParameter, parameterContinuationGap
        // RFC 2046 structure
        case missingBoundaryParameter, invalidBoundary, noBoundaryFound, missingClosingBoundary
        case malformedEmbeddedMessage
        // RFC 2045 §6 transfer encodings
        case invalidBase64, truncatedBase64, invalidQuotedPrintable, unknownTransferEncoding
        case encodingOnComposite
        // Charsets
        case unknownCharset, invalidCharsetBytes
    }

    /// Defect category.
    public let code: Code
    /// A human-readable sentence describing the problem.
    public let message: String
    /// Position of the entity in the tree, e.g. "1.2" (root is "").
    public let partPath: String

    /// Creates a defect.
    public init(_ code: Code, _ message: String, partPath: String = "") {
        self.code = code
        self.message = message
        self.partPath = partPath
    }

    public var description: String {
        partPath.isEmpty ? "\(code.rawValue): \(message)" : "\(code.rawValue) [part \(partPath)]: \(message)"
    }
}

/// Accumulates defects, enforcing `MIMELimits.maxDefects`.
struct DefectSink {
    private(set) var defects: [MIMEDefect] = []
    private(set) var dropped = 0
    let cap: Int

    init(cap: Int) { self.cap = cap }

    mutating func add(_ code: MIMEDefect.Code, _ message: String, path: String = "") {
        if defects.count < cap {
            defects.append(MIMEDefect(code, message, partPath: path))
        } else {
            dropped += 1
        }
    }

    mutating func append(contentsOf other: [MIMEDefect]) {
        for d in other { add(d.code, d.message, path: d.partPath) }
    }
}
