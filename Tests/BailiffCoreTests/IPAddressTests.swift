import Testing
@testable import BailiffCore

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),       // RFC 5952 §4.2.3: first of equal runs
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),    // §4.2.2: a single zero group stays
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),              // §4.2.3: the longest run wins
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("fe80::1:2:3:4", "fe80::1:2:3:4"),
        ("::ffff:192.0.2.1", "192.0.2.1"),                    // mapped: read as IPv4
        ("::FFFF:c000:0201", "192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
    ])
    func parsesToCanonicalText(input: String, canonical: String) throws {
        #expect(try IPAddress(parsing: input).description == canonical)
    }

    @Test(arguments: [
        ("", "empty"),
        ("192.168.01.1", "leading-zero"),
        ("010.0.0.1", "leading-zero"),
        ("256.0.0.1", "out-of-range"),
        ("1.2.3", "malformed"),
        ("1.2.3.4.5", "malformed"),
        ("1.2.3.", "malformed"),
        ("127.1", "malformed"),
        ("1.2.3.4 ", "malformed"),
        (" 1.2.3.4", "malformed"),
        ("0x7f.0.0.1", "malformed"),
        ("fe80::1%eth0", "zone-id"),
        ("[2001:db8::1]", "malformed"),
        ("2001:db8:::1", "malformed"),
        ("2001::db8::1", "malformed"),
        ("12345::", "out-of-range"),
        ("2001:db8::g", "malformed"),
        (":1:2:3:4:5:6:7", "malformed"),
        ("1:2:3:4:5:6:7:", "malformed"),
        ("1:2:3:4:5:6:7:8:9", "malformed"),
        ("1:2:3:4:5:6:7:8::", "malformed"),
        ("::1.2.3.4:5", "malformed"),
        ("::ffff:1.2.3.256", "out-of-range"),
        ("::ffff:1.2.3.04", "leading-zero"),
        ("hello", "malformed"),
    ])
    func rejectsWithReason(input: String, code: String) {
        #expect {
            _ = try IPAddress(parsing: input)
        } throws: { error in
            (error as? AddressParseError)?.code == code && !((error as? AddressParseError)?.reason.isEmpty ?? true)
        }
    }

    @Test func canonicalTextRoundTripsForRandomAddresses() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<5_000 {
            // Bias towards zero groups so that "::" placement is exercised.
            var value: UInt128 = 0
            for _ in 0..<8 { value = value << 16 | (generator.next() % 3 == 0 ? 0 : UInt128(generator.next() & 0xFFFF)) }
            let address = IPv6Address(value)
            let reparsed = try IPv6Address(parsing: address.description)
            #expect(reparsed == address, "\(address)")
        }
        for _ in 0..<5_000 {
            let address = IPv4Address(UInt32(truncatingIfNeeded: generator.next()))
            #expect(try IPv4Address(parsing: address.description) == address)
        }
    }

    @Test func ordersIPv4BeforeIPv6() throws {
        let addresses = try ["2001:db8::1", "10.0.0.2", "::1", "10.0.0.1"].map { try IPAddress(parsing: $0) }
        #expect(addresses.sorted().map(\.description) == ["10.0.0.1", "10.0.0.2", "::1", "2001:db8::1"])
    }
}

@Suite struct IPPrefixTests {
    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.0/24"),
        ("192.0.2.7", "192.0.2.7/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:db8::1", "2001:db8::1/128"),
        ("::/0", "::/0"),
        ("::ffff:192.0.2.0/120", "192.0.2.0/24"),
    ])
    func parses(input: String, canonical: String) throws {
        #expect(try IPPrefix(parsing: input).description == canonical)
    }

    @Test(arguments: [
        ("192.0.2.1/24", "host-bits-set"),
        ("192.0.2.0/33", "out-of-range"),
        ("2001:db8::/129", "out-of-range"),
        ("192.0.2.0/024", "leading-zero"),
        ("192.0.2.0/", "malformed"),
        ("192.0.2.0/-1", "malformed"),
        ("192.0.2.0/24/1", "malformed"),
        ("192.0.2.0/ 24", "malformed"),
        ("fe80::%eth0/64", "zone-id"),
    ])
    func rejects(input: String, code: String) {
        #expect {
            _ = try IPPrefix(parsing: input)
        } throws: { ($0 as? AddressParseError)?.code == code }
    }

    @Test func containment() throws {
        let net = try IPPrefix(parsing: "192.0.2.0/24")
        #expect(net.contains(try IPAddress(parsing: "192.0.2.255")))
        #expect(!net.contains(try IPAddress(parsing: "192.0.3.0")))
        #expect(net.contains(try IPAddress(parsing: "::ffff:192.0.2.9")))
        #expect(!net.contains(try IPAddress(parsing: "2001:db8::1")))
        #expect(net.contains(try IPPrefix(parsing: "192.0.2.128/25")))
        #expect(!(try IPPrefix(parsing: "192.0.2.128/25")).contains(net))
        #expect(net.overlaps(try IPPrefix(parsing: "192.0.0.0/16")))
        #expect(!net.overlaps(try IPPrefix(parsing: "192.0.3.0/24")))
        #expect(try IPPrefix(parsing: "0.0.0.0/0").contains(try IPAddress(parsing: "255.255.255.255")))
        let v6 = try IPPrefix(parsing: "2001:db8::/32")
        #expect(v6.contains(try IPAddress(parsing: "2001:db8:ffff::1")))
        #expect(v6.last.description == "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")
        #expect(net.last.description == "192.0.2.255")
    }
}
