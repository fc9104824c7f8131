/// The e-mail that tells customers and resellers of a new version of the policy before it takes
/// effect (the AUP: an amendment takes effect when published or when the notice is sent).
public struct AmendmentNotice: Sendable {
    public var identity: MailIdentity

    public init(identity: MailIdentity) { self.identity = identity }

    /// What changed, in words a customer reads: clauses added, removed or renamed, the
    /// categories whose handling changed, the fees, and the wording.
    public static func changes(from old: PolicyDocument, to new: PolicyDocument, language: String) -> [String] {
        let german = NoticePhrases.language(language) == "de"
        var lines: [String] = []
        let before = Dictionary(old.clauses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.clauses.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        for id in after.keys.sorted() where before[id] == nil { lines.append((german ? "Neuer Abschnitt: " : "New clause: ") + after[id]!) }
        for id in before.keys.sorted() where after[id] == nil { lines.append((german ? "Entfallener Abschnitt: " : "Removed clause: ") + before[id]!) }
        for id in before.keys.sorted() where after[id] != nil && after[id] != before[id] {
            lines.append((german ? "Umbenannter Abschnitt: " : "Renamed clause: ") + "\(before[id]!) → \(after[id]!)")
        }
        for category in AbuseCategory.allCases where old.rules[category] != new.rules[category] {
            let title = NoticePhrases.title(category, language: language)
            lines.append(german ? "Geändertes Vorgehen bei: \(title)" : "How we respond to \(title) changed")
        }
        if old.fees != new.fees {
            func money(_ minor: Int) -> String { FeeSchedule.amountText(minor: Int64(minor)) }
            let was = "\(money(old.fees.delistingBaseMinor)) + \(money(old.fees.delistingHourlyMinor))/h \(old.fees.currency)"
            let now = "\(money(new.fees.delistingBaseMinor)) + \(money(new.fees.delistingHourlyMinor))/h \(new.fees.currency)"
            lines.append((german ? "Gebühr für die Entfernung aus Sperrlisten: " : "Charge for delisting our addresses: ") + "\(was) → \(now)")
        }
        if old.retention != new.retention { lines.append(german ? "Aufbewahrungsfristen für Belege geändert" : "How long evidence is kept changed") }
        if lines.isEmpty || old.text != new.text { lines.append(german ? "Der Wortlaut der Bedingungen wurde überarbeitet" : "The wording of the policy was revised") }
        return lines
    }

    /// The mail to one party.
    public func mail(to addresses: [String], name: String, language: String, version: String, effectiveAt: Int64, changes: [String], now: Int64) -> OutgoingMail {
        let german = NoticePhrases.language(language) == "de"
        let when = NoticePhrases.time(effectiveAt)
        let list = changes.map { "  - " + $0 }.joined(separator: "\n")
        let text = german
            ? """
            Guten Tag \(name),

            wir ändern unsere Nutzungsbedingungen (Acceptable Use Policy). Die neue Fassung \(version) gilt ab \(when).

            Was sich ändert:
            \(list)

            Die vollständige neue Fassung: \(identity.aupURL)
            Fragen beantworten wir gern unter \(identity.abuseMailbox).

            \(identity.providerName)

            """
            : """
            Dear \(name),

            we are amending our Acceptable Use Policy. The new version \(version) takes effect on \(when).

            What changes:
            \(list)

            The whole new version: \(identity.aupURL)
            Questions are welcome at \(identity.abuseMailbox).

            \(identity.providerName)

            """
        let subject = german ? "\(identity.providerName): Änderung der Nutzungsbedingungen ab \(when)" : "\(identity.providerName): our Acceptable Use Policy changes on \(when)"
        let key = "amendment/\(version)/" + addresses.joined(separator: ",")
        return OutgoingMail(from: MailAddress(identity.abuseMailbox, name: identity.providerName), to: addresses.map { MailAddress($0) }, subject: subject,
                            date: now, messageID: "amendment.\(version).\(NoticeComposer.digest(key))@\(identity.messageIDHost)", text: text)
    }
}
