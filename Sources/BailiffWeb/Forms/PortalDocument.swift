import BailiffCore
import Foundation

/// A file a customer uploads to their case, wrapped as a small MIME message (a note and the
/// file as an attachment), so that it sits in the evidence store like any other evidence and
/// the staff viewer shows it the same inert way: by name, type, size and hash.
public struct PortalDocument: Sendable {
    public static let maximumBytes = 10 * 1024 * 1024

    public var caseID: Int64
    public var actor: String
    public var note: String
    public var filename: String
    public var contentType: String
    public var bytes: [UInt8]

    public init(caseID: Int64, actor: String, note: String, filename: String, contentType: String, bytes: [UInt8]) {
        self.caseID = caseID; self.actor = actor; self.note = note; self.bytes = bytes
        // Names and types come from the browser: keep them to a safe, short shape.
        let name = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "upload"
        self.filename = String(name.filter { $0.isLetter || $0.isNumber || "._- ()".contains($0) }.prefix(100)).nonEmpty ?? "upload"
        let type = contentType.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        self.contentType = type.range(of: "^[a-z0-9.+-]+/[a-z0-9.+-]+$", options: .regularExpression) != nil ? type : "application/octet-stream"
    }

    /// What is wrong with the upload, if anything.
    public func problem() -> String? {
        if bytes.isEmpty { return "choose a file to upload" }
        if bytes.count > Self.maximumBytes { return "the file is larger than 10 MiB; send the part that matters, or compress it" }
        return nil
    }

    public var summary: String { "uploaded \(filename) (\(contentType), \(bytes.count) bytes)" + (note.isEmpty ? "" : ": \(note.prefix(1_000))") }

    public func message(now: Int64, host: String, boundary: String = "bailiff-" + SecretToken.generate().prefix(16)) -> [UInt8] {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let text = [
            "From: \(actor.filter { $0.isLetter || $0.isNumber || ":-_.".contains($0) }) via the portal <portal@\(host)>",
            "Subject: evidence for case #\(caseID)",
            "Date: \(MailDate.format(now))",
            "Message-ID: <portal.\(caseID).\(SecretToken.generate().prefix(12))@\(host)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            Data(note.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]),
            "--\(boundary)",
            "Content-Type: \(contentType)",
            "Content-Disposition: attachment; filename=\"\(filename.replacingOccurrences(of: "\"", with: ""))\"",
            "Content-Transfer-Encoding: base64",
            "",
            encoded,
            "--\(boundary)--",
            "",
        ].joined(separator: "\r\n")
        return Array(text.utf8)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
