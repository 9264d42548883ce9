import CSQLite

/// The bytes of one statement's bound text and blob arguments, owned by that statement.
///
/// Binding copies an argument's bytes here and hands SQLite the pointer with SQLITE_STATIC
/// (no allocation inside SQLite, none here once the arena has grown to the statement's need),
/// instead of SQLITE_TRANSIENT (SQLite allocates, copies, and frees on the next bind).
///
/// Why SQLITE_STATIC is sound here. SQLite reads a bound value only while the statement
/// runs (`sqlite3_step`: OP_Variable, and result columns that are a parameter) and in
/// `sqlite3_expanded_sql`, which this module never calls; it never frees or writes a static
/// value. The arena's bytes for one use are written before that use's binds and left alone
/// until the statement is bound again, and a statement is bound again only after the use
/// has stepped its last row and been reset (`Statement.checkout`/`checkin`; a reentrant use
/// of the same SQL gets its own statement). A rebind replaces every parameter before the
/// next step. The arena grows only at `begin`, before the first bind of a use; the memory
/// it drops may still be named by the reset statement's old bindings, which nothing reads
/// before they are replaced. It is freed after `sqlite3_finalize` (Statement.deinit).
/// `SQLiteDBTests/BindingLifetimeTests` pins each case.
struct BindArena {
    /// Arguments larger than this bind SQLITE_TRANSIENT (their own work dwarfs a copy), so an
    /// arena stays small (bounded memory per cached statement).
    static let largestCopied = 16 * 1024
    /// Never more than this for one statement.
    static let limit = 64 * 1024

    private(set) var base: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// What the current use would have copied, had it fitted (grows the arena at the next begin).
    private var wanted = 0

    init() {
        capacity = 256
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    }

    /// Starts a use: forgets the previous use's bytes, growing first if it did not fit.
    mutating func begin() {
        if wanted > capacity {
            let grown = Swift.min(Swift.max(wanted, capacity * 2), BindArena.limit)
            if grown > capacity {
                base.deallocate()
                base = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
                capacity = grown
            }
        }
        used = 0
        wanted = 0
    }

    /// A stable copy of `bytes` for this use, or nil (bind SQLITE_TRANSIENT) when it does not fit.
    /// An empty argument gets a valid pointer (a nil pointer would bind NULL).
    mutating func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
        let n = bytes.count
        guard n <= BindArena.largestCopied else { return nil }
        wanted += n
        guard n <= capacity - used else { return nil }
        let target = base + used
        if n > 0, let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: n) }
        used += n
        return UnsafeRawPointer(target)
    }

    func deallocate() { base.deallocate() }
}

/// SQLite copies the value before the bind returns.
let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
/// SQLite uses the caller's bytes as they are, until the statement is bound again or finalized.
let SQLITE_STATIC: sqlite3_destructor_type? = nil
