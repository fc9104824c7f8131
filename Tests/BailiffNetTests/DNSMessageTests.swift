import Foundation
import BailiffCore
import BailiffNet
import Testing

@Suite struct DNSMessageTests {
    /// A response to `query` with the given answers, built by hand (with a compression pointer
    /// to the question's name, as servers write them).
    static func response(to query: DNSQuery, code: UInt8 = 0, truncated: Bool = false, answers: [(type: UInt16, data: [UInt8])]) -> [UInt8] {
        var bytes = query.encoded()
        bytes[2] = 0x80 | (truncated ? 0x02 : 0) | (query.recursionDesired ? 1 : 0)
        bytes[3] = 0x80 | code
        bytes[6] = 0; bytes[7] = UInt8(answers.count)
        for answer in answers {
            bytes += [0xC0, 12, UInt8(answer.type >> 8), UInt8(answer.type & 0xFF), 0, 1, 0, 0, 0x0E, 0x10, 0, UInt8(answer.data.count)] + answer.data
        }
        return bytes
    }

    @Test func queryNamesFollowRFC5782() {
        #expect(DNSBLLookup.queryName(IPAddress("192.0.2.99")!, zone: "bl.example") == "99.2.0.192.bl.example")
        #expect(DNSBLLookup.queryName(IPAddress("2001:db8:1:2:3:4:567:89ab")!, zone: "ugly.example.com")
                == "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com")
        #expect(DNSBLLookup.queryName(DNSBLLookup.listedTestPointV6, zone: "z").hasPrefix("2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0"))
    }

    @Test func aResponseWithSeveralRecordsAndCompressionIsRead() throws {
        let query = DNSQuery(id: 0xBEEF, name: "11.2.0.192.bl.example", type: .a)
        let bytes = Self.response(to: query, answers: [(1, [127, 0, 0, 4]), (1, [127, 0, 0, 9]), (16, [5] + Array("hello".utf8) + [3] + Array("you".utf8))])
        let response = try DNSResponse.parse(bytes)
        #expect(response.id == 0xBEEF && response.responseCode == .noError && response.questionName == "11.2.0.192.bl.example" && !response.truncated)
        #expect(response.answers.map(\.data) == [.a(0x7F00_0004), .a(0x7F00_0009), .txt(["hello", "you"])])
        #expect(response.answers.allSatisfy { $0.name == "11.2.0.192.bl.example" })
    }

    @Test func verdictsNeverTakeAnErrorForAListing() throws {
        let zen = DNSBLCatalogue.lists.first { $0.name == "zen" }!
        let query = DNSQuery(id: 1, name: "x.zen.spamhaus.org", type: .a)
        func verdict(code: UInt8 = 0, _ answers: [[UInt8]]) throws -> DNSBLVerdict {
            DNSBLLookup.verdict(try DNSResponse.parse(Self.response(to: query, code: code, answers: answers.map { (1, $0) })), list: zen)
        }
        #expect(try verdict(code: 3, []).state == .clean)
        #expect(try verdict([]).state == .clean)
        #expect(try verdict(code: 2, []).state == .unknown && verdict(code: 5, []).state == .unknown)
        #expect(try verdict([[127, 0, 0, 2]]).strongestClass == .abuse)
        #expect(try verdict([[127, 0, 0, 10]]).strongestClass == .policy)
        #expect(try verdict([[127, 0, 0, 4], [127, 0, 0, 10]]).codes.count == 2)
        for error in [[127, 255, 255, 252], [127, 255, 255, 254], [127, 255, 255, 255], [127, 255, 255, 1], [127, 0, 0, 1], [10, 0, 0, 1], [192, 0, 2, 1]] as [[UInt8]] {
            #expect(try verdict([error]).state == .unknown, "\(error)")
            #expect(try verdict([[127, 0, 0, 2], error]).state == .unknown, "an error among listings spoils the answer: \(error)")
        }
    }

    @Test func malformedMessagesAreErrorsNotCrashes() {
        let query = DNSQuery(id: 7, name: "a.b", type: .a)
        let good = Self.response(to: query, answers: [(1, [127, 0, 0, 2])])
        // Every truncation.
        for length in 0..<good.count { #expect(throws: DNSParseError.self) { try DNSResponse.parse(Array(good.prefix(length))) } }
        // A pointer to itself, and one pointing forward.
        var loop = good
        loop[good.count - 16] = 0xC0; loop[good.count - 15] = UInt8(good.count - 16)
        #expect(throws: DNSParseError.self) { try DNSResponse.parse(loop) }
        #expect(throws: DNSParseError.self) { try DNSResponse.parse(query.encoded()) }
        // Random corruption never traps.
        var generator = SeededGenerator(seed: 5782)
        for _ in 0..<5_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...6, using: &generator) { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            _ = try? DNSResponse.parse(bytes)
        }
    }

    @Test func listsFileReadsCodesAndRefusesNonsense() throws {
        let lists = try DNSBLListsFile.read(Data("""
            [{"name": "local", "zone": "bl.example.net", "ipv6": true, "codes": [{"code": "127.0.0.2", "class": "abuse", "meaning": "spam"},
              {"code": "127.0.0.10-127.0.0.11", "class": "policy", "meaning": "dynamic"}], "other_codes": "neighbourhood"}]
            """.utf8))
        #expect(lists.count == 1 && lists[0].ipv6 && lists[0].classify(0x7F00_000B).0 == .policy && lists[0].classify(0x7F00_0063).0 == .neighbourhood)
        #expect(lists[0].classify(0x7F00_0001).0 == .error && lists[0].classify(0x7FFF_FFFE).0 == .error)
        #expect(throws: DNSBLListsFileError.self) { try DNSBLListsFile.read(Data(#"[{"name": "x", "zone": "z.example", "codes": [{"code": "10.0.0.2", "class": "abuse"}]}]"#.utf8)) }
        #expect(throws: DNSBLListsFileError.self) { try DNSBLListsFile.read(Data(#"[{"name": "x", "zone": "z.example", "codes": [{"code": "127.0.0.2", "class": "bad"}]}]"#.utf8)) }
        #expect(throws: DNSBLListsFileError.self) { try DNSBLListsFile.read(Data("{}".utf8)) }
    }
}
