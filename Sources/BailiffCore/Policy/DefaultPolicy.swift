/// The policy Bailiff ships with: the VPS host's Acceptable Use Policy retold in this
/// project's own words, clause by clause, with the rules that enforce it. An operator prints it
/// with `bailiff policy default`, edits text and rules, and publishes their own version.
public enum DefaultPolicy {
    public static var document: PolicyDocument {
        switch PolicyFile.read(text) {
        case .success(let document): return document
        case .failure(let failure): preconditionFailure("the built-in policy is invalid:\n\(failure)")
        }
    }

    public static let text = #"""
# Acceptable Use Policy

This policy says what our services may not be used for and what we do when they are. It is
part of every contract for our services. We may amend it; an amendment applies from the moment
it is published here or, when we announce it by e-mail, from the date the e-mail names.

Breaking this policy can lead to a warning, to closing outbound mail, to suspension or to
termination of the service. Suspensions and terminations under this policy earn no refund and
no credit.

## Spam and unsolicited e-mail {#spam}

We do not tolerate spam. Sending the same or nearly the same message, unasked, to more than
one recipient is spam. A message is unasked unless the recipient requested it; the only
exception is the general address of a company at that company's own domain. Addresses at
free or paid mailbox providers are never such an exception, whatever a register says.
Forged or misleading headers and false contact details count as spam too, and so does mass
mailing through other providers that makes us look involved.

Whoever mails in bulk must keep a record of every person's opt-in, with the messages and
headers that prove it, and show it when we ask. Without that record, a recipient's complaint
proves the mail was unsolicited. Lists and newsletters must let recipients unsubscribe
automatically and must stop mailing them at once when they do.

Outbound port 25 is closed by default. We open it for one address on request, or you can use
a mail service on another port.

## Getting our addresses delisted {#blocklisting}

When your use gets our mail servers or address ranges onto a blocklist, we charge a fixed
50 € plus 50 € for every hour, started, that our staff spend getting them removed.

## Hacking and unauthorised access {#intrusion}

Breaking into systems, exploiting security flaws, guessing passwords and any access without
permission are forbidden.

## Scanning {#scanning}

Scanning other networks or other customers' services for open ports or weaknesses is forbidden.

## Offensive material {#offensive-material}

Spreading threatening, libellous, obscene or abusive material is forbidden.

## Child sexual abuse material {#child-abuse}

Storing, showing, sending, advertising or otherwise offering child sexual abuse material, or
anything else that can harm minors, is forbidden. We suspend the service at once, preserve the
evidence and notify the police.

## Fraud and phishing {#fraud-phishing}

Fraud, phishing and any other deception for gain are forbidden.

## Privacy {#privacy}

Violating other people's privacy, including publishing their personal data, is forbidden.

## Intellectual property {#intellectual-property}

Infringing copyright, trademarks or patents, and hosting or distributing pirated software,
are forbidden. We act on a complaint only when it shows that the complainant first asked the
infringing party to remove the material (and what came of it), names the material with its
domain or IP address, and proves ownership of the right. Complaints without all three are
answered and otherwise ignored.

## Unlicensed software {#unlicensed-software}

Using third-party software without the licence or permission it needs is forbidden.

## Attacks on other networks {#network-attacks}

Denial-of-service attacks and any other attempt to disturb services or servers elsewhere are
forbidden.

## Malware {#malware}

Spreading viruses, malware or other malicious code, and running its infrastructure, are
forbidden.

## Illegal activity {#illegal-activity}

Anything illegal under the laws that apply to us or to you is forbidden, and may lead to
immediate suspension or termination without refund.

## IRC {#irc}

IRC servers that connect to global IRC networks are not allowed.

## Attacks on your service {#attacks-received}

If your service draws denial-of-service attacks that disturb other customers, we may null-route
the attacked address or suspend the service while the attack lasts, even though you are not to
blame; repeated attacks may lead us to end the service.

## Adult content {#adult-content}

No adult content of any kind may be hosted.

## Proxies, VPNs and Tor {#proxies-tor}

Public Tor exits and open or anonymous proxies of any kind are forbidden. Tor bridges and
relays are welcome if they allow no exit traffic (`ExitPolicy reject *:*` and
`ExitPolicy reject6 *:*` in torrc).

## Your responsibility for security {#security-duty}

You are responsible for what your service does, even when intruders do it: keep software up
to date, accounts secure and backups made. "We were hacked" does not close a case; telling us
what you fixed does.

## Resellers {#resellers}

Resellers answer for their customers. They must pass this policy on, tell their customers what
breaking it costs, and receive a copy of every notice about them.

## Investigations {#investigations}

We may suspend a service or remove content to investigate a suspected violation.

## Reporting abuse {#reporting}

Report violations to our abuse address. Reports are weighed by how far we can trust their
source: one anonymous report alone never suspends a service.

```policy
{
  "version": "2026.1",
  "effective": "2026-01-01T00:00:00Z",
  "trust": {
    "default": "low",
    "automatic_action_needs": "high",
    "independent_sources": 3,
    "sources": {
      "shadowserver.org": "high", "abuse.ch": "high", "spamhaus.org": "high", "csirt.cz": "high", "cert.pl": "high",
      "netcraft.com": "high", "google.com": "high", "sensor": "high", "sensor:flows": "high", "sensor:tor": "high", "sensor:dnsbl": "high",
      "spamcop.net": "medium", "blocklist.de": "medium", "abusix.com": "medium", "hotmail.com": "medium", "aol.net": "medium",
      "form": "low"
    }
  },
  "fees": { "currency": "EUR", "delisting_base": "50.00", "delisting_hourly": "50.00", "rounding": "started-hour" },
  "retention": { "default_days": 365, "days": { "spam": 180, "scanning": 90, "vulnerable": 90 }, "legal_hold": ["child-abuse"] },
  "notices": { "redact_personal_data": true, "digest_hours": 1, "suppress_hours": 24, "urgent_actions": ["suspend", "terminate", "blackhole", "notify-police"] },
  "categories": {
    "spam": { "clause": "spam", "severity": "high", "standing_window_days": 365, "requests_opt_in_evidence": true, "ladder": [
      { "id": "notice", "actions": ["notify", "close-port-25"], "deadline_hours": 48, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "blocklisted": { "clause": "blocklisting", "severity": "high", "ladder": [
      { "id": "delisting", "actions": ["notify", "close-port-25"], "deadline_hours": 72, "on_deadline": "staff-review" } ] },
    "phishing": { "clause": "fraud-phishing", "severity": "critical", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "fraud": { "clause": "fraud-phishing", "severity": "critical", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "malware": { "clause": "malware", "severity": "critical", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "intrusion": { "clause": "intrusion", "severity": "high", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "scanning": { "clause": "scanning", "severity": "medium", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 48, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "network-attack": { "clause": "network-attacks", "severity": "critical", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 12, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "attack-target": { "clause": "attacks-received", "severity": "high", "counts_toward_standing": false, "ladder": [
      { "id": "null-route", "actions": ["blackhole", "notify"], "deadline_hours": 24, "on_deadline": "staff-review" } ] },
    "ip-infringement": { "clause": "intellectual-property", "severity": "medium", "requires_compliant_complaint": true, "ladder": [
      { "id": "forward", "actions": ["notify", "answer-reporter"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "staff-review" } ] },
    "unlicensed-software": { "clause": "unlicensed-software", "severity": "low", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 168, "on_deadline": "staff-review" } ] },
    "abusive-content": { "clause": "offensive-material", "severity": "medium", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "staff-review" } ] },
    "child-abuse": { "clause": "child-abuse", "severity": "critical", "visible_in_portals": false, "notices_carry_evidence": false, "ladder": [
      { "id": "immediate-suspension", "actions": ["suspend", "seal-evidence", "notify-police", "notify", "request-staff-review"] } ] },
    "privacy": { "clause": "privacy", "severity": "medium", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "staff-review" } ] },
    "irc": { "clause": "irc", "severity": "low", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "open-proxy": { "clause": "proxies-tor", "severity": "high", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "tor-exit": { "clause": "proxies-tor", "severity": "medium", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "adult-content": { "clause": "adult-content", "severity": "medium", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 72, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "next" },
      { "id": "terminate", "actions": ["notify", "terminate"] } ] },
    "illegal": { "clause": "illegal-activity", "severity": "high", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 24, "on_deadline": "next" },
      { "id": "suspend", "actions": ["notify", "suspend"], "deadline_hours": 168, "on_deadline": "staff-review" } ] },
    "vulnerable": { "clause": "security-duty", "severity": "low", "ladder": [
      { "id": "notice", "actions": ["notify"], "deadline_hours": 168, "on_deadline": "staff-review" } ] }
  }
}
```
"""#
}
