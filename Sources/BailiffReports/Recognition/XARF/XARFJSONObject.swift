import BailiffCore

/// One JSON object of an XARF report together with its dotted path (`Report`, `ReporterInfo`,
/// `Report.Samples[0]`), with typed readers that record a named defect instead of failing.
///
/// Every reader returns nil both when the member is absent and when it is unusable; in the
/// second case (and in the first, when `required`) it adds a defect such as
/// "missing Reporter.ReporterOrg" or "Report.SourcePort must be an integer, found a string (line 17)".
struct XARFJSONObject {
    /// Dotted path of this object; empty for the document root.
    let path: String
    /// The line the object starts on.
    let line: Int
    let members: [(key: String, value: LocatedJSON)]

    /// Wraps `node` when it is an object.
    init?(_ node: LocatedJSON, path: String) {
        guard case .object(let members, let line) = node else { return nil }
        self.path = path
        self.line = line
        self.members = members
    }

    /// The path of a member, e.g. `Report.SourceIp`.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member's value (the last one when repeated, as ``LocatedJSON`` does).
    func value(_ key: String) -> LocatedJSON? { members.last { $0.key == key }?.value }

    func has(_ key: String) -> Bool { value(key) != nil }

    var keys: [String] { members.map(\.key) }

    // MARK: Typed readers

    /// A member that must be present; records "missing …" otherwise.
    func present(_ key: String, _ defects: inout XARFDefects, required: Bool) -> LocatedJSON? {
        guard let value = value(key) else {
            if required { defects.add("missing \(name(key))") }
            return nil
        }
        return value
    }

    /// A string member, optionally at least `minLength` characters and of a `format`.
    func string(_ key: String, _ defects: inout XARFDefects, required: Bool = false, minLength: Int = 0,
                maxLength: Int? = nil, format: XARFFormat? = nil) -> String? {
        guard let value = present(key, &defects, required: required) else { return nil }
        guard case .string(let text, let line) = value else {
            defects.add("\(name(key)) must be a string, found \(value.kindName)", line: value.line)
            return nil
        }
        if text.count < minLength {
            defects.add(text.isEmpty ? "\(name(key)) is empty" : "\(name(key)) \(XARFDefects.quote(text)) is shorter than \(minLength) characters", line: line)
            return nil
        }
        if let maxLength, text.count > maxLength {
            defects.add("\(name(key)) is longer than \(maxLength) characters", line: line)
            return nil
        }
        if let format, !format.accepts(text) {
            defects.add("\(name(key)) is not \(format.noun): \(XARFDefects.quote(text))", line: line)
            return nil
        }
        return text
    }

    /// A string member that must be one of `allowed` (exact spelling, as JSON Schema `enum`).
    func oneOf(_ key: String, _ allowed: [String], _ defects: inout XARFDefects, required: Bool = false) -> String? {
        guard let text = string(key, &defects, required: required) else { return nil }
        guard allowed.contains(text) else {
            defects.add("\(name(key)) \(XARFDefects.quote(text)) is not one of \(allowed.joined(separator: ", "))",
                        line: value(key)?.line ?? line)
            return nil
        }
        return text
    }

    /// An integer member within `range`.
    func integer(_ key: String, _ defects: inout XARFDefects, required: Bool = false,
                 range: ClosedRange<Int64>? = nil, rangeName: String? = nil) -> Int64? {
        guard let value = present(key, &defects, required: required) else { return nil }
        return Self.integer(value, name: name(key), &defects, range: range, rangeName: rangeName)
    }

    /// An integer value within `range`; `name` is its path for the defect.
    static func integer(_ value: LocatedJSON, name: String, _ defects: inout XARFDefects,
                        range: ClosedRange<Int64>? = nil, rangeName: String? = nil) -> Int64? {
        guard case .number(_, let text, let line) = value else {
            defects.add("\(name) must be an integer, found \(value.kindName)", line: value.line)
            return nil
        }
        guard let number = Int64(text) else {
            defects.add("\(name) \(XARFDefects.quote(text)) is not an integer", line: line)
            return nil
        }
        if let range, !range.contains(number) {
            let what = rangeName ?? "within \(range.lowerBound)–\(range.upperBound)"
            defects.add("\(name) \(number) is not \(what)", line: line)
            return nil
        }
        return number
    }

    /// A number member (integer or not) within `range`.
    func number(_ key: String, _ defects: inout XARFDefects, range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = present(key, &defects, required: false) else { return nil }
        guard case .number(let number, _, let line) = value else {
            defects.add("\(name(key)) must be a number, found \(value.kindName)", line: value.line)
            return nil
        }
        if let range, !range.contains(number) {
            defects.add("\(name(key)) \(number) is not within \(range.lowerBound)–\(range.upperBound)", line: line)
            return nil
        }
        return number
    }

    /// A boolean member.
    func bool(_ key: String, _ defects: inout XARFDefects, required: Bool = false) -> Bool? {
        guard let value = present(key, &defects, required: required) else { return nil }
        guard case .bool(let flag, _) = value else {
            defects.add("\(name(key)) must be true or false, found \(value.kindName)", line: value.line)
            return nil
        }
        return flag
    }

    /// An object member, wrapped with its path.
    func object(_ key: String, _ defects: inout XARFDefects, required: Bool = false) -> XARFJSONObject? {
        guard let value = present(key, &defects, required: required) else { return nil }
        guard let object = XARFJSONObject(value, path: name(key)) else {
            defects.add("\(name(key)) must be an object, found \(value.kindName)", line: value.line)
            return nil
        }
        return object
    }

    /// An array member.
    func array(_ key: String, _ defects: inout XARFDefects, required: Bool = false) -> [LocatedJSON]? {
        guard let value = present(key, &defects, required: required) else { return nil }
        guard case .array(let elements, _) = value else {
            defects.add("\(name(key)) must be an array, found \(value.kindName)", line: value.line)
            return nil
        }
        return elements
    }

    /// An IP address member, read with the project's strict parser (no `010.1`, no `127.1`).
    func ip(_ key: String, _ defects: inout XARFDefects, required: Bool = false) -> IPAddress? {
        guard let text = string(key, &defects, required: required) else { return nil }
        guard let address = IPAddress(text) else {
            defects.add("\(name(key)) is not an IP address: \(XARFDefects.quote(text))", line: value(key)?.line ?? line)
            return nil
        }
        return address
    }

    /// A port member (0–65535, or `minimum`–65535), or with `allowArray` an array of ports
    /// (the schemas' `DestinationPort`/`AttackerPort`); returns the first port.
    func port(_ key: String, _ defects: inout XARFDefects, required: Bool = false, minimum: Int64 = 0,
              allowArray: Bool = false) -> Int? {
        guard let value = present(key, &defects, required: required) else { return nil }
        let rangeName = "a port (\(minimum)–65535)"
        if allowArray, case .array(let elements, _) = value {
            var first: Int?
            for (index, element) in elements.enumerated() {
                if let port = Self.integer(element, name: "\(name(key))[\(index)]", &defects, range: minimum...65535, rangeName: rangeName),
                    first == nil
                {
                    first = Int(port)
                }
            }
            return first
        }
        return Self.integer(value, name: name(key), &defects, range: minimum...65535, rangeName: rangeName).map { Int($0) }
    }

    /// An RFC 3339 date-time member as epoch seconds.
    func dateTime(_ key: String, _ defects: inout XARFDefects, required: Bool = false) -> Int64? {
        guard let text = string(key, &defects, required: required) else { return nil }
        guard let seconds = XARFFormat.dateTime(text) else {
            defects.add("\(name(key)) is not an RFC 3339 date-time: \(XARFDefects.quote(text))", line: value(key)?.line ?? line)
            return nil
        }
        return seconds
    }

    /// An object member whose values must all be strings (the schemas' `additionalProperties: {type: string}`).
    func stringMap(_ key: String, _ defects: inout XARFDefects) {
        guard let map = object(key, &defects) else { return }
        for member in map.members {
            _ = map.string(member.key, &defects)
        }
    }

    /// An array member whose elements must all be strings.
    func stringArray(_ key: String, _ defects: inout XARFDefects) -> [String] {
        guard let elements = array(key, &defects) else { return [] }
        var out: [String] = []
        for (index, element) in elements.enumerated() {
            if case .string(let text, _) = element { out.append(text) } else {
                defects.add("\(name(key))[\(index)] must be a string, found \(element.kindName)", line: element.line)
            }
        }
        return out
    }

    /// Records every member not in `allowed` (the schemas' `additionalProperties: false`).
    func rejectUnknownMembers(_ allowed: Set<String>, _ defects: inout XARFDefects) {
        for member in members where !allowed.contains(member.key) {
            defects.add("\(name(member.key)) is not an allowed member of \(path.isEmpty ? "the report" : path)", line: member.value.line)
        }
    }
}
