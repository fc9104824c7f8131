import Testing
@testable import BailiffReports

/// Deterministic xorshift64* generator so mutation runs are reproducible.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}

@Suite("Robustness")
struct RobustnessTests {
    static let fixtures: [[UInt8]] = Fixtures.all.flatMap { [LineEnding.lf.apply($0), LineEnding.crlf.apply($0)] } + [
        Array("Content-Type: text/plain; name*0*=utf-8''%E2%82; name*1*=%AC\nSubject: =?utf-8?B?4oKs?= =?koi8-r?q?=D0?=\nContent-Transfer-Encoding: base64\n\n4oKs\n".utf8),
        Array("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: a\nContent-Type: text/plain; charset=shift_jis\nContent-Transfer-Encoding: quoted-printable\n\n=83=65\n--d--\n".utf8),
    ]

    @Test("every prefix of every fixture parses", arguments: 0..<fixtures.count)
    func prefixes(index: Int) {
        let f = Self.fixtures[index]
        for n in 0...f.count {
            MIMEParser.exercise(Array(f[0..<n]))
        }
    }

    @Test("20,000 seeded mutations do not crash")
    func mutations() {
        var rng = SeededRNG(seed: 0xB411_1FF)
        let tokens: [[UInt8]] = ["\n", "\r\n", "--", ":", "=?", "?=", "\"", "(", ")", ";", "*0*=", "=", "\n\n", " ",
                                 "Content-Type: multipart/mixed; boundary=part1_13d.2e68ed54_boundary\n",
                                 "Content-Type: message/rfc822\n", "Content-Transfer-Encoding: base64\n",
                                 "charset=iso-2022-jp", "--part1_13d.2e68ed54_boundary", "=E9", "\u{0}"].map { Array($0.utf8) }
        var checksum = 0
        for _ in 0..<20_000 {
            var b = Self.fixtures[Int.random(in: 0..<Self.fixtures.count, using: &rng)]
            let edits = Int.random(in: 1...8, using: &rng)
            for _ in 0..<edits where !b.isEmpty {
                let pos = Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: b[pos] = UInt8.random(in: 0...255, using: &rng)
                case 1: b.remove(at: pos)
                case 2: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: pos)
                case 3: // duplicate a chunk
                    let len = Int.random(in: 1...min(200, b.count - pos), using: &rng)
                    b.insert(contentsOf: b[pos..<(pos + len)], at: pos)
                case 4: // delete a chunk
                    let len = Int.random(in: 1...min(200, b.count - pos), using: &rng)
                    b.removeSubrange(pos..<(pos + len))
                default: b[pos] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                }
            }
            checksum &+= MIMEParser.exercise(b)
        }
        #expect(checksum != 0)
    }

    @Test("random bytes never trap")
    func randomBytes() {
        var rng = SeededRNG(seed: 42)
        for _ in 0..<2_000 {
            let n = Int.random(in: 0..<512, using: &rng)
            var b = [UInt8](repeating: 0, count: n)
            for i in 0..<n { b[i] = UInt8.random(in: 0...255, using: &rng) }
            if n > 8 { b.replaceSubrange(0..<2, with: Array("X:".utf8)) }
            MIMEParser.exercise(b)
        }
    }
}
