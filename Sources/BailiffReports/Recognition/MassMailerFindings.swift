import Foundation
import BailiffCore

/// What the copy of a reported mail says about how its sender treats recipients — the AUP's
/// duties of mass mailers: list mail must offer automated unsubscription (RFC 2369
/// `List-Unsubscribe`, and RFC 8058's one-click `List-Unsubscribe-Post` for HTTPS), the sender
/// must not pose as someone else, and unsolicited mail is excused only at a company's general
/// address at its own domain (never at a mailbox provider). Staff read the findings on the case;
/// the notice quotes them.
public struct MassMailerFindings: Sendable, Hashable {
    public enum Unsubscribe: String, Sendable, Hashable {
        /// No `List-Unsubscribe` header.
        case missing
        /// A header without a usable `<mailto:…>` or `<https:…>` URI (RFC 2369 §2: URIs in angle brackets).
        case malformed
        /// Only `mailto:` URIs: works, but not in one click.
        case mailtoOnly = "mailto-only"
        /// An HTTPS URI without `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
        case httpsWithoutOneClick = "https-without-one-click"
        /// HTTPS with RFC 8058's one-click header.
        case oneClick = "one-click"
    }

    /// Whether the mail presents itself as list mail (List-Id, List-Unsubscribe, Precedence: bulk or list).
    public var isListMail: Bool
    public var unsubscribe: Unsubscribe
    /// Sender problems, in words (empty when none were seen).
    public var senderProblems: [String]
    /// The recipient's class, when the report names the recipient.
    public var recipient: SpamRecipient?

    /// The findings as short lines for the case and the notice.
    public var lines: [String] {
        var lines: [String] = []
        switch unsubscribe {
        case .missing: lines.append(isListMail ? "list mail without a List-Unsubscribe header (RFC 2369)" : "no List-Unsubscribe header")
        case .malformed: lines.append("a List-Unsubscribe header without a usable mailto: or https: address")
        case .mailtoOnly: lines.append("unsubscription by mail only (no one-click HTTPS address, RFC 8058)")
        case .httpsWithoutOneClick: lines.append("an HTTPS unsubscribe address without List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)")
        case .oneClick: lines.append("one-click unsubscription offered (RFC 8058)")
        }
        lines += senderProblems
        switch recipient {
        case .mailboxProvider?: lines.append("sent to an address at a mailbox provider: never a company's general address")
        case .companyGeneralAddress?: lines.append("sent to a general address at a company's own domain")
        case .other?: lines.append("sent to a personal address")
        case nil: break
        }
        return lines
    }

    /// Inspects the headers of the reported mail; `recipient` from the report (Original-Rcpt-To) or the mail's To.
    public static func inspect(_ headers: MessageHeaders, recipient: String? = nil) -> MassMailerFindings {
        let listUnsubscribe = headers.values("list-unsubscribe").joined(separator: ",")
        let precedence = (headers["precedence"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let isListMail = headers.contains("list-id") || !listUnsubscribe.isEmpty || precedence == "bulk" || precedence == "list"

        var unsubscribe = Unsubscribe.missing
        if !listUnsubscribe.isEmpty {
            let uris = bracketed(listUnsubscribe).map { $0.lowercased() }
            let https = uris.contains { $0.hasPrefix("https://") }
            let mailto = uris.contains { $0.hasPrefix("mailto:") && $0.contains("@") }
            let post = headers.values("list-unsubscribe-post").map { $0.trimmingCharacters(in: .whitespaces) }
            if https {
                unsubscribe = post.contains("List-Unsubscribe=One-Click") ? .oneClick : .httpsWithoutOneClick
            } else if mailto {
                unsubscribe = .mailtoOnly
            } else {
                unsubscribe = .malformed
            }
        }

        var problems: [String] = []
        let fromFields = headers.all("from")
        if fromFields.isEmpty { problems.append("no From header") }
        if fromFields.count > 1 { problems.append("\(fromFields.count) From headers (RFC 5322 allows one)") }
        if let from = fromFields.first?.decodedValue {
            let address = EmailAddress.addrSpec(from)
            let fromDomain = domain(of: address)
            if !EmailAddress.isPlausible(address) { problems.append("a From header without a usable address") }
            // A display name that is itself an address at another domain ("service@bank.example" <x@elsewhere>).
            if let open = from.lastIndex(of: "<") {
                let display = from[..<open]
                for word in display.split(whereSeparator: { " \"'()<>,;".contains($0) }) where word.contains("@") && EmailAddress.isPlausible(word) {
                    if let shown = domain(of: String(word)), shown != fromDomain {
                        problems.append("the From display name shows \(word) but the address is at \(fromDomain ?? "another domain")")
                    }
                }
            }
            // Another domain in Sender or Return-Path: sent on behalf (an ESP, or a forgery).
            for name in ["sender", "return-path"] {
                if let value = headers[name], let other = domain(of: EmailAddress.addrSpec(value)), let fromDomain, !sameOrganisation(other, fromDomain) {
                    problems.append("\(name == "sender" ? "Sender" : "Return-Path") is at \(other), From at \(fromDomain)")
                }
            }
        }
        let to = recipient ?? headers.decoded("to")
        return MassMailerFindings(isListMail: isListMail, unsubscribe: unsubscribe, senderProblems: problems, recipient: to.map(SpamRecipient.classify))
    }

    /// The `<…>` items of a header (RFC 2369 §2).
    static func bracketed(_ value: String) -> [String] {
        var items: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            items.append(rest[rest.index(after: open)..<close].filter { !$0.isWhitespace })
            rest = rest[rest.index(after: close)...]
        }
        return items
    }

    static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ">. "))
        return domain.isEmpty ? nil : domain
    }

    /// Same registrable domain, roughly: the last two labels agree (bounce.example.com and example.com).
    static func sameOrganisation(_ a: String, _ b: String) -> Bool {
        a.split(separator: ".").suffix(2) == b.split(separator: ".").suffix(2)
    }
}
