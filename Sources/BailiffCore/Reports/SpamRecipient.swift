/// Who received a reported mail, in the terms of the AUP's spam clause: mail to a company's
/// general address at that company's own domain is the one exception to "unsolicited"; mail to
/// an address at a free or paid mailbox provider never is, whatever a register says.
public enum SpamRecipient: String, Sendable, Hashable, CaseIterable {
    /// A general address (`info@`, `sales@`, …) at a domain that is not a mailbox provider.
    case companyGeneralAddress = "company-general-address"
    /// Any address at a mailbox provider (Gmail, Outlook/Hotmail, Yahoo, GMX, …).
    case mailboxProvider = "mailbox-provider"
    /// Anything else: a person's address at a company, or what cannot be read.
    case other

    static let generalLocalParts: Set<String> = [
        "info", "contact", "office", "sales", "support", "hello", "admin", "mail", "kontakt", "enquiries", "inquiries", "service",
        "team", "marketing", "press", "billing", "post", "reception", "orders", "accounts", "business", "general",
    ]

    /// Registrable domains of mailbox providers (a `*.` entry covers every country domain).
    static let mailboxProviders: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com", "aol.com",
        "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "zoho.com", "mail.com", "gmx.com", "gmx.net", "gmx.de",
        "web.de", "t-online.de", "freenet.de", "mail.ru", "yandex.ru", "yandex.com", "seznam.cz", "centrum.cz", "email.cz",
        "free.fr", "orange.fr", "laposte.net", "libero.it", "virgilio.it", "qq.com", "163.com", "126.com", "naver.com", "wp.pl",
        "onet.pl", "o2.pl", "interia.pl", "btinternet.com", "comcast.net", "hotmail.co.uk", "yahoo.co.uk", "yahoo.de", "yahoo.fr",
        "hotmail.de", "hotmail.fr", "outlook.de", "live.de",
    ]

    /// Classifies one recipient address.
    public static func classify(_ address: String) -> SpamRecipient {
        let bare = EmailAddress.addrSpec(address)
        guard EmailAddress.isPlausible(bare), let at = bare.lastIndex(of: "@") else { return .other }
        let local = bare[..<at].lowercased()
        let labels = bare[bare.index(after: at)...].lowercased().split(separator: ".")
        let candidates = (1...min(3, labels.count)).map { labels.suffix($0).joined(separator: ".") }
        if candidates.contains(where: mailboxProviders.contains) { return .mailboxProvider }
        return generalLocalParts.contains(local) ? .companyGeneralAddress : .other
    }
}
