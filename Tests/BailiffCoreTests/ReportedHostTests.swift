import BailiffCore
import Testing

@Suite struct ReportedHostTests {
    @Test func readsTheHostOfLooselyWrittenURLs() {
        #expect(ReportedHost(url: "personals.cf/chinat&t/at&t/index.php") == .name("personals.cf"))
        #expect(ReportedHost(url: "https://User:pw@Login.Example.COM:8443/path?q=1#f") == .name("login.example.com"))
        #expect(ReportedHost(url: "hxxp://evil[.]example[.]net/x") == .name("evil.example.net"))
        #expect(ReportedHost(url: "<http://shop.example.org./>") == .name("shop.example.org"))
        #expect(ReportedHost(url: "http://198.51.100.7:8080/a") == .address(IPAddress("198.51.100.7")!))
        #expect(ReportedHost(url: "http://[2001:db8::7]:443/") == .address(IPAddress("2001:db8::7")!))
        #expect(ReportedHost(url: "2001:db8::8") == .address(IPAddress("2001:db8::8")!))
        #expect(ReportedHost(url: "_dmarc.example.com") == .name("_dmarc.example.com"))
    }

    @Test func refusesWhatDNSCannotAnswer() {
        for text in ["", "localhost", "http:///path", "http://-bad-.example/", "http://a..b/", "http://1.2.3.999/", "http://[::1/", "http://ex ample.com/",
                     "http://" + String(repeating: "a", count: 64) + ".example/"] {
            #expect(ReportedHost(url: text) == nil, "\(text)")
        }
    }
}
