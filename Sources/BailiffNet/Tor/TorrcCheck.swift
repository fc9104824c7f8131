import Foundation

/// Reads a torrc the way tor(1) does, to answer one question: does this relay exit?
///
/// - `ExitRelay 0` never exits; `ExitRelay 1` exits under its policy or tor's default one.
/// - Under the default `ExitRelay auto`, a relay exits as soon as `ExitPolicy`,
///   `ReducedExitPolicy` or `IPv6Exit` is set, and not otherwise.
/// - A bridge (`BridgeRelay 1`) and a client (no `ORPort`) do not exit.
/// - The policy is read first match wins: the relay exits when a rule accepts some public
///   destination before catch-all rejects have closed both address families. A policy without a
///   catch-all is followed by tor's default policy, which accepts most ports.
/// IPv6 exiting needs `IPv6Exit 1`; without it IPv6 is closed whatever the rules say.
public enum TorrcCheck {
    public static func verdict(_ text: String) -> TorrcVerdict {
        var options: [(key: String, value: String, line: Int)] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = raw
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            options.append((String(parts[0]).lowercased(), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "", number + 1))
        }
        func last(_ key: String) -> (value: String, line: Int)? { options.last { $0.key == key }.map { ($0.value, $0.line) } }
        func isOn(_ key: String) -> Bool { last(key).map { $0.value == "1" } ?? false }

        var reasons: [String] = []
        guard let orPort = last("orport"), orPort.value != "0" else {
            return TorrcVerdict(exits: false, reasons: ["no ORPort: this tor is a client, not a relay"])
        }
        reasons.append("ORPort \(orPort.value) (line \(orPort.line)): a relay")
        if isOn("bridgerelay") {
            return TorrcVerdict(exits: false, reasons: reasons + ["BridgeRelay 1: a bridge, which does not exit"])
        }
        let policyLines = options.filter { $0.key == "exitpolicy" }
        let reduced = isOn("reducedexitpolicy")
        let ipv6Exit = isOn("ipv6exit")
        switch last("exitrelay")?.value.lowercased() ?? "auto" {
        case "0":
            return TorrcVerdict(exits: false, reasons: reasons + ["ExitRelay 0: no traffic exits; ExitPolicy, ReducedExitPolicy and IPv6Exit are ignored"])
        case "1":
            reasons.append("ExitRelay 1: exits under its exit policy")
        default:
            let set = (policyLines.isEmpty ? [] : ["ExitPolicy"]) + (last("reducedexitpolicy") != nil ? ["ReducedExitPolicy"] : [])
                + (last("ipv6exit") != nil ? ["IPv6Exit"] : [])
            guard !set.isEmpty else {
                return TorrcVerdict(exits: false, reasons: reasons + ["ExitRelay auto with no ExitPolicy, ReducedExitPolicy or IPv6Exit set: behaves as ExitRelay 0"])
            }
            reasons.append("ExitRelay auto and \(set.joined(separator: ", ")) set: behaves as ExitRelay 1")
        }
        var openV4 = true, openV6 = ipv6Exit
        if !ipv6Exit { reasons.append("IPv6Exit is not 1: no IPv6 exit traffic") }
        let rules = policyLines.flatMap { line in
            line.value.split(separator: ",").map { (text: $0.trimmingCharacters(in: .whitespaces), line: line.line) }.filter { !$0.text.isEmpty }
        }
        if rules.isEmpty {
            let which = reduced ? "the reduced exit policy (ReducedExitPolicy 1)" : "tor's default exit policy"
            return TorrcVerdict(exits: true, reasons: reasons + ["no ExitPolicy rules: \(which) applies, which accepts many ports"])
        }
        for rule in rules {
            guard let parsed = PolicyRule(rule.text) else {
                reasons.append("line \(rule.line): \"\(rule.text)\" is not a rule tor accepts; tor would refuse to start")
                return TorrcVerdict(exits: false, reasons: reasons)
            }
            let touchesV4 = openV4 && parsed.coversV4, touchesV6 = openV6 && parsed.coversV6
            if parsed.accept {
                if (touchesV4 || touchesV6) && !parsed.privateOnly {
                    return TorrcVerdict(exits: true, reasons: reasons + ["line \(rule.line): \"\(rule.text)\" lets traffic out (first match wins)"])
                }
            } else if parsed.allAddresses && parsed.allPorts {
                if parsed.coversV4 { openV4 = false }
                if parsed.coversV6 { openV6 = false }
                if !openV4 && !openV6 {
                    return TorrcVerdict(exits: false, reasons: reasons + ["line \(rule.line): \"\(rule.text)\" rejects everything still open: a non-exit relay"])
                }
            }
        }
        let families = [openV4 ? "IPv4" : nil, openV6 ? "IPv6" : nil].compactMap { $0 }.joined(separator: " and ")
        return TorrcVerdict(exits: true, reasons: reasons + ["the policy has no catch-all reject for \(families): tor appends its default exit policy, which accepts most ports"])
    }

    /// One `accept`/`reject`/`accept6`/`reject6` rule: `ADDR[/MASK][:PORT[-PORT]]`.
    struct PolicyRule {
        var accept: Bool
        var coversV4: Bool
        var coversV6: Bool
        var allAddresses: Bool
        var allPorts: Bool
        var privateOnly: Bool

        init?(_ text: String) {
            let parts = text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else { return nil }
            let action = parts[0].lowercased()
            guard ["accept", "reject", "accept6", "reject6"].contains(action) else { return nil }
            accept = action.hasPrefix("accept")
            let onlyV6 = action.hasSuffix("6")
            var target = parts[1].trimmingCharacters(in: .whitespaces)
            var ports = "*"
            if let colon = target.lastIndex(of: ":"), !target.hasSuffix("]") {
                ports = String(target[target.index(after: colon)...]); target = String(target[..<colon])
            }
            allPorts = ports == "*" || ports == "1-65535"
            guard allPorts || ports.split(separator: "-").allSatisfy({ UInt16($0) != nil }) else { return nil }
            let address = target.lowercased()
            privateOnly = address == "private"
            switch address {
            case "*": allAddresses = true; coversV4 = !onlyV6; coversV6 = true
            case "*4": allAddresses = true; coversV4 = !onlyV6; coversV6 = false
            case "*6": allAddresses = true; coversV4 = false; coversV6 = true
            case "private": allAddresses = false; coversV4 = !onlyV6; coversV6 = true
            default:
                allAddresses = address.hasSuffix("/0")
                let isV6 = address.contains(":")
                coversV4 = !isV6 && !onlyV6; coversV6 = isV6
            }
        }
    }
}
