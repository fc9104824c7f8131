import Testing
@testable import BailiffCore

/// Deterministic mutation fuzzing of every parser of outside input: each must return a value or
/// an error with a reason for any bytes — never trap, never hang. (A crash fails the whole run.)
@Suite struct ParserRobustnessTests {
    static let seeds: [String] = [
        "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "2001:db8::/32", "192.0.2.0/24", "fe80::1%eth0",
        "record,id,name,customer,service,prefix,from\nnetwork,,,,,192.0.2.0/24,\nassignment,,,,S1,192.0.2.8/29,2024-01-01\n\"a,\"\"b\",c\n",
        #"{"networks": [{"prefix": "192.0.2.0/24"}], "assignments": [{"prefix": "192.0.2.8/29", "service": "S1", "from": "2024-01-01", "x": [1, 2.5e3, true, null, "\u00e9\ud83d\ude00"]}]}"#,
        "2024-03-01T12:00:00+02:00",
    ]

    static func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        let interesting: [UInt8] = Array(":./,\"\\{}[]%-0123456789abcdefABCDEF\n\r \u{0}".utf8) + [0xFF, 0xC3, 0xE2]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
            case 1: bytes.insert(interesting.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random))
            case 2 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 3 where bytes.count > 2:
                let cut = Int.random(in: 0..<bytes.count, using: &random)
                bytes = Array(bytes[..<cut])
            default:
                let start = Int.random(in: 0...bytes.count, using: &random)
                bytes.insert(contentsOf: bytes[start...].prefix(8), at: start)
            }
        }
        return bytes
    }

    @Test func parsersSurviveMutatedInput() {
        var random = SeededGenerator(seed: 99)
        var accepted = 0, rejected = 0
        for round in 0..<30_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let bytes = Self.mutate(seed, &random)
            let text = String(decoding: bytes, as: UTF8.self)
            if (try? IPAddress(parsing: text)) != nil { accepted += 1 } else { rejected += 1 }
            if (try? IPPrefix(parsing: text)) != nil { accepted += 1 } else { rejected += 1 }
            _ = Timestamp.parse(text)
            _ = try? CSVReader.records(bytes)
            _ = try? LocatedJSON.parse(bytes)
            let (_, csvProblems) = InventoryFileReader.read(bytes, format: .csv)
            let (_, jsonProblems) = InventoryFileReader.read(bytes, format: .json)
            #expect((csvProblems + jsonProblems).allSatisfy { !$0.message.isEmpty })
        }
        // Both outcomes must occur, or the mutations are not reaching the parsers' corners.
        #expect(accepted > 100 && rejected > 100)
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = Array(String(repeating: "[", count: 100_000).utf8)
        #expect(throws: JSONSyntaxError.self) { try LocatedJSON.parse(deep) }
    }
}
