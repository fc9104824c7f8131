/// The words notices are made of that are not in a template: category names and what each
/// action means for the customer, in every language Bailiff writes (English, German).
public enum NoticePhrases {
    /// Languages with phrases; a customer's language outside these gets English.
    public static let languages: Set<String> = ["en", "de"]

    public static func language(_ requested: String) -> String {
        let base = requested.lowercased().split(separator: "-").first.map(String.init) ?? "en"
        return languages.contains(base) ? base : "en"
    }

    public static func title(_ category: AbuseCategory, language: String) -> String {
        let german = self.language(language) == "de"
        switch category {
        case .spam: return german ? "Versand unerwünschter E-Mails (Spam)" : "sending unsolicited e-mail (spam)"
        case .phishing: return german ? "Phishing" : "phishing"
        case .fraud: return german ? "Betrug" : "fraud"
        case .malware: return german ? "Verbreitung von Schadsoftware" : "distributing malware"
        case .intrusion: return german ? "Eindringversuche in fremde Systeme" : "attempts to break into other systems"
        case .scanning: return german ? "Portscans" : "port scanning"
        case .networkAttack: return german ? "Angriffe auf fremde Netze" : "attacks on other networks"
        case .attackTarget: return german ? "ein Angriff auf Ihren Dienst" : "an attack on your service"
        case .ipInfringement: return german ? "Verletzung geistigen Eigentums" : "infringement of intellectual property"
        case .unlicensedSoftware: return german ? "unlizenzierte Software" : "unlicensed software"
        case .abusiveContent: return german ? "beleidigende oder hetzerische Inhalte" : "offensive or abusive content"
        case .childAbuse: return german ? "ein schwerwiegender Verstoß" : "a serious violation"
        case .privacy: return german ? "Verletzung der Privatsphäre" : "violation of privacy"
        case .irc: return german ? "IRC-Server in öffentlichen Netzen" : "an IRC server on a public network"
        case .openProxy: return german ? "ein offener Proxy" : "an open proxy"
        case .torExit: return german ? "ein Tor-Exit-Knoten" : "a Tor exit node"
        case .adultContent: return german ? "Inhalte für Erwachsene" : "adult content"
        case .illegal: return german ? "rechtswidrige Inhalte" : "unlawful content"
        case .blocklisted: return german ? "Eintrag in einer Sperrliste" : "a listing on a blocklist"
        case .vulnerable: return german ? "ein verwundbarer oder kompromittierter Dienst" : "a vulnerable or compromised service"
        }
    }

    /// What an action means for the customer, or nil for actions the customer is not told of
    /// (sealing evidence, informing the police, internal review).
    public static func effect(_ action: EnforcementAction, language: String) -> String? {
        let german = self.language(language) == "de"
        switch action {
        case .notify: return german ? "eine förmliche Abmahnung (diese Mitteilung)" : "a formal warning (this notice)"
        case .closePort25: return german ? "ausgehender Port 25 (SMTP) ist für Ihren Dienst gesperrt" : "outbound port 25 (SMTP) is closed for your service"
        case .suspend: return german ? "Ihr Dienst wird gesperrt" : "your service is suspended"
        case .unsuspend: return german ? "Ihr Dienst wird wieder freigegeben" : "your service is resumed"
        case .terminate: return german ? "Ihr Vertrag über diesen Dienst wird beendet" : "your service is terminated"
        case .blackhole: return german ? "die angegriffene Adresse wird vorübergehend nicht mehr geroutet" : "the attacked address is null-routed for a while"
        case .liftBlackhole: return german ? "die Adresse wird wieder geroutet" : "the address is routed again"
        case .bill: return german ? "die Kosten der Entfernung aus Sperrlisten werden berechnet" : "the cost of delisting is charged"
        case .close: return german ? "der Fall wird geschlossen" : "the case is closed"
        case .sealEvidence, .notifyPolice, .answerReporter, .requestStaffReview: return nil
        }
    }

    /// The effects of `actions` as one sentence fragment: "a formal warning (this notice); outbound port 25 …".
    public static func effects(_ actions: [EnforcementAction], language: String) -> String {
        actions.compactMap { effect($0, language: language) }.joined(separator: "; ")
    }

    /// A time for a notice, in UTC: `2026-11-29 18:00 UTC`.
    public static func time(_ seconds: Int64) -> String {
        let text = Timestamp.format(seconds)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }
}
