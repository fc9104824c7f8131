/// A parsed message: the entity tree plus every defect found while parsing.
///
/// This is the parser's successful result; a message with defects is still a
/// message (callers decide whether to quarantine based on `defects`).
public struct MIMEMessage: Sendable {
    /// The top-level entity (its headers are the message headers).
    public let root: MIMEPart
    /// Problems found and repaired, in the order found (capped by `MIMELimits.maxDefects`).
    public let defects: [MIMEDefect]
    /// Defects not recorded because the cap was reached.
    public let droppedDefectCount: Int
    /// Number of input bytes actually parsed (≤ `MIMELimits.maxMessageSize`).
    public let parsedByteCount: Int

    /// The top-level header fields.
    public var headers: MessageHeaders { root.headers }
    /// Every entity, depth-first pre-order, embedded messages included.
    public var allParts: [MIMEPart] { root.allParts }
    /// Whether any defect with this code was recorded.
    public func hasDefect(_ code: MIMEDefect.Code) -> Bool { defects.contains { $0.code == code } }
}
