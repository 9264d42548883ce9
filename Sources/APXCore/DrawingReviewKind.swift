/// The two drawing-review (sgt) files of spec 02: an acceptance (`SL`) or a result (`BJ`),
/// as file names (`SGT_<KIND>_…`) and the `lx` attribute spell them.
public enum DrawingReviewKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case acceptance = "SL"
    case result = "BJ"
}
