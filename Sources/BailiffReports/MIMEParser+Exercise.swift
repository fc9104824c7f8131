/// Entry point for a libFuzzer target: parses `bytes` and touches every part,
/// every convenience accessor and every lazily decoded value, so that any trap
/// or pathological slowdown anywhere in the parser surfaces under fuzzing.
/// Returns a checksum so the optimiser cannot discard the work.
extension MIMEParser {
@discardableResult
public static func exercise(_ bytes: [UInt8]) -> Int {
    var sum = 0
    switch MIMEParser.parse(bytes) {
    case .failure(let f):
        sum &+= f.message.utf8.count
    case .success(let m):
        sum &+= m.defects.count &+ m.droppedDefectCount
        for d in m.defects { sum &+= d.description.utf8.count }
        sum &+= (m.subject?.utf8.count ?? 0) &+ Int(truncatingIfNeeded: m.date ?? 0)
        sum &+= m.received.count &+ m.references.count &+ m.inReplyTo.count &+ (m.messageID?.utf8.count ?? 0)
        sum &+= m.textBody?.utf8.count ?? 0
        for p in m.allParts {
            sum &+= p.body.count &+ p.rawBody.count &+ (p.text?.utf8.count ?? 0)
            sum &+= p.mimeType.utf8.count &+ (p.filename?.utf8.count ?? 0)
            for f in p.headers { sum &+= f.decodedValue.utf8.count &+ f.raw.count }
            for param in p.contentType.parameters { sum &+= param.value.utf8.count }
            if p.embeddedMessage != nil { sum &+= (p.embeddedMessage?.subject?.utf8.count ?? 0) &+ Int(truncatingIfNeeded: p.embeddedMessage?.date ?? 0) }
        }
    }
    return sum
}
}
