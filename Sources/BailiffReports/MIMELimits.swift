/// Hard resource limits applied while parsing a message.
///
/// Abuse-desk input is hostile by default: a report can be crafted to exhaust
/// memory, stack or CPU. Every limit here turns "unbounded work" into "stop and
/// record a `MIMEDefect`", so parsing always terminates in time roughly linear in
/// the input size. The defaults are generous for real mail and safe for junk.
public struct MIMELimits: Sendable, Hashable {
    /// Maximum number of input bytes looked at; the rest is ignored (defect `messageTooLarge`).
    public var maxMessageSize: Int
    /// Maximum nesting depth of multipart / message/rfc822 containers. Deeper
    /// entities are kept as opaque leaves (defect `nestingTooDeep`).
    /// Clamped to `MIMELimits.absoluteMaxDepth` so parser recursion stays bounded.
    public var maxDepth: Int
    /// Maximum number of parts (entities) in the whole tree, including the root
    /// and embedded messages (defect `tooManyParts`).
    public var maxParts: Int
    /// Maximum number of header fields kept per entity (defect `tooManyHeaders`).
    public var maxHeaderCount: Int
    /// Maximum raw length in bytes of one header field including its folded
    /// continuation lines; longer fields are truncated (defect `headerLineTooLong`).
    public var maxHeaderLineLength: Int
    /// Maximum number of defects recorded; further defects are counted but dropped.
    public var maxDefects: Int

    /// Hard ceiling for `maxDepth`, whatever the caller asks for: the parser
    /// recurses once per nesting level.
    public static let absoluteMaxDepth = 200

    /// Creates limits; every argument has a safe default.
    public init(
        maxMessageSize: Int = 50 * 1024 * 1024,
        maxDepth: Int = 20,
        maxParts: Int = 2_000,
        maxHeaderCount: Int = 1_000,
        maxHeaderLineLength: Int = 256 * 1024,
        maxDefects: Int = 1_000
    ) {
        self.maxMessageSize = max(0, maxMessageSize)
        self.maxDepth = min(max(0, maxDepth), MIMELimits.absoluteMaxDepth)
        self.maxParts = max(1, maxParts)
        self.maxHeaderCount = max(0, maxHeaderCount)
        self.maxHeaderLineLength = max(80, maxHeaderLineLength)
        self.maxDefects = max(0, maxDefects)
    }

    /// The default limits (50 MiB, depth 20, 2,000 parts, 1,000 headers, 256 KiB per field).
    public static let `default` = MIMELimits()
}
