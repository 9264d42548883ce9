/// The code lists the validators check against (spec 02), built once.
enum CodeLists {
    static let oneTwo: Set<String> = ["1", "2"]
    static let oneToThree: Set<String> = ["1", "2", "3"]
    /// TZPTLX: 01, 99, and 1 read as 01.
    static let platformKind: Set<String> = ["01", "99", "1"]
    /// SPLCLX: 1–10.
    static let approvalFlow: Set<String> = Set((1...10).map(String.init))
}
