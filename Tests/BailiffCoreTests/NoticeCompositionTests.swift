import BailiffCore
import Foundation
import Testing

/// The pieces notices are made of: templates, header encoding, quoted-printable, redaction.
@Suite struct NoticeCompositionTests {
    @Test func templatesFillValuesKeepSectionsOnlyWhenTheyHaveContentAndLeaveNoBlankLines() throws {
        let source = "Subject: [{{a}}] about {{b}}\n\nHello {{a}},\n{{#b}}\nb is {{b}}.\n{{/b}}\n{{^b}}\nno b.\n{{/b}}\nBye.\n"
        let template = try NoticeTemplate(parsing: source, known: ["a", "b"])
        let full = template.render(["a": "x", "b": "y"])
        #expect(full.subject == "[x] about y")
        #expect(full.body == "Hello x,\nb is y.\nBye.\n")
        #expect(template.render(["a": "x"]).body == "Hello x,\nno b.\nBye.\n")
    }

    @Test func templateMistakesAreRefusedWithTheirLine() {
        #expect(throws: NoticeTemplate.Problem(line: 3, message: "unknown name 'nmae'; a template may use a, b")) {
            try NoticeTemplate(parsing: "Subject: s\n\n{{nmae}}\n", known: ["a", "b"])
        }
        #expect(throws: NoticeTemplate.Problem.self) { try NoticeTemplate(parsing: "Subject: s\n\n{{#a}} never closed\n", known: ["a"]) }
        #expect(throws: NoticeTemplate.Problem.self) { try NoticeTemplate(parsing: "Subject: s\n\n{{/a}}\n", known: ["a"]) }
        #expect(throws: NoticeTemplate.Problem.self) { try NoticeTemplate(parsing: "Hello\n", known: ["a"]) }
        #expect(throws: NoticeTemplateError.self) { try NoticeTemplateSet(overrides: ["notice.nosuchcategory.en": "Subject: s\n\nx\n"]) }
    }

    @Test func theMostSpecificTemplateWins() throws {
        let set = try NoticeTemplateSet(overrides: ["notice.spam.de": "Subject: Spam-Hinweis\n\nx\n"])
        #expect(set.notice(category: .spam, language: "de-AT").render([:]).subject == "Spam-Hinweis")
        #expect(set.notice(category: .malware, language: "de").render(["provider_name": "P", "case_token": "t", "category_title": "c", "service_label": "s"]).subject == "[P abuse t] c: s")
        #expect(set.notice(category: .spam, language: "fi").render(["provider_name": "P", "case_token": "t", "category_title": "c", "service_label": "s"]).subject == "[P abuse t] c: s",
                "a language without a template gets English")
    }

    @Test func headersAreEncodedAndFolded() {
        let words = HeaderEncoding.encodedWords(String(repeating: "ü", count: 40))
        #expect(words.count == 2 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") })
        let field = HeaderEncoding.unstructuredField("Subject", String(repeating: "word ", count: 30))
        #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(HeaderEncoding.unstructuredField("Subject", "plain\r\nBcc: injected") == "Subject: plain  Bcc: injected", "no header injection")
        #expect(MailAddress("a@b.example", name: "Kask & Partners").headerText == "Kask & Partners <a@b.example>", "& is atext")
        #expect(MailAddress("a@b.example", name: "Kask, \"Partners\" Co.").headerText == "\"Kask, \\\"Partners\\\" Co.\" <a@b.example>")
        #expect(MailAddress("a@b.example", name: "Jürgen").headerText == "=?UTF-8?B?SsO8cmdlbg==?= <a@b.example>")
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatMustBe() {
        let encoded = QuotedPrintable.encode("Grüße = gut \nFrom here\n" + String(repeating: "x", count: 200))
        #expect(encoded.hasPrefix("Gr=C3=BC=C3=9Fe =3D gut=20\r\n=46rom here\r\n"))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(MailDate.format(1_795_000_000) == "Wed, 18 Nov 2026 11:06:40 +0000")
    }

    @Test func redactionRemovesOthersAddressesAndKeepsTheCustomersOwn() {
        let redactor = EvidenceRedactor(keep: [IPAddress("192.0.2.10")!, IPAddress("2001:db8::10")!])
        let text = "Spam from 192.0.2.10 and [192.0.2.200] to victim@mail.example; also 2001:db8::10, 2001:db8::99. Version 1.2.3 stays."
        #expect(redactor.redact(text) == "Spam from 192.0.2.10 and [[address removed]] to [e-mail removed]; also 2001:db8::10, [address removed]. Version 1.2.3 stays.")
        // Log forms keep the address inside a word.
        #expect(redactor.redact("IN=eth0 SRC=192.0.2.10 DST=203.0.113.9 DPT=22") == "IN=eth0 SRC=192.0.2.10 DST=[address removed] DPT=22")
        #expect(redactor.redact("connect from unknown[203.0.113.5] to 203.0.113.5:25 and [2001:db8::1]:443 at 12:00:00")
                == "connect from unknown[[address removed]] to [address removed]:25 and [[address removed]]:443 at 12:00:00")
        #expect(redactor.redact("deadbeef cafe:babe 10.0") == "deadbeef cafe:babe 10.0")
    }

    @Test func theNoticeStatesTheReasonsAndCopiesTheReseller() throws {
        let composer = NoticeComposer(templates: try NoticeTemplateSet(), identity: MailIdentity(providerName: "Example Hosting", abuseMailbox: "abuse@p.example",
                                                                                                  aupURL: "https://p.example/aup", messageIDHost: "p.example"))
        let facts = NoticeFacts(caseID: 7, caseToken: "k3x9p2m4qa", caseAddress: "abuse+k3x9p2m4qa@p.example", category: .spam, clause: "spam", clauseTitle: "Spam",
                                policyVersion: "2026.1", rungID: "notice", actions: [.notify, .closePort25], deadline: 1_772_532_000, nextActions: [.notify, .suspend],
                                serviceID: "S1", serviceLabel: "vps-1", customerName: "Alice", customerLanguage: "en", resellerName: "Northwind",
                                events: [.init(occurredAt: 1_772_445_600, ip: IPAddress("192.0.2.10"), port: 25, excerpt: "spam to bob@x.example")])
        let mail = composer.notice(facts, to: ["alice@c.example"], copy: ["abuse@northwind.example"], stepKey: "case-7/rung-notice/notify", now: 1_772_446_000,
                                   showEvidence: true, redact: true)
        #expect(mail.subject == "[Example Hosting abuse k3x9p2m4qa] sending unsolicited e-mail (spam): vps-1")
        #expect(mail.messageID.hasPrefix("notice.k3x9p2m4qa.") && mail.messageID.hasSuffix("@p.example"))
        #expect(mail.cc.map(\.address) == ["abuse@northwind.example"])
        for phrase in ["clause \"Spam\"", "(spam), version 2026.1", "192.0.2.10 port 25", "[e-mail removed]", "outbound port 25 (SMTP) is closed",
                       "by 2026-03-03 10:00 UTC", "your service is suspended", "Northwind, who sold you this service"] {
            #expect(mail.text.contains(phrase), "the notice lacks \(phrase)")
        }
        let again = composer.notice(facts, to: ["alice@c.example"], copy: ["abuse@northwind.example"], stepKey: "case-7/rung-notice/notify", now: 1_772_446_000,
                                    showEvidence: true, redact: true)
        #expect(again.rendered() == mail.rendered(), "the same step gives the same message (and Message-ID)")
    }
}
