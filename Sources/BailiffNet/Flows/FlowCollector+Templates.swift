import BailiffCore

/// NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) share their shape: a header, then sets of
/// templates, options templates and data records that name a template.
extension FlowCollector {
    /// NetFlow v9 header (RFC 3954 §5.1): version count sys_uptime unix_secs sequence source_id.
    mutating func readNetFlowV9(_ reader: inout ByteReader, exporter: IPAddress, now: Int64, into flows: inout [FlowRecord]) throws(FlowDecodeError) {
        _ = try reader.u16("the v9 record count")
        let uptime = try reader.u32("the v9 uptime")
        let seconds = try reader.u32("the v9 export time")
        let sequence = try reader.u32("the v9 sequence")
        let sourceID = try reader.u32("the v9 source id")
        let key = StreamKey(exporter: exporter, version: 9, domain: sourceID)
        // v9 counts export packets, not records (RFC 3954 §5.1).
        statistics.adjust(\.lostDatagrams, by: streams[key, default: StreamState()].sequence.observe(sequence, increment: 1))
        let clock = ExportClock(exportMilliseconds: Int64(seconds) * 1_000, uptime: uptime)
        _ = try readSets(&reader, key: key, clock: clock, now: now, templateSet: 0, optionsSet: 1, into: &flows)
    }

    /// IPFIX message header (RFC 7011 §3.1): version length export_time sequence domain.
    mutating func readIPFIX(_ reader: inout ByteReader, exporter: IPAddress, now: Int64, into flows: inout [FlowRecord]) throws(FlowDecodeError) {
        let length = Int(try reader.u16("the IPFIX message length"))
        guard length >= 16, length <= reader.end else {
            throw FlowDecodeError("bad-length", "the IPFIX header says \(length) bytes, the datagram has \(reader.end)")
        }
        let seconds = try reader.u32("the IPFIX export time")
        let sequence = try reader.u32("the IPFIX sequence")
        let domain = try reader.u32("the IPFIX observation domain")
        var body = ByteReader(reader.bytes, offset: reader.offset, end: length)
        let key = StreamKey(exporter: exporter, version: 10, domain: domain)
        let clock = ExportClock(exportMilliseconds: Int64(seconds) * 1_000, uptime: nil)
        let before = flows.count
        let records = try readSets(&body, key: key, clock: clock, now: now, templateSet: 2, optionsSet: 3, into: &flows)
        // The IPFIX sequence counts data records (RFC 7011 §3.1); unknown when a set was held.
        // Options records are counted by some exporters and not by others: slack.
        let flowRecords = flows.count - before
        statistics.adjust(\.lostFlows, by: streams[key, default: StreamState()].sequence.observe(
            sequence, increment: records.map { UInt32(min($0, flowRecords)) }, slack: records.map { UInt32(max(0, $0 - flowRecords)) } ?? 0))
        reader.offset = length
    }

    /// Reads every set; returns how many data records there were (nil when some could not be
    /// counted because their template is not known yet).
    private mutating func readSets(
        _ reader: inout ByteReader, key: StreamKey, clock: ExportClock, now: Int64, templateSet: UInt16, optionsSet: UInt16, into flows: inout [FlowRecord]
    ) throws(FlowDecodeError) -> Int? {
        var state = streams[key] ?? StreamState()
        defer { streams[key] = state }
        var records: Int? = 0
        var learned: Set<UInt16> = []
        let isIPFIX = key.version == 10
        while reader.remaining >= 4 {
            let setID = try reader.u16("a set id")
            let setLength = Int(try reader.u16("a set length"))
            guard setLength >= 4, setLength - 4 <= reader.remaining else {
                throw FlowDecodeError("bad-length", "a set of \(setLength) bytes where \(reader.remaining + 4) remain")
            }
            let start = reader.offset, end = start + setLength - 4
            var set = ByteReader(reader.bytes, offset: start, end: end)
            if setID == templateSet {
                learned.formUnion(try readTemplates(&set, options: false, ipfix: isIPFIX, now: now, into: &state))
            } else if setID == optionsSet {
                learned.formUnion(try readTemplates(&set, options: true, ipfix: isIPFIX, now: now, into: &state))
            } else if setID >= 256 {
                if let template = state.templates[setID], now - template.receivedAt <= settings.templateLifetime {
                    let count = try readData(set, template: template, exporter: key.exporter, clock: clock, state: &state, into: &flows)
                    records = records.map { $0 + count }
                } else {
                    if state.templates[setID] != nil { state.templates[setID] = nil; statistics.templatesExpired += 1 }
                    records = nil
                    hold(HeldSet(templateID: setID, bytes: Array(UnsafeRawBufferPointer(rebasing: reader.bytes[start..<end])), clock: clock, receivedAt: now), in: &state)
                }
            } else {
                throw FlowDecodeError("bad-set", "set id \(setID) is reserved")
            }
            reader.offset = end
        }
        // Sets that arrived before the templates now known.
        if !learned.isEmpty, state.held.contains(where: { learned.contains($0.templateID) }) {
            let ready = state.held.filter { learned.contains($0.templateID) }
            state.held.removeAll { learned.contains($0.templateID) }
            for held in ready {
                guard let template = state.templates[held.templateID] else { continue }
                let before = flows.count
                let failure: FlowDecodeError? = held.bytes.withUnsafeBytes { bytes in
                    do throws(FlowDecodeError) {
                        _ = try readData(ByteReader(bytes), template: template, exporter: key.exporter, clock: held.clock, state: &state, into: &flows)
                        return nil
                    } catch { return error }
                }
                if let error = failure {
                    flows.removeSubrange(before...)
                    statistics.malformed[error.reason, default: 0] += 1
                }
            }
        }
        return records
    }

    private mutating func hold(_ set: HeldSet, in state: inout StreamState) {
        statistics.heldForTemplate += 1
        if state.held.count >= settings.holdLimit {
            state.held.removeFirst()
            statistics.droppedWithoutTemplate += 1
        }
        state.held.append(set)
    }

    /// Template and options template records (RFC 3954 §5.2–5.3, RFC 7011 §3.4.1–3.4.2).
    private mutating func readTemplates(_ set: inout ByteReader, options: Bool, ipfix: Bool, now: Int64, into state: inout StreamState) throws(FlowDecodeError) -> Set<UInt16> {
        var learned: Set<UInt16> = []
        // A set may end in padding shorter than a template header.
        while set.remaining >= (options ? 6 : 4) {
            let id = try set.u16("a template id")
            let first = try set.u16("a template field count")
            if ipfix, first == 0 {
                // A template withdrawal (RFC 7011 §8.1).
                state.templates[id] = nil
                continue
            }
            guard id >= 256 else {
                if id == 0 && first == 0 { break }  // padding
                throw FlowDecodeError("bad-template", "template id \(id) is below 256")
            }
            var fields: [FlowTemplate.Field] = []
            if options && !ipfix {
                // v9: scope length and option length are in bytes, four per field.
                let scopeBytes = Int(first), optionBytes = Int(try set.u16("an options length"))
                guard scopeBytes % 4 == 0, optionBytes % 4 == 0 else { throw FlowDecodeError("bad-template", "options lengths not multiples of 4") }
                for _ in 0..<((scopeBytes + optionBytes) / 4) {
                    let element = try set.u16("an options field"), length = try set.u16("an options field length")
                    fields.append(FlowTemplate.Field(element: element, length: length, enterprise: 0))
                }
                // What follows the fields is padding to a 4-byte boundary.
                if set.remaining < 4 { set.offset = set.end }
            } else {
                let count = Int(first)
                if options { _ = try set.u16("the scope field count") }
                for _ in 0..<count {
                    var element = try set.u16("a template field")
                    let length = try set.u16("a template field length")
                    var enterprise: UInt32 = 0
                    if ipfix, element & 0x8000 != 0 {
                        element &= 0x7FFF
                        enterprise = try set.u32("an enterprise number")
                    }
                    guard ipfix || length != 65_535 else { throw FlowDecodeError("bad-template", "NetFlow v9 has no variable-length fields") }
                    fields.append(FlowTemplate.Field(element: element, length: length, enterprise: enterprise))
                }
            }
            guard !fields.isEmpty else { throw FlowDecodeError("bad-template", "template \(id) has no fields") }
            let template = FlowTemplate(id: id, fields: fields, isOptions: options, receivedAt: now)
            guard template.minimumLength > 0 else { throw FlowDecodeError("bad-template", "template \(id) describes empty records") }
            state.templates[id] = template
            learned.insert(id)
        }
        return learned
    }

    /// The data records of one set; returns how many there were.
    private mutating func readData(
        _ set: ByteReader, template: FlowTemplate, exporter: IPAddress, clock: ExportClock, state: inout StreamState, into flows: inout [FlowRecord]
    ) throws(FlowDecodeError) -> Int {
        var offset = set.offset
        var count = 0
        let minimum = template.minimumLength
        while set.end - offset >= minimum {
            let slots: [FlowTemplate.Slot], length: Int
            if let fixed = template.fixedLength {
                slots = template.slots; length = fixed
            } else {
                guard let variable = template.slots(ofVariableRecordAt: offset, in: set, end: set.end) else {
                    throw FlowDecodeError.truncated("a variable-length record of template \(template.id)")
                }
                (slots, length) = variable
            }
            if template.isOptions {
                readOptions(set, at: offset, slots: slots, into: &state)
            } else if let flow = flowRecord(set, at: offset, slots: slots, exporter: exporter, clock: clock, state: state) {
                flows.append(flow)
            }
            offset += length
            count += 1
        }
        return count
    }

    /// Sampling and clock facts an exporter states in options data.
    private func readOptions(_ set: ByteReader, at base: Int, slots: [FlowTemplate.Slot], into state: inout StreamState) {
        var interval: UInt64?, sampler: UInt64?
        for slot in slots {
            let value = set.unsigned(at: base + slot.offset, length: slot.length)
            switch slot.role {
            case .samplingInterval: interval = value
            case .samplerID: sampler = value
            case .systemInitMilliseconds: state.systemInitMilliseconds = Int64(truncatingIfNeeded: value)
            default: break
            }
        }
        guard let interval, interval > 0 else { return }
        let rate = UInt32(clamping: interval)
        if let sampler { state.samplerRates[sampler] = rate } else { state.exporterRate = rate }
    }

    private func flowRecord(
        _ set: ByteReader, at base: Int, slots: [FlowTemplate.Slot], exporter: IPAddress, clock: ExportClock, state: StreamState
    ) -> FlowRecord? {
        var source: IPAddress?, destination: IPAddress?
        var sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, transport: UInt8 = 0, flags: UInt8 = 0
        var bytes: UInt64?, packets: UInt64?, outBytes: UInt64 = 0, outPackets: UInt64 = 0
        var start: Int64?, end: Int64?
        var interval: UInt64?, sampler: UInt64?, systemInit = state.systemInitMilliseconds
        var startUptime: UInt32?, endUptime: UInt32?
        let buffer = set.bytes
        for slot in slots {
            let at = base + slot.offset
            switch slot.role {
            case .sourceV4: source = .v4(IPv4Address(UInt32(truncatingIfNeeded: set.unsigned(at: at, length: 4))))
            case .destinationV4: destination = .v4(IPv4Address(UInt32(truncatingIfNeeded: set.unsigned(at: at, length: 4))))
            case .sourceV6: source = Self.v6(buffer, at)
            case .destinationV6: destination = Self.v6(buffer, at)
            case .sourcePort: sourcePort = UInt16(truncatingIfNeeded: set.unsigned(at: at, length: slot.length))
            case .destinationPort: destinationPort = UInt16(truncatingIfNeeded: set.unsigned(at: at, length: slot.length))
            case .transport: transport = buffer[at]
            case .tcpFlags: flags = UInt8(truncatingIfNeeded: set.unsigned(at: at, length: slot.length))
            case .bytes: bytes = set.unsigned(at: at, length: slot.length)
            case .packets: packets = set.unsigned(at: at, length: slot.length)
            case .outBytes: outBytes = set.unsigned(at: at, length: slot.length)
            case .outPackets: outPackets = set.unsigned(at: at, length: slot.length)
            case .startUptime: startUptime = UInt32(truncatingIfNeeded: set.unsigned(at: at, length: 4))
            case .endUptime: endUptime = UInt32(truncatingIfNeeded: set.unsigned(at: at, length: 4))
            case .startSeconds: start = Int64(set.unsigned(at: at, length: 4)) * 1_000
            case .endSeconds: end = Int64(set.unsigned(at: at, length: 4)) * 1_000
            case .startMilliseconds: start = Int64(truncatingIfNeeded: set.unsigned(at: at, length: 8))
            case .endMilliseconds: end = Int64(truncatingIfNeeded: set.unsigned(at: at, length: 8))
            case .startDeltaMicroseconds: start = clock.exportMilliseconds - Int64(set.unsigned(at: at, length: 4) / 1_000)
            case .endDeltaMicroseconds: end = clock.exportMilliseconds - Int64(set.unsigned(at: at, length: 4) / 1_000)
            case .samplingInterval: interval = set.unsigned(at: at, length: slot.length)
            case .samplerID: sampler = set.unsigned(at: at, length: slot.length)
            case .systemInitMilliseconds: systemInit = Int64(truncatingIfNeeded: set.unsigned(at: at, length: 8))
            }
        }
        guard let source, let destination else { return nil }
        func fromUptime(_ value: UInt32) -> Int64 {
            if let uptime = clock.uptime { return clock.exportMilliseconds - Int64(Int32(bitPattern: uptime &- value)) }
            if let systemInit { return systemInit + Int64(value) }
            return clock.exportMilliseconds
        }
        if start == nil, let startUptime { start = fromUptime(startUptime) }
        if end == nil, let endUptime { end = fromUptime(endUptime) }
        let announced = interval.map { UInt32(clamping: $0) } ?? sampler.flatMap { state.samplerRates[$0] } ?? state.exporterRate
        let rate = samplingRate(exporter, announced: announced)
        let first = start ?? end ?? clock.exportMilliseconds
        return FlowRecord(
            source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort, transport: transport,
            tcpFlags: flags, packets: (packets ?? outPackets) &* UInt64(rate), bytes: (bytes ?? outBytes) &* UInt64(rate),
            start: first, end: max(first, end ?? first), samplingRate: rate)
    }

    static func v6(_ buffer: UnsafeRawBufferPointer, _ at: Int) -> IPAddress {
        let high = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        let low = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
        return IPAddress(normalizing: IPv6Address(UInt128(high) << 64 | UInt128(low)))
    }
}
