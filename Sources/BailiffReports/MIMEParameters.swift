/// Parameters of a structured MIME header (`; name=value` lists, RFC 2045 §5.1),
/// after RFC 2231 continuation and charset decoding.
///
/// Names are ASCII-lowercased (they are case-insensitive); lookup returns the
/// first occurrence. Attachment names and boundaries come from here, and both
/// are attacker-controlled, hence the tolerant-but-bounded parser below.
public struct MIMEParameters: Sendable, Hashable, Sequence {
    /// One parameter.
    public struct Parameter: Sendable, Hashable {
        /// Lowercased name without RFC 2231 `*` / `*N` suffixes.
        public let name: String
        /// Decoded value.
        public let value: String
    }

    /// Parameters in order of first appearance.
    public let entries: [Parameter]

    public init(_ entries: [Parameter] = []) { self.entries = entries }

    /// The value of the first parameter with this name (case-insensitive).
    public subscript(_ name: String) -> String? {
        let key = name.asciiLowercased
        return entries.first { $0.name == key }?.value
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public func makeIterator() -> IndexingIterator<[Parameter]> { entries.makeIterator() }
}

/// Parses `value *(";" parameter)` header bodies (Content-Type, Content-Disposition).
///
/// RFC 2045 §5.1 grammar with RFC 5322 §3.2.2 comments and §3.2.4 quoted strings,
/// plus RFC 2231 §3/§4 continuations and charset/language encoding. Every byte
/// is visited once; unterminated quotes or comments end at the end of input.
struct ParameterizedHeaderParser {
    struct Output {
        /// The main value with whitespace and comments removed, lowercased (e.g. "text/plain").
        var value: String
        var parameters: MIMEParameters
        var problems: [(MIMEDefect.Code, String)]
    }

    static let maxSections = 256

    static func parse(_ text: String) -> Output {
        let b = Array(text.utf8)
        let n = b.count
        var i = 0
        var problems: [(MIMEDefect.Code, String)] = []
        let semicolon = UInt8(ascii: ";"), quote = UInt8(ascii: "\""), lparen = UInt8(ascii: "("),
            rparen = UInt8(ascii: ")"), backslash = UInt8(ascii: "\\")

        // RFC 5322 §3.2.2: comments nest and may contain quoted-pairs.
        func skipComment() {
            var depth = 0
            while i < n {
                let c = b[i]
                if c == backslash { i += 2; continue }
                if c == lparen { depth += 1 } else if c == rparen {
                    depth -= 1
                    if depth == 0 { i += 1; return }
                }
                i += 1
            }
            i = n
            problems.append((.unterminatedComment, "A comment in a parameterised header is not closed."))
        }
        func skipCFWS() {
            while i < n {
                if Bytes.isSpaceLike(b[i]) { i += 1 } else if b[i] == lparen { skipComment() } else { return }
            }
        }
        // RFC 5322 §3.2.4 quoted-string; i is at the opening quote.
        func quoted() -> [UInt8] {
            var v: [UInt8] = []
            i += 1
            while i < n {
                let c = b[i]
                if c == backslash, i + 1 < n { v.append(b[i + 1]); i += 2; continue }
                if c == quote { i += 1; return v }
                v.append(c)
                i += 1
            }
            problems.append((.unterminatedQuotedString, "A quoted string in a parameterised header is not closed."))
            return v
        }
        // Reads up to the next ";" outside quotes/comments; whitespace runs and comments become one space.
        func looseValue(stopAtEquals: Bool) -> [UInt8] {
            var v: [UInt8] = []
            var pendingSpace = false
            while i < n {
                let c = b[i]
                if c == semicolon || (stopAtEquals && c == Bytes.equals) { break }
                if Bytes.isSpaceLike(c) { pendingSpace = !v.isEmpty; i += 1; continue }
                if c == lparen { skipComment(); pendingSpace = !v.isEmpty; continue }
                if pendingSpace { v.append(Bytes.space); pendingSpace = false }
                if c == quote { v.append(contentsOf: quoted()); continue }
                v.append(c)
                i += 1
            }
            return v
        }

        // Main value: whitespace inside is dropped ("text / plain" → "text/plain").
        skipCFWS()
        var main: [UInt8] = []
        while i < n, b[i] != semicolon {
            let c = b[i]
            if Bytes.isSpaceLike(c) { i += 1; continue }
            if c == lparen { skipComment(); continue }
            main.append(Bytes.lower(c))
            i += 1
        }

        var raw: [(name: String, value: [UInt8], quoted: Bool)] = []
        while i < n {
            // here b[i] == ";"
            i += 1
            skipCFWS()
            if i >= n { break }
            if b[i] == semicolon { continue }
            let nameBytes = looseValue(stopAtEquals: true)
            if i >= n || b[i] != Bytes.equals {
                if !nameBytes.isEmpty {
                    problems.append((.malformedParameter, "Parameter without \"=\" ignored."))
                }
                continue
            }
            i += 1 // "="
            skipCFWS()
            let wasQuoted = i < n && b[i] == quote
            let v = looseValue(stopAtEquals: false)
            let name = String(decoding: nameBytes.filter { !Bytes.isSpaceLike($0) }.map(Bytes.lower), as: UTF8.self)
            if name.isEmpty {
                problems.append((.malformedParameter, "Parameter with an empty name ignored."))
                continue
            }
            raw.append((name, v, wasQuoted))
        }
        let params = assemble(raw, &problems)
        return Output(value: String(decoding: main, as: UTF8.self), parameters: params, problems: problems)
    }

    /// RFC 2231 §3 (continuations `name*N`), §4 (`name*` = charset'language'%XX).
    static func assemble(_ raw: [(name: String, value: [UInt8], quoted: Bool)],
                         _ problems: inout [(MIMEDefect.Code, String)]) -> MIMEParameters {
        struct Sections { var parts: [Int: ([UInt8], Bool)] = [:]; var firstIndex: Int }
        var order: [String] = []
        var plain: [String: String] = [:]
        var extended: [String: Sections] = [:]
        for (idx, p) in raw.enumerated() {
            let nameBytes = Array(p.name.utf8)
            if let star = nameBytes.firstIndex(of: UInt8(ascii: "*")) {
                let base = String(decoding: nameBytes[..<star], as: UTF8.self)
                let rest = nameBytes[(star + 1)...]
                var section: Int? = nil
                var encoded = false
                if rest.isEmpty {
                    section = 0; encoded = true
                } else {
                    var digits = rest[...]
                    if digits.last == UInt8(ascii: "*") { encoded = true; digits = digits.dropLast() }
                    if !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                       !(digits.count > 1 && digits.first == 48) {
                        section = Int(String(decoding: digits, as: UTF8.self))
                    }
                }
                if let s = section, !base.isEmpty {
                    if s >= maxSections {
                        problems.append((.malformedParameter, "RFC 2231 section number \(s) of \(base) is beyond the limit and was ignored."))
                        continue
                    }
                    if extended[base] == nil {
                        extended[base] = Sections(firstIndex: idx)
                        if plain[base] == nil { order.append(base) }
                    }
                    if extended[base]!.parts[s] == nil { extended[base]!.parts[s] = (p.value, encoded) }
                    continue
                }
            }
            if plain[p.name] == nil {
                var v = Bytes.headerString(p.value)
                // Not standard, but common: RFC 2047 words inside parameter values (RFC 2047 §5 forbids it).
                if v.utf8.contains(UInt8(ascii: "?")) { v = EncodedWords.decode(v) }
                plain[p.name] = v
                if extended[p.name] == nil { order.append(p.name) }
            }
        }
        var out: [MIMEParameters.Parameter] = []
        out.reserveCapacity(order.count)
        for name in order {
            if let ext = extended[name] {
                var bytes: [UInt8] = []
                var charset: String? = nil
                var k = 0
                while let part = ext.parts[k] {
                    let (v, encoded) = part
                    if encoded {
                        var seg = v[...]
                        if k == 0 {
                            // charset'language'value (RFC 2231 §4); tolerate a missing prefix.
                            if let q1 = seg.firstIndex(of: UInt8(ascii: "'")),
                               let q2 = seg[(q1 + 1)...].firstIndex(of: UInt8(ascii: "'")) {
                                let cs = String(decoding: seg[..<q1], as: UTF8.self)
                                if !cs.isEmpty { charset = cs }
                                seg = seg[(q2 + 1)...]
                            }
                        }
                        bytes.append(contentsOf: percentDecode(seg))
                    } else {
                        bytes.append(contentsOf: v)
                    }
                    k += 1
                }
                if k < ext.parts.count {
                    problems.append((.parameterContinuationGap, "RFC 2231 continuation of \"\(name)\" has a missing section; later sections were ignored."))
                }
                if k == 0, let p = plain[name] {
                    out.append(.init(name: name, value: p))
                    continue
                }
                let text: String
                if let cs = charset {
                    let r = Charsets.decode(bytes, charset: cs)
                    if let pr = r.problem { problems.append((pr.code, pr.message)) }
                    text = r.text
                } else {
                    text = Bytes.headerString(bytes)
                }
                out.append(.init(name: name, value: text))
            } else if let p = plain[name] {
                out.append(.init(name: name, value: p))
            }
        }
        return MIMEParameters(out)
    }

    /// RFC 2231 §4 / RFC 3986 §2.1 percent-decoding; invalid escapes kept literally.
    static func percentDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%"), i + 2 < s.endIndex,
               let h = Bytes.hexValue(s[i + 1]), let l = Bytes.hexValue(s[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
