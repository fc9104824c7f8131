/// Who Bailiff writes as, and where its policy can be read.
public struct MailIdentity: Sendable, Hashable {
    /// The provider's name as customers know it.
    public var providerName: String
    /// The abuse mailbox; case reply addresses are made from it (`abuse+<token>@…`).
    public var abuseMailbox: String
    /// The public AUP page.
    public var aupURL: String
    /// The host part of Message-IDs.
    public var messageIDHost: String

    public init(providerName: String, abuseMailbox: String, aupURL: String, messageIDHost: String) {
        self.providerName = providerName; self.abuseMailbox = abuseMailbox; self.aupURL = aupURL; self.messageIDHost = messageIDHost
    }
}

/// Turns the facts of a case into the notice its customer receives, with its reseller in copy.
public struct NoticeComposer: Sendable {
    public var templates: NoticeTemplateSet
    public var identity: MailIdentity

    public init(templates: NoticeTemplateSet, identity: MailIdentity) { self.templates = templates; self.identity = identity }

    /// The notice for one step of a case.
    ///
    /// - Parameters:
    ///   - stepKey: the intent's idempotency key; the Message-ID is made from it, so that a
    ///     repeated attempt sends the same message, which receivers recognise as one.
    ///   - showEvidence: false for categories whose notices carry no evidence (child abuse).
    ///   - redact: remove third parties' personal data from excerpts.
    public func notice(_ facts: NoticeFacts, to customer: [String], copy reseller: [String], stepKey: String, now: Int64,
                       showEvidence: Bool, redact: Bool) -> OutgoingMail {
        let values = self.values(facts, showEvidence: showEvidence, redact: redact)
        let (subject, body) = templates.notice(category: facts.category, language: facts.customerLanguage).render(values)
        let caseAddress = CaseAddress.address(for: facts.caseToken, mailbox: identity.abuseMailbox)
        let messageID = String(CaseAddress.noticeMessageID(token: facts.caseToken, unique: Self.digest(stepKey), host: identity.messageIDHost).dropFirst().dropLast())
        var mail = OutgoingMail(from: MailAddress(identity.abuseMailbox, name: "\(identity.providerName) abuse"),
                                to: customer.map { MailAddress($0) }, subject: subject, date: now, messageID: messageID,
                                text: body, html: Self.html(body))
        mail.cc = reseller.map { MailAddress($0) }
        mail.replyTo = MailAddress(caseAddress, name: "\(identity.providerName) abuse")
        mail.extraHeaders = [("X-Bailiff-Case", facts.caseToken), ("X-Bailiff-Clause", "\(facts.clause); policy=\(facts.policyVersion)")]
        return mail
    }

    /// The values a notice template may use.
    public func values(_ facts: NoticeFacts, showEvidence: Bool, redact: Bool) -> [String: String] {
        let language = NoticePhrases.language(facts.customerLanguage)
        let german = language == "de"
        let events = facts.events.sorted { $0.occurredAt < $1.occurredAt }
        let own = Set(events.compactMap(\.ip))
        let redactor = EvidenceRedactor(keep: own)
        var lines: [String] = []
        for event in events.prefix(20) {
            var line = "  " + NoticePhrases.time(event.occurredAt)
            if let ip = event.ip { line += "  " + ip.description + (event.port.map { " port \($0)" } ?? "") }
            if let url = event.url { line += "  " + (redact ? redactor.redact(url) : url) }
            lines.append(line)
        }
        if events.count > 20 { lines.append(german ? "  … und \(events.count - 20) weitere" : "  … and \(events.count - 20) more") }
        var evidence = ""
        if showEvidence, let excerpt = events.lazy.compactMap(\.excerpt).first(where: { !$0.isEmpty }) {
            let text = redact ? redactor.redact(excerpt) : excerpt
            evidence = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(25).map { "  > " + $0 }.joined(separator: "\n")
        }
        let count = events.count == 1 ? (german ? "1 Ereignis" : "1 event") : (german ? "\(events.count) Ereignisse" : "\(events.count) events")
        // What the copies of the reported mail showed, each finding once (they are about the sender's mail, not the complainants).
        var findings: [String] = []
        for finding in events.flatMap(\.findings) where !findings.contains(finding) { findings.append(finding) }
        let optIn = german
            ? "Wenn die Empfänger diese Mail angefordert haben, senden Sie uns bis zur Frist ihre Opt-in-Nachweise (wann und wie sich jeder angemeldet hat, mit den Kopfzeilen der Bestätigungsmail): im Kundenportal oder als Anhang einer Antwort auf diese Nachricht. Ohne Nachweise gilt die Beschwerde als Beweis."
            : "If the recipients asked for this mail, send us their opt-in records before the deadline (when and how each one subscribed, with the headers of the confirmation mail): upload them in the portal, or attach them to a reply to this message. Without them the complaint counts as proof."
        return [
            "provider_name": identity.providerName,
            "case_token": facts.caseToken,
            "case_address": CaseAddress.address(for: facts.caseToken, mailbox: identity.abuseMailbox),
            "category": facts.category.rawValue,
            "category_title": NoticePhrases.title(facts.category, language: language),
            "clause": facts.clause,
            "clause_title": facts.clauseTitle,
            "policy_version": facts.policyVersion,
            "aup_url": identity.aupURL,
            "service": facts.serviceID,
            "service_label": facts.serviceLabel,
            "customer_name": facts.customerName,
            "reseller_name": facts.resellerName ?? "",
            "decision": NoticePhrases.effects(facts.actions, language: language),
            "deadline": facts.deadline.map(NoticePhrases.time) ?? "",
            "next_step": facts.nextActions.map { NoticePhrases.effects($0.filter { $0 != .notify }, language: language) } ?? "",
            "events": lines.joined(separator: "\n"),
            "event_count": count,
            "first_seen": events.first.map { NoticePhrases.time($0.occurredAt) } ?? "",
            "last_seen": events.last.map { NoticePhrases.time($0.occurredAt) } ?? "",
            "evidence": evidence,
            "mail_findings": (showEvidence ? findings.prefix(10).map { "  - " + $0 } : []).joined(separator: "\n"),
            "opt_in_request": facts.asksForOptInRecords && facts.deadline != nil ? optIn : "",
        ]
    }

    /// The HTML alternative of a text notice: the same words, escaped, line breaks kept.
    static func html(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n<div style=\"font-family:sans-serif;white-space:pre-wrap\">"
            + escaped + "</div>\n</body></html>\n"
    }

    /// A short, stable hex digest of a step key for Message-IDs.
    public static func digest(_ key: String) -> String { StableDigest.hex(key) }
}

extension NoticeComposer {
    /// Several notices to one customer as one message: each keeps its own statement of reasons
    /// and its own case address for answers. Feeds report many services at once; one mail
    /// with all of them is read, a hundred are not.
    /// `keys` are the notices' intent keys: the Message-ID is made from them, so that a retry of
    /// the same digest is recognisably the same message.
    public func digest(_ notices: [OutgoingMail], tokens: [String], keys: [String], language: String, now: Int64) -> OutgoingMail {
        let german = NoticePhrases.language(language) == "de"
        let count = notices.count
        var text = german
            ? "Guten Tag,\n\nuns wurden Vorfälle zu \(count) Ihrer Dienste gemeldet. Jeder Abschnitt unten ist eine eigene Mitteilung mit eigener Fallnummer;\nbitte antworten Sie zu jedem Fall an die dort genannte Adresse.\n"
            : "Hello,\n\nwe received reports about \(count) of your services. Each section below is a notice of its own, with its own case;\nto answer about one, write to the case address given in its section.\n"
        for (index, notice) in notices.enumerated() {
            text += "\n" + String(repeating: "=", count: 72) + "\n"
            text += "\(index + 1)/\(count): \(notice.subject)\n" + String(repeating: "=", count: 72) + "\n\n"
            text += notice.text
        }
        let subject = german ? "[\(identity.providerName) abuse] \(count) Mitteilungen zu Ihren Diensten" : "[\(identity.providerName) abuse] \(count) notices about your services"
        let first = notices[0]
        var mail = OutgoingMail(from: first.from, to: first.to, subject: subject, date: now,
                                messageID: "digest.\(Self.digest(keys.sorted().joined(separator: ",")))@\(identity.messageIDHost)",
                                text: text, html: Self.html(text))
        mail.cc = first.cc
        mail.extraHeaders = [("X-Bailiff-Case", tokens.joined(separator: " "))]
        return mail
    }
}
