/// A partner's drop folder under `inbox/` (spec 02); the raw value is the folder name, as
/// stored and reported. Its name patterns are APXDrop's (`DropName`).
public enum Source: String, Sendable, CaseIterable, CustomStringConvertible {
    case tzxm
    case rkqq
    case sgt
    case dtjg
    case manual
    case jsqq
    case govReceipt = "gov-receipt"
    case archiveReceipt = "archive-receipt"

    public var folder: String { rawValue }

    /// Every source, in the order a run claims them.
    public static let all: [Source] = [.tzxm, .rkqq, .sgt, .dtjg, .manual, .jsqq, .govReceipt, .archiveReceipt]
}
