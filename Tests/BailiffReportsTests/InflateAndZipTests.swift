import Foundation
import Testing
@testable import BailiffReports

/// DEFLATE and zip reading: the three block types, limits, and hostile input that must fail
/// with a reason rather than trap. Compressed fixtures were made for these tests from text
/// written here (zlib, raw deflate, level 9).
struct InflateAndZipTests {
    /// The CSV text compressed into `dynamicBlock`: 300 generated rows.
    static let dynamicText: [UInt8] = Array(("timestamp,ip,port\n" + (0..<300).map { i in
        "2024-01-02 03:04:\(i % 60 < 10 ? "0" : "")\(i % 60),192.0.2.\(i % 250),22\n" }.joined()).utf8)
    static let dynamicBlock: [UInt8] = [UInt8](Data(base64Encoded: "jdo9bl1HEETh3KvwAihhqrrnT7tx4ECBYMLm/mEDBm6/oIHzAmUTHYiqT3359fPXn/98/fHr8+Pn58fnX39//ebh/Db0bfj3ET9G/hjjQ9ffx/f//nzYzQM9D9Q/8PPA/YN4HkT/IJ8H2T+Yz4PZP1jPg9U/2M+D3T84z4PTP7jPg9s+UJVUn1IvKfuWqpbqY6piqq+pqqk+pyqn+p6qnuqDqoKqL6oqqj6pKqn6pq6m7pu6mrpv6pe/n31TV1P3TV1N3Td1NXXf1NXUfVNXU/dNXU3dN3U1dd80qmn0TaOaRt80qmn0TePlh75vGtU0+qZRTaNvGtU0+qZRTaNvGtU0+qZRTaNvmtU0+6ZZTbNvmtU0+6ZZTbNvmi//kvZNs5pm3zSrafZNs5pm3zSrafZNs5pm33RW09k3ndV09k1nNZ1901lNZ990VtPZN50v89Q3ndV09k1nNZ1901lNZ990VtPZN31Z+4Vzv3DvFw7+wsVfOPmLNx9Hf+HqL5z9hbu/cfc37v7G3d+4+xt3f+Pub9z9jbu/cfc37v7B3T+4+wd3/+DuH9z9g7t/cPcP7v7B3T+4+xd3/+LuX9z9i7t/cfcv7v7F3b+4+xd3/+Lua+Dwa+Dya+D0a+D2a+D4a+D6a+D8a+D+ayAANFAAEhJAQgNIiAAJFSAhAyR0gIQQkFACElJAQgvI/H9/owZk5ICMHpARBDKKQEYSyGgCGVEg8zUg+BwQfA+INw4CfBEIPgkE3wSCjwLBV4Hgs0CgD5QIBCUKQYlEUKIRlIgEJSpBiUxQohOUCAUlSkETqaCJVtBELGiiFjSRC5roBU0EgyaKQRPJoMlmWGyGxWZYbIbFZlhshsVmWGyGxWZYbIbFZthshs1m2GyGzWbYbIbNZthshs1m2GyGzWY4bIbDZjhshsNmOGyGw2Y4bIbDZjhshsNmuGyGy2a4bIbLZrhshstmuGyGy2a4b3xKeONbAn9MGPw1YfDnhMHfEwZ/UBj8RWHwJ4XB3xQGf1QYaAYLzWChGSw0g4VmsNAMFprBQjNYaAYLzWChGWw0g41msNEMNprBRjPYaAYbzWCjGWw0g41mcKAZHGgGB5rBgWZwoBkcaAYHmsGBZnCgGRxoBieawcm/ZZBoBieawYlmcKIZnGgGJ5rBiWZwohlYDOQF1AJaAaWATuDPDmQEFALfFPikwBcFPii8cU/AcwJfE/iYwLcEPiWwCt5AAZqAScAiYBCwB5gDrAHGAFogkAKBEgiEQKADAhkQqIBABAQaIJAAgQJIBEDi/ifOf+L6J45/4vYnTn/i8icO///L9C8=")!)
    /// "hello hello hello abuse desk" with the fixed Huffman code (block type 1).
    static let fixedBlock: [UInt8] = [203, 72, 205, 201, 201, 87, 200, 64, 34, 19, 147, 74, 139, 83, 21, 82, 82, 139, 179, 1]
    /// A zip holding 2024-01-02-scan_ssh-test-asn64496.csv (two rows, one IPv6), deflated.
    static let zip: [UInt8] = [UInt8](Data(base64Encoded: "UEsDBBQAAAAIALlqfV0Z+KpYawAAAJ0AAAAlAAAAMjAyNC0wMS0wMi1zY2FuX3NzaC10ZXN0LWFzbjY0NDk2LmNzdm2MOw7DMAxD956i0OwYtJp+ots4HzQB6iqIdX9UnrJ0IQmQj2RbWarlslOgrcl+qOmknxb1MLdVq31zWTxaftOFGNx3SB34ipugF9y9SwNHRI4JbTj5F3MIVOv6F3n4ioEk8/gSeZ7MSf0AUEsBAhQDFAAAAAgAuWp9XRn4qlhrAAAAnQAAACUAAAAAAAAAAAAAAIABAAAAADIwMjQtMDEtMDItc2Nhbl9zc2gtdGVzdC1hc242NDQ5Ni5jc3ZQSwUGAAAAAAEAAQBTAAAArgAAAAAA")!)

    @Test func storedBlock() throws {
        let block: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFF] + Array("abuse".utf8)
        #expect(try Inflate.decompress(block[...], maxOutput: 100) == Array("abuse".utf8))
    }

    @Test func fixedHuffmanBlock() throws {
        #expect(try Inflate.decompress(Self.fixedBlock[...], maxOutput: 100) == Array("hello hello hello abuse desk".utf8))
    }

    @Test func dynamicHuffmanBlock() throws {
        #expect((Self.dynamicBlock[0] >> 1) & 3 == 2)
        let out = try Inflate.decompress(Self.dynamicBlock[...], maxOutput: 1 << 20)
        #expect(out == Self.dynamicText)
        #expect(CRC32.checksum(out) == 604_721_003)  // zlib.crc32 of the same text
    }

    @Test func outputLimitStopsDecoding() {
        #expect(throws: Inflate.Failure.outputLimitExceeded(1000)) { try Inflate.decompress(Self.dynamicBlock[...], maxOutput: 1000) }
    }

    @Test func brokenStreamsFailWithReasons() {
        #expect(throws: Inflate.Failure.truncated) { try Inflate.decompress(Self.dynamicBlock.prefix(100), maxOutput: 1 << 20) }
        #expect(throws: Inflate.Failure.invalidBlockType) { try Inflate.decompress([0x07][...], maxOutput: 10) }
        #expect(throws: Inflate.Failure.storedLengthMismatch) { try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00][...], maxOutput: 10) }
        #expect(throws: Inflate.Failure.truncated) { try Inflate.decompress([][...], maxOutput: 10) }
        // Fixed block whose first code is a copy (length 3, distance 1) with no output yet.
        #expect(throws: Inflate.Failure.distanceTooFar) { try Inflate.decompress([0x03, 0x02][...], maxOutput: 10) }
    }

    /// Random and mutated streams: any result or error, never a trap, output within the limit.
    @Test func hostileStreamsNeverTrap() {
        var rng = FeedRNG(seed: 7)
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = Self.dynamicBlock
                for _ in 0..<1 + Int(rng.next() % 4) {
                    let index = Int(rng.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            }
            if let out = try? Inflate.decompress(bytes[...], maxOutput: 4096) { #expect(out.count <= 4096) }
        }
    }

    @Test func zipEntriesAreReadAndChecked() throws {
        let archive = try ZipArchive(Self.zip)
        #expect(archive.entries.map(\.name) == ["2024-01-02-scan_ssh-test-asn64496.csv"])
        let all = try archive.extractAll()
        #expect(String(decoding: all[0].contents, as: UTF8.self).hasPrefix("\"timestamp\",\"ip\""))
    }

    @Test func zipLimitsAndDamage() throws {
        #expect(throws: ZipArchive.Failure.entryTooLarge("2024-01-02-scan_ssh-test-asn64496.csv", 50)) {
            try ZipArchive(Self.zip, limits: .init(maxEntrySize: 50)).extractAll()
        }
        #expect(throws: ZipArchive.Failure.tooManyEntries(0)) { try ZipArchive(Self.zip, limits: .init(maxEntries: 0)) }
        #expect(throws: ZipArchive.Failure.notAZipArchive) { try ZipArchive(Array("not a zip at all, just text".utf8)) }
        // A header that understates the size (a bomb's trick): inflating stops at the stated size.
        var lying = Self.zip
        let central = lying.count - 22 - 46 - 37  // central header of the one entry
        #expect(ZipArchive.u32(lying, central) == 0x0201_4B50)
        lying[central + 24] = 10; lying[central + 25] = 0
        #expect(throws: ZipArchive.Failure.sizeMismatch("2024-01-02-scan_ssh-test-asn64496.csv")) { try ZipArchive(lying).extractAll() }
        // Damaged data: CRC or inflate failure, never a trap.
        var damaged = Self.zip
        damaged[80] ^= 0x55
        #expect(throws: ZipArchive.Failure.self) { try ZipArchive(damaged).extractAll() }
        // Every truncation.
        for length in 0..<Self.zip.count {
            _ = try? ZipArchive(Array(Self.zip.prefix(length))).extractAll()
        }
    }
}

/// A deterministic generator (SplitMix64) for the hostile-input tests.
struct FeedRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
