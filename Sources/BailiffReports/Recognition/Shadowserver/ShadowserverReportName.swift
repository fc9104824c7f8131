/// Finds the Shadowserver report type named in a file name or a mail subject.
///
/// Shadowserver names report files `<date>-<type>-<recipient>.csv` (zipped: `.csv.zip`), e.g.
/// `2023-04-01-scan_ssh-nl-asn64496.csv` or AbuseIO's samples
/// `2015-01-01-scan_ntp-sample-asn.csv.zip`; types use underscores only, so the type is the
/// first hyphen-separated part after the date. Bare `scan_ssh.csv` (IntelMQ's test files) is
/// read too. Subjects ("[SAMPLE] Shadowserver scan_ntp-sample Report: 2015-01-01") are searched
/// for a word that is a known type.
public enum ShadowserverReportName {
    /// The type part of `fileName` (not checked against the table), or nil if there is none.
    public static func fromFileName(_ fileName: String) -> String? {
        var name = Substring(fileName.split(separator: "/").last ?? "")
        for suffix in [".zip", ".gz", ".csv", ".txt", ".short"] where name.lowercased().hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
        }
        // A leading ISO date "YYYY-MM-DD-".
        let bytes = Array(name.utf8)
        if bytes.count > 11, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "-"),
           bytes[0..<4].allSatisfy(isDigit), bytes[5..<7].allSatisfy(isDigit), bytes[8..<10].allSatisfy(isDigit) {
            name = name.dropFirst(11)
        }
        let type = name.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !type.isEmpty, type.utf8.allSatisfy({ isDigit($0) || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") })
        else { return nil }
        return type.lowercased()
    }

    /// The first word of `subject` that is a known report type.
    public static func fromSubject(_ subject: String) -> String? {
        let words = subject.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }
        return words.first { ShadowserverReportType.named(String($0)) != nil }.map(String.init)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
