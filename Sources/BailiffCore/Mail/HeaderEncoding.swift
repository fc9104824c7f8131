import Foundation

/// Writing header fields that any mail reader can show: RFC 2047 encoded words for text that is
/// not plain ASCII, and folding (RFC 5322 §2.2.3) so that no line exceeds 78 characters.
public enum HeaderEncoding {
    /// `text` as `=?UTF-8?B?…?=` words of at most 75 characters each, never splitting a character.
    public static func encodedWords(_ text: String) -> [String] {
        // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 characters = 45 bytes of UTF-8 at most.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// An unstructured field (`Subject`) ready to write: encoded when it holds more than printable
    /// ASCII, folded at spaces either way. The result has no trailing CRLF.
    public static func unstructuredField(_ name: String, _ value: String) -> String {
        let clean = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        let plain = clean.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }
        let tokens = plain && !clean.contains("=?") ? clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init) : encodedWords(clean)
        return fold(name + ":", tokens)
    }

    /// `Name: a, b, c` for address lists, folded between addresses.
    public static func addressField(_ name: String, _ addresses: [MailAddress]) -> String {
        let parts = addresses.map(\.headerText)
        return fold(name + ":", parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "," : $0.element })
    }

    /// Joins `tokens` with spaces after `head`, starting a continuation line (`CRLF SP`) before
    /// a token that would pass column 78. A single token longer than that stays whole.
    static func fold(_ head: String, _ tokens: [String]) -> String {
        var result = head
        var lineLength = head.count
        for token in tokens {
            if lineLength + 1 + token.count > 78, lineLength > 1 {
                result += "\r\n " + token
                lineLength = 1 + token.count
            } else {
                result += " " + token
                lineLength += 1 + token.count
            }
        }
        return result
    }
}
