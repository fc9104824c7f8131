/// A bounded decoder for raw DEFLATE data (RFC 1951), as stored in zip archives.
///
/// Reports arrive zipped (Shadowserver attaches `*.csv.zip`), and Bailiff has no external
/// dependencies, so this reads the three block types itself. Input is hostile: every read is
/// bounds-checked, malformed Huffman tables and distances are rejected, and output beyond
/// `maxOutput` bytes stops decoding (a "zip bomb" costs at most `maxOutput` bytes and time
/// linear in it). No path traps; every failure is a typed error.
public enum Inflate {
    /// Why a stream could not be decoded.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The data ended inside a block.
        case truncated
        /// Block type 3 (reserved, RFC 1951 §3.2.3).
        case invalidBlockType
        /// A stored block's LEN and NLEN disagree (RFC 1951 §3.2.4).
        case storedLengthMismatch
        /// The code lengths do not describe a usable prefix code.
        case invalidCodeLengths
        /// A bit sequence that is no code, or a reserved symbol (286/287, distance 30/31).
        case invalidSymbol
        /// A back-reference before the start of the output.
        case distanceTooFar
        /// The output would exceed the limit given.
        case outputLimitExceeded(Int)

        public var description: String {
            switch self {
            case .truncated: "deflate data ends early"
            case .invalidBlockType: "deflate block of reserved type 3"
            case .storedLengthMismatch: "stored block length check fails"
            case .invalidCodeLengths: "invalid Huffman code lengths"
            case .invalidSymbol: "invalid Huffman code or reserved symbol"
            case .distanceTooFar: "back-reference before the start of the data"
            case .outputLimitExceeded(let limit): "inflates to more than \(limit) bytes"
            }
        }
    }

    /// Decodes `input` (raw DEFLATE, no zlib or gzip wrapper) into at most `maxOutput` bytes.
    /// `expectedSize`, when known (zip headers state it), only pre-sizes the buffer.
    public static func decompress(_ input: ArraySlice<UInt8>, maxOutput: Int, expectedSize: Int? = nil) throws(Failure) -> [UInt8] {
        var state = State(input: input, maxOutput: max(0, maxOutput))
        if let expectedSize, expectedSize > 0 { state.output.reserveCapacity(min(expectedSize, state.maxOutput)) }
        try state.run()
        return state.output
    }

    /// ``decompress(_:maxOutput:expectedSize:)`` that also says where the DEFLATE stream ended in
    /// `input` (the index after its last byte), for containers with a trailer (gzip).
    static func decompressStream(_ input: ArraySlice<UInt8>, maxOutput: Int) throws(Failure) -> (output: [UInt8], end: Int) {
        var state = State(input: input, maxOutput: max(0, maxOutput))
        try state.run()
        // Whole bytes read ahead into the bit buffer were not part of the stream.
        return (state.output, state.position - state.bitCount / 8)
    }

    // RFC 1951 §3.2.5: base values and extra bits of length codes 257…285 and distance codes 0…29.
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    // RFC 1951 §3.2.7: the order in which code-length code lengths are sent.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A canonical prefix code (RFC 1951 §3.2.2) as counts per length and symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Builds the code; rejects over-subscribed lengths. Incomplete codes are allowed (a lone
        /// distance code is legal) — an unassigned bit pattern fails at decode time instead.
        init(lengths: ArraySlice<Int>) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths {
                guard length >= 0, length <= 15 else { throw .invalidCodeLengths }
                counts[length] += 1
            }
            var left = 1
            for length in 1...15 {
                left = (left << 1) - counts[length]
                if left < 0 { throw .invalidCodeLengths }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in zip(0..., lengths) where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    struct State {
        let input: ArraySlice<UInt8>
        let maxOutput: Int
        var position: Int
        var bitBuffer: UInt64 = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: ArraySlice<UInt8>, maxOutput: Int) {
            self.input = input
            self.maxOutput = maxOutput
            self.position = input.startIndex
        }

        mutating func bits(_ count: Int) throws(Failure) -> Int {
            while bitCount < count {
                guard position < input.endIndex else { throw .truncated }
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
            let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
            bitBuffer >>= UInt64(count)
            bitCount -= count
            return value
        }

        mutating func decode(_ code: Huffman) throws(Failure) -> Int {
            // Canonical decoding one bit at a time (codes are sent most significant bit first).
            var value = 0, first = 0, index = 0
            for length in 1...15 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - first < count { return code.symbols[index + value - first] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw .invalidSymbol
        }

        mutating func run() throws(Failure) {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(literal: State.fixedLiteral, distance: State.fixedDistance)
                case 2: try dynamic()
                default: throw .invalidBlockType
                }
            }
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0; bitCount = 0  // RFC 1951 §3.2.4: skip to the byte boundary
            guard input.endIndex - position >= 4 else { throw .truncated }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == (~check & 0xFFFF) else { throw .storedLengthMismatch }
            position += 4
            guard input.endIndex - position >= length else { throw .truncated }
            guard output.count + length <= maxOutput else { throw .outputLimitExceeded(maxOutput) }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        static let fixedLiteral: Huffman = {
            var lengths = [Int](repeating: 8, count: 288)
            for i in 144..<256 { lengths[i] = 9 }
            for i in 256..<280 { lengths[i] = 7 }
            return try! Huffman(lengths: lengths[...])  // RFC 1951 §3.2.6: a complete, valid code
        }()
        static let fixedDistance: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30)[...])

        mutating func dynamic() throws(Failure) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw .invalidCodeLengths }
            var codeLengthLengths = [Int](repeating: 0, count: 19)
            for i in 0..<codeLengthCount { codeLengthLengths[Inflate.codeLengthOrder[i]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengthLengths[...])
            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                switch symbol {
                case 0...15: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw .invalidCodeLengths }
                    let repeatCount = 3 + (try bits(2))
                    lengths.append(contentsOf: repeatElement(previous, count: repeatCount))
                case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
                default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
                }
                guard lengths.count <= literalCount + distanceCount else { throw .invalidCodeLengths }
            }
            guard lengths[256] != 0 else { throw .invalidCodeLengths }  // end-of-block must be codable
            let literal = try Huffman(lengths: lengths[0..<literalCount])
            let distance = try Huffman(lengths: lengths[literalCount...])
            try codes(literal: literal, distance: distance)
        }

        mutating func codes(literal: Huffman, distance: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(literal)
                if symbol < 256 {
                    guard output.count < maxOutput else { throw .outputLimitExceeded(maxOutput) }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let lengthIndex = symbol - 257
                    guard lengthIndex < Inflate.lengthBase.count else { throw .invalidSymbol }
                    let length = Inflate.lengthBase[lengthIndex] + (try bits(Inflate.lengthExtra[lengthIndex]))
                    let distanceSymbol = try decode(distance)
                    guard distanceSymbol < Inflate.distanceBase.count else { throw .invalidSymbol }
                    let back = Inflate.distanceBase[distanceSymbol] + (try bits(Inflate.distanceExtra[distanceSymbol]))
                    guard back <= output.count else { throw .distanceTooFar }
                    guard output.count + length <= maxOutput else { throw .outputLimitExceeded(maxOutput) }
                    // Byte by byte: the source may overlap what is being written (RFC 1951 §3.2.3).
                    var from = output.count - back
                    for _ in 0..<length {
                        output.append(output[from])
                        from += 1
                    }
                }
            }
        }
    }
}
