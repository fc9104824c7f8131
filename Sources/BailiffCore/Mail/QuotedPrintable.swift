/// Quoted-printable encoding (RFC 2045 §6.7) of text bodies: readable where the text is
/// ASCII, safe for any UTF-8, lines of at most 76 characters, CRLF line ends.
public enum QuotedPrintable {
    public static func encode(_ text: String) -> String {
        var output = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: String
                switch byte {
                case 0x21...0x3C, 0x3E...0x7E: piece = String(UnicodeScalar(byte))
                case 0x20, 0x09: piece = isLast ? hex(byte) : String(UnicodeScalar(byte))
                default: piece = hex(byte)
                }
                // A line of the output holds at most 75 characters and a soft break "=".
                if current.utf8.count + piece.utf8.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                // A dot at the start of a line is left to SMTP's dot-stuffing; "From " is escaped
                // so that mbox-style stores do not mangle it.
                if current.isEmpty, byte == 0x46, bytes[index...].starts(with: Array("From ".utf8)) { piece = hex(byte) }
                current += piece
            }
            output += current
            if number < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
