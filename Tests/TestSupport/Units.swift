import APXDomain

/// Builds valid identifiers for fixtures (check characters computed per GB 32100 / GB 11714).
public enum Fixture {
    /// A valid USCC: "91" + region + organisation code (body + check) + check.
    public static func uscc(region: String = "360100", body: String) -> String {
        precondition(body.count == 8)
        let org = body + String(Identifiers.organisationCheckCharacter(body)!)
        let first17 = "91" + region + org
        return first17 + String(Identifiers.usccCheckCharacter(first17)!)
    }

    /// The same USCC with a wrong check character.
    public static func badUSCC(_ valid: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let last = valid.last!
        let other = alphabet[(alphabet.firstIndex(of: last)! + 1) % alphabet.count]
        return String(valid.dropLast()) + String(other)
    }
}
