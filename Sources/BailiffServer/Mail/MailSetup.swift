import BailiffCore
import Foundation

/// Builds the mail side of Bailiff from its settings: the relay, the templates, the composer.
public enum MailSetup {
    /// The shipped templates with the operator's files from `directory` laid over them. Files
    /// are named after the template with `.txt` (`notice.de.txt`); other files are ignored.
    public static func templates(directory: String) throws -> NoticeTemplateSet {
        guard !directory.isEmpty else { return try NoticeTemplateSet() }
        var overrides: [String: String] = [:]
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw MailSetupError("cannot read the template directory \(directory) (mail.template_dir): \(error.localizedDescription)")
        }
        for name in names where name.hasSuffix(".txt") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw MailSetupError("template \(path) is not readable UTF-8 text")
            }
            overrides[String(name.dropLast(4))] = text
        }
        return try NoticeTemplateSet(overrides: overrides)
    }

    /// The relay, or nil when none is configured (notices are then dry runs).
    public static func relay(_ settings: MailSettings, hostname: String) -> SMTPRelay? {
        guard !settings.smtpHost.isEmpty else { return nil }
        return SMTPRelay(host: settings.smtpHost, port: settings.smtpPort, security: SMTPRelay.Security(rawValue: settings.smtpSecurity) ?? .starttls,
                         caFile: settings.smtpCAFile, username: settings.smtpUsername, password: settings.smtpPassword,
                         heloName: settings.heloName.isEmpty ? hostname : settings.heloName, timeoutSeconds: settings.timeoutSeconds)
    }

    /// Who notices come from and where they point.
    public static func identity(_ settings: MailSettings, httpBase: String) -> MailIdentity {
        let host = settings.abuseAddress.split(separator: "@").last.map(String.init) ?? "bailiff.invalid"
        return MailIdentity(providerName: settings.providerName, abuseMailbox: settings.abuseAddress,
                            aupURL: settings.aupURL.isEmpty ? httpBase + "/aup" : settings.aupURL, messageIDHost: host)
    }
}

/// A mail setting that cannot be used, and what to do about it.
public struct MailSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
