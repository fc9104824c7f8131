/// A NetFlow v9 or IPFIX template: the layout of the data records that name its id.
///
/// Compiled once when it arrives: the fields Bailiff reads get a role, and when every field has
/// a fixed length their offsets are computed, so a data record is read by direct offsets rather
/// than by walking its fields.
struct FlowTemplate: Sendable {
    /// One field of a template: an information element, its length and, for IPFIX enterprise
    /// elements, the enterprise number (those are skipped: RFC 7011 §3.2).
    struct Field: Sendable, Hashable {
        var element: UInt16
        var length: UInt16
        var enterprise: UInt32
        /// RFC 7011 §7: a length of 65535 means the record carries the length itself.
        var isVariable: Bool { length == 65_535 }
    }

    /// What Bailiff reads from a field.
    enum Role: UInt8, Sendable {
        case sourceV4, destinationV4, sourceV6, destinationV6, sourcePort, destinationPort, transport, tcpFlags
        case bytes, packets, outBytes, outPackets
        /// Milliseconds of system uptime (v9 FIRST_/LAST_SWITCHED; IPFIX flowStart/EndSysUpTime).
        case startUptime, endUptime
        case startSeconds, endSeconds, startMilliseconds, endMilliseconds
        /// Microseconds before the export time (IPFIX flowStart/EndDeltaMicroseconds).
        case startDeltaMicroseconds, endDeltaMicroseconds
        case samplingInterval, samplerID, systemInitMilliseconds

        /// The role of an information element; the numbers are shared by NetFlow v9 (RFC 3954 §8)
        /// and IPFIX (the IANA registry), which took them over.
        init?(element: UInt16, length: UInt16) {
            switch (element, length) {
            case (8, 4): self = .sourceV4
            case (12, 4): self = .destinationV4
            case (27, 16): self = .sourceV6
            case (28, 16): self = .destinationV6
            case (7, 1...2): self = .sourcePort
            case (11, 1...2): self = .destinationPort
            case (4, 1): self = .transport
            case (6, 1...2): self = .tcpFlags
            case (1, 1...8): self = .bytes
            case (2, 1...8): self = .packets
            case (23, 1...8): self = .outBytes
            case (24, 1...8): self = .outPackets
            case (22, 4): self = .startUptime
            case (21, 4): self = .endUptime
            case (150, 4): self = .startSeconds
            case (151, 4): self = .endSeconds
            case (152, 8): self = .startMilliseconds
            case (153, 8): self = .endMilliseconds
            case (158, 4): self = .startDeltaMicroseconds
            case (159, 4): self = .endDeltaMicroseconds
            // samplingInterval (34), samplerRandomInterval (50), samplingPacketInterval (305).
            case (34, 1...4), (50, 1...4), (305, 1...4): self = .samplingInterval
            // flowSamplerID / samplerId (48), selectorId (302).
            case (48, 1...8), (302, 1...8): self = .samplerID
            case (160, 8): self = .systemInitMilliseconds
            default: return nil
            }
        }
    }

    struct Slot: Sendable {
        var role: Role
        var offset: Int
        var length: Int
    }

    var id: UInt16
    var fields: [Field]
    /// Options templates describe the exporter (sampling), not flows.
    var isOptions: Bool
    /// When it was last received, milliseconds; templates expire (RFC 7011 §8.4, RFC 3954 §9).
    var receivedAt: Int64
    /// The record length when every field has a fixed length; nil with variable-length fields.
    let fixedLength: Int?
    /// Where the fields Bailiff reads sit, for fixed-length records.
    let slots: [Slot]

    init(id: UInt16, fields: [Field], isOptions: Bool, receivedAt: Int64) {
        self.id = id; self.fields = fields; self.isOptions = isOptions; self.receivedAt = receivedAt
        var offset = 0
        var slots: [Slot] = []
        var fixed = true
        for field in fields {
            if field.isVariable { fixed = false; break }
            if field.enterprise == 0, let role = Role(element: field.element, length: field.length) {
                slots.append(Slot(role: role, offset: offset, length: Int(field.length)))
            }
            offset += Int(field.length)
        }
        self.fixedLength = fixed ? offset : nil
        self.slots = fixed ? slots : []
    }

    /// The smallest a record can be: what padding at the end of a set is shorter than.
    var minimumLength: Int {
        fields.reduce(0) { $0 + ($1.isVariable ? 1 : Int($1.length)) }
    }

    /// The slots of one record with variable-length fields, and its length; nil when the record
    /// would run past `end`.
    func slots(ofVariableRecordAt start: Int, in reader: ByteReader, end: Int) -> (slots: [Slot], length: Int)? {
        var offset = start
        var slots: [Slot] = []
        for field in fields {
            var length = Int(field.length)
            if field.isVariable {
                guard offset < end else { return nil }
                length = Int(reader.bytes[offset]); offset += 1
                if length == 255 {
                    guard offset + 2 <= end else { return nil }
                    length = Int(reader.bytes[offset]) << 8 | Int(reader.bytes[offset + 1]); offset += 2
                }
            }
            guard offset + length <= end else { return nil }
            if field.enterprise == 0, !field.isVariable, let role = Role(element: field.element, length: field.length) {
                slots.append(Slot(role: role, offset: offset - start, length: length))
            }
            offset += length
        }
        return (slots, offset - start)
    }
}
