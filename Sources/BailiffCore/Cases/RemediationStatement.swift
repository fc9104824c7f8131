/// Reading a customer's answer for what the AUP needs before a case may close: the customer is
/// liable even for what intruders did, so "we were hacked" alone resolves nothing — the answer
/// must say what was fixed.
public enum RemediationStatement {
    static let remedies = [
        "remov", "delet", "fix", "patch", "updat", "upgrad", "reinstall", "rebuil", "restor", "clean", "disabl", "stopp", "shut",
        "chang", "rotat", "reset", "secur", "clos", "block", "firewall", "migrat", "terminat", "suspend", "replac", "harden",
    ]

    /// Whether the statement blames intruders without saying what was done about it.
    public static func onlyBlamesIntruders(_ statement: String) -> Bool {
        let text = statement.lowercased()
        let blames = ["hack", "compromis", "breach", "intrud", "attacker", "not us", "wasn't us", "was not us"].contains(where: text.contains)
        return blames && !remedies.contains(where: text.contains)
    }
}
