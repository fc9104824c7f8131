/// The notice templates Bailiff ships with, in English and German. An operator replaces any of
/// them by a file of the same name in the template directory (`notice.de.txt`,
/// `notice.spam.en.txt`); see ``NoticeTemplateSet``.
public enum DefaultNoticeTemplates {
    public static let sources: [String: String] = [
        "notice.en": """
        Subject: [{{provider_name}} abuse {{case_token}}] {{category_title}}: {{service_label}}

        Dear {{customer_name}},

        we received reports that your service {{service_label}} ({{service}}) was used for
        {{category_title}}. This breaks our Acceptable Use Policy, clause "{{clause_title}}"
        ({{clause}}), version {{policy_version}}: {{aup_url}}

        What was reported ({{event_count}}, first {{first_seen}}, last {{last_seen}}):
        {{events}}
        {{#evidence}}

        An excerpt of the evidence (personal data of others removed):
        {{evidence}}
        {{/evidence}}
        {{#mail_findings}}

        What the reported mail shows:
        {{mail_findings}}
        {{/mail_findings}}

        Our decision: {{decision}}.
        {{#deadline}}
        Please stop the activity and tell us what you did about it by {{deadline}}.
        {{/deadline}}
        {{#opt_in_request}}
        {{opt_in_request}}
        {{/opt_in_request}}
        {{#next_step}}
        If the activity goes on after that, {{next_step}}.
        {{/next_step}}
        {{#reseller_name}}

        {{reseller_name}}, who sold you this service, receives a copy of this notice.
        {{/reseller_name}}

        To answer, or to contest this decision, reply to this message; keep
        {{case_token}} in the subject. Your answer reaches our abuse team and is added
        to the case.

        {{provider_name}} abuse team
        {{case_address}}
        """,
        "notice.de": """
        Subject: [{{provider_name}} abuse {{case_token}}] {{category_title}}: {{service_label}}

        Guten Tag {{customer_name}},

        uns wurde gemeldet, dass Ihr Dienst {{service_label}} ({{service}}) für folgendes
        genutzt wurde: {{category_title}}. Das verstößt gegen unsere Nutzungsbedingungen,
        Abschnitt „{{clause_title}}“ ({{clause}}), Fassung {{policy_version}}: {{aup_url}}

        Gemeldet wurde ({{event_count}}, zuerst {{first_seen}}, zuletzt {{last_seen}}):
        {{events}}
        {{#evidence}}

        Ein Auszug aus den Belegen (personenbezogene Daten Dritter entfernt):
        {{evidence}}
        {{/evidence}}
        {{#mail_findings}}

        Was die gemeldete Mail zeigt:
        {{mail_findings}}
        {{/mail_findings}}

        Unsere Entscheidung: {{decision}}.
        {{#deadline}}
        Bitte beenden Sie die Tätigkeit und teilen Sie uns bis {{deadline}} mit, was Sie unternommen haben.
        {{/deadline}}
        {{#opt_in_request}}
        {{opt_in_request}}
        {{/opt_in_request}}
        {{#next_step}}
        Hält die Tätigkeit danach an, gilt: {{next_step}}.
        {{/next_step}}
        {{#reseller_name}}

        {{reseller_name}}, von dem Sie diesen Dienst beziehen, erhält eine Kopie dieser Mitteilung.
        {{/reseller_name}}

        Um zu antworten oder der Entscheidung zu widersprechen, antworten Sie auf diese
        Nachricht und lassen Sie {{case_token}} im Betreff stehen. Ihre Antwort erreicht
        unser Abuse-Team und wird dem Fall zugeordnet.

        {{provider_name}} Abuse-Team
        {{case_address}}
        """,
    ]
}
