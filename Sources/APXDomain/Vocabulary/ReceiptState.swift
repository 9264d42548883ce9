/// The bureau's answer to one pushed record (spec 04 receipts: sjsczt 3 accepted, 2 rejected).
public enum ReceiptState: String, Sendable, CaseIterable, CustomStringConvertible {
    case accepted = "ACCEPTED"
    case rejected = "REJECTED"
}
