/// A writer that holds rows back to insert them many to a statement. The database flushes
/// it before every transaction boundary (SAVEPOINT, RELEASE, COMMIT), so held rows land
/// in the (sub)transaction that made them, and discards it when one rolls back (what it
/// holds then was made after the last boundary, inside the part rolled back).
public protocol TransactionBuffer: AnyObject {
    func flush(_ db: Database) throws
    func discard()
}
