import BailiffCore
import Foundation

/// Which URLs of a free-text report name the thing reported, and which are the reporter's own.
///
/// Complaints are full of links that are not about us: the reporter's home page, FAQ, ticket
/// tracker and unsubscribe link, the provider's own helpdesk quoted back, a specification.
/// Taken as events they would open cases against nobody. A URL is dropped when its domain is
/// the reporter's (From, Sender, Reply-To, Return-Path, Message-ID, DKIM `d=`; not the
/// recipient's, because customers' servers often carry the provider's host names), when it is
/// a reference site, when its path is documentation or a tracker (`/faq`, `/incident/…`, `Ticket/Display`), or when it embeds another candidate's host
/// (a tracker page about the offender). Of what is left, URLs that a line labels (`URL:`,
/// `uri:`, a table cell) are preferred, because reports list offenders that way.
enum ReportedURLSelection {
    static let referenceDomains: Set<String> = ["x-arf.org", "ietf.org", "rfc-editor.org", "w3.org", "abusix.com", "abuse.net", "spamhaus.org", "spamcop.net"]
    static let documentationMarkers = [
        "/faq", "faq-", "/help", "/support/", "unsubscribe", "opt-out", "optout", "/privacy", "/terms", "/policy", "/policies",
        "/incident/", "/incidents", "/ticket/", "ticket/display", "/abuse-", "/contact", ".asc", ".png", ".jpg", ".gif", ".css",
    ]

    /// The organisational domain of `host`: the last two labels, or three under a two-letter
    /// country code with a short second level (`co.uk`, `com.au`).
    static func organisationalDomain(_ host: String) -> String {
        let labels = host.lowercased().split(separator: ".")
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let top = labels[labels.count - 1], second = labels[labels.count - 2]
        let keep = top.count == 2 && second.count <= 3 ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    /// Domains of the report's sender, from its headers.
    static func partyDomains(of message: MIMEMessage) -> Set<String> {
        var domains: Set<String> = []
        let headers = message.headers
        for name in ["from", "sender", "reply-to", "return-path", "message-id"] {
            for value in headers.values(name) {
                for token in value.split(whereSeparator: { " ,;<>\"()".contains($0) }) {
                    guard let at = token.lastIndex(of: "@") else { continue }
                    let domain = token[token.index(after: at)...].trimmingCharacters(in: .init(charactersIn: ".>"))
                    if domain.contains(".") { domains.insert(organisationalDomain(domain)) }
                }
            }
        }
        for value in headers.values("dkim-signature") {
            for tag in value.split(separator: ";") {
                let pair = tag.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if pair.count == 2, pair[0] == "d", pair[1].contains(".") { domains.insert(organisationalDomain(pair[1])) }
            }
        }
        return domains
    }

    /// The URLs of `text` that name what is reported, in order of appearance.
    static func select(in text: String, message: MIMEMessage) -> [String] {
        let parties = partyDomains(of: message)
        var candidates: [(url: String, host: String, labelled: Bool)] = []
        for line in text.split(whereSeparator: \.isNewline).prefix(5_000) {
            let lowerLine = line.lowercased()
            let labelled = lowerLine.contains("url:") || lowerLine.contains("uri:") || lowerLine.contains("|")
                || lowerLine.hasPrefix("url") || lowerLine.contains("site:")
            for url in FreeTextRecognizer.urls(in: String(line)) where !candidates.contains(where: { $0.url == url }) {
                let host: String
                switch ReportedHost(url: url) {
                case .name(let name)?: host = name
                case .address?: host = ""  // an address literal: no domain to judge by
                case nil: continue
                }
                let domain = organisationalDomain(host)
                let lowerURL = url.lowercased()
                guard host.isEmpty || (!parties.contains(domain) && !referenceDomains.contains(domain)),
                      !documentationMarkers.contains(where: lowerURL.contains)
                else { continue }
                candidates.append((url, host, labelled))
            }
        }
        // A page whose address embeds another candidate's host is a tracker's page about it.
        let hosts = Set(candidates.map(\.host).filter { !$0.isEmpty })
        candidates.removeAll { candidate in
            let path = candidate.url.lowercased().split(separator: "/", maxSplits: 3).dropFirst(2).joined(separator: "/")
            return hosts.contains { $0 != candidate.host && path.contains($0) }
        }
        let labelled = candidates.filter(\.labelled)
        return (labelled.isEmpty ? candidates : labelled).map(\.url)
    }
}
