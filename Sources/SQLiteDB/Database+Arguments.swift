// The argument forms of `run`/`rows`/`row`/`scalar` for 0 to 16 arguments, one generic
// parameter per argument: specialised where they are called, every argument binds through a
// direct call (a parameter pack, Database.swift, is the form for more; its loop over the
// elements goes through their witness tables). Written out; the arities differ only in count.

extension Database {
    // 0 arguments
    @inlinable func bound(_ sql: String) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 0)
        return s
    }
    @inlinable public func run(_ sql: String) throws {
        let s = try bound(sql); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows(_ sql: String) throws -> [Row] {
        let s = try bound(sql); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row(_ sql: String) throws -> Row? {
        let s = try bound(sql); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar(_ sql: String) throws -> SQLValue {
        let s = try bound(sql); defer { s.checkin() }; return try s.firstValue()
    }

    // 1 argument
    @inlinable func bound<A1: SQLBindable>(_ sql: String, _ a1: A1) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 1)
        do { try a1.bind(to: s, at: 1) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable>(_ sql: String, _ a1: A1) throws {
        let s = try bound(sql, a1); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable>(_ sql: String, _ a1: A1) throws -> [Row] {
        let s = try bound(sql, a1); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable>(_ sql: String, _ a1: A1) throws -> Row? {
        let s = try bound(sql, a1); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable>(_ sql: String, _ a1: A1) throws -> SQLValue {
        let s = try bound(sql, a1); defer { s.checkin() }; return try s.firstValue()
    }

    // 2 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 2)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2) throws {
        let s = try bound(sql, a1, a2); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2) throws -> [Row] {
        let s = try bound(sql, a1, a2); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2) throws -> Row? {
        let s = try bound(sql, a1, a2); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2) throws -> SQLValue {
        let s = try bound(sql, a1, a2); defer { s.checkin() }; return try s.firstValue()
    }

    // 3 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 3)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3) throws {
        let s = try bound(sql, a1, a2, a3); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3) throws -> Row? {
        let s = try bound(sql, a1, a2, a3); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3); defer { s.checkin() }; return try s.firstValue()
    }

    // 4 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 4)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4) throws {
        let s = try bound(sql, a1, a2, a3, a4); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4); defer { s.checkin() }; return try s.firstValue()
    }

    // 5 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 5)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5); defer { s.checkin() }; return try s.firstValue()
    }

    // 6 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 6)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6); defer { s.checkin() }; return try s.firstValue()
    }

    // 7 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 7)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7); defer { s.checkin() }; return try s.firstValue()
    }

    // 8 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 8)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8); defer { s.checkin() }; return try s.firstValue()
    }

    // 9 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 9)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9); defer { s.checkin() }; return try s.firstValue()
    }

    // 10 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 10)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10); defer { s.checkin() }; return try s.firstValue()
    }

    // 11 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 11)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11); defer { s.checkin() }; return try s.firstValue()
    }

    // 12 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 12)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11); try a12.bind(to: s, at: 12) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12); defer { s.checkin() }; return try s.firstValue()
    }

    // 13 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 13)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11); try a12.bind(to: s, at: 12); try a13.bind(to: s, at: 13) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13); defer { s.checkin() }; return try s.firstValue()
    }

    // 14 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 14)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11); try a12.bind(to: s, at: 12); try a13.bind(to: s, at: 13); try a14.bind(to: s, at: 14) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14); defer { s.checkin() }; return try s.firstValue()
    }

    // 15 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 15)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11); try a12.bind(to: s, at: 12); try a13.bind(to: s, at: 13); try a14.bind(to: s, at: 14); try a15.bind(to: s, at: 15) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15); defer { s.checkin() }; return try s.firstValue()
    }

    // 16 arguments
    @inlinable func bound<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable, A16: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15, _ a16: A16) throws -> Statement {
        let s = try statementForUse(sql, argumentCount: 16)
        do { try a1.bind(to: s, at: 1); try a2.bind(to: s, at: 2); try a3.bind(to: s, at: 3); try a4.bind(to: s, at: 4); try a5.bind(to: s, at: 5); try a6.bind(to: s, at: 6); try a7.bind(to: s, at: 7); try a8.bind(to: s, at: 8); try a9.bind(to: s, at: 9); try a10.bind(to: s, at: 10); try a11.bind(to: s, at: 11); try a12.bind(to: s, at: 12); try a13.bind(to: s, at: 13); try a14.bind(to: s, at: 14); try a15.bind(to: s, at: 15); try a16.bind(to: s, at: 16) } catch { s.checkin(); throw error }
        return s
    }
    @inlinable public func run<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable, A16: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15, _ a16: A16) throws {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16); defer { s.checkin() }; try s.drain()
    }
    @inlinable public func rows<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable, A16: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15, _ a16: A16) throws -> [Row] {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16); defer { s.checkin() }; return try s.allRows()
    }
    @inlinable public func row<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable, A16: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15, _ a16: A16) throws -> Row? {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16); defer { s.checkin() }; return try s.firstRow()
    }
    @inlinable public func scalar<A1: SQLBindable, A2: SQLBindable, A3: SQLBindable, A4: SQLBindable, A5: SQLBindable, A6: SQLBindable, A7: SQLBindable, A8: SQLBindable, A9: SQLBindable, A10: SQLBindable, A11: SQLBindable, A12: SQLBindable, A13: SQLBindable, A14: SQLBindable, A15: SQLBindable, A16: SQLBindable>(_ sql: String, _ a1: A1, _ a2: A2, _ a3: A3, _ a4: A4, _ a5: A5, _ a6: A6, _ a7: A7, _ a8: A8, _ a9: A9, _ a10: A10, _ a11: A11, _ a12: A12, _ a13: A13, _ a14: A14, _ a15: A15, _ a16: A16) throws -> SQLValue {
        let s = try bound(sql, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16); defer { s.checkin() }; return try s.firstValue()
    }
}
