import CSQLite
#if canImport(Glibc)
    import Glibc
#endif

/// An SQLite failure: the result code, SQLite's message and the statement, as GRDB reports them.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " - while executing `\(sql.prefix(200))`" }
        return text
    }
}

/// A connection to one SQLite file. A class only to own the C handle, closed in `deinit`;
/// use one per task (the handle is not shared across threads).
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String

    init(path: String, readOnly: Bool) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        self.handle = db
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        return Statement(stmt: stmt, connection: self, sql: sql)
    }

    /// Runs `body` inside one transaction (committed on success, rolled back on error).
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside one read transaction: SQLite takes its shared lock on the file (and checks the file's
    /// header and journal) once, instead of once per statement. Inside a transaction already, `body` just runs.
    func reading<T>(_ body: () throws -> T) throws -> T {
        guard !isInTransaction else { return try body() }
        try execute("BEGIN")
        defer {
            // Ending a read transaction releases the lock; it cannot lose data (and a failed COMMIT is rolled back, so
            // no transaction outlives the call).
            if isInTransaction, (try? execute("COMMIT")) == nil { try? execute("ROLLBACK") }
        }
        return try body()
    }

    /// Whether a transaction is open on the connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// All rows of a query as arrays of optional strings (small lookups, `kb info`).
    func rows(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [[String?]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var result: [[String?]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.optionalText($0) })
        }
        return result
    }

    func scalarInt(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> Int? {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int(0)
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case int(Int)
    case double(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// A prepared statement; finalised in `deinit`.
final class Statement {
    let stmt: OpaquePointer
    unowned let connection: SQLiteConnection
    let sql: String

    init(stmt: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.stmt = stmt
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(stmt) }

    var columnCount: Int { Int(sqlite3_column_count(stmt)) }

    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .int(let v): rc = sqlite3_bind_int64(stmt, index, Int64(v))
            case .double(let v): rc = sqlite3_bind_double(stmt, index, v)
            case .text(let v): rc = sqlite3_bind_text(stmt, index, v, -1, csqlite_transient())
            case .blob(let v): rc = v.withUnsafeBytes { sqlite3_bind_blob(stmt, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            case .null: rc = sqlite3_bind_null(stmt, index)
            }
            if rc != SQLITE_OK {
                throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(connection.handle)), sql: sql)
            }
        }
    }

    /// Advances; true while a row is available.
    func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(connection.handle)), sql: sql)
    }

    /// Binds and runs a statement that returns no rows.
    func run(_ values: [SQLiteValue]) throws(SQLiteError) {
        try bind(values)
        while try step() {}
    }

    func isNull(_ column: Int) -> Bool { sqlite3_column_type(stmt, Int32(column)) == SQLITE_NULL }
    func int(_ column: Int) -> Int { Int(sqlite3_column_int64(stmt, Int32(column))) }
    func double(_ column: Int) -> Double { sqlite3_column_double(stmt, Int32(column)) }
    func text(_ column: Int) -> String {
        guard let pointer = sqlite3_column_text(stmt, Int32(column)) else { return "" }
        return String(cString: pointer)
    }
    func optionalText(_ column: Int) -> String? { isNull(column) ? nil : text(column) }
    /// Whether a column's text is exactly `expected` (compared as bytes; no String is made). False for NULL.
    func textEquals(_ column: Int, _ expected: StaticString) -> Bool {
        guard let pointer = sqlite3_column_text(stmt, Int32(column)) else { return false }
        let count = Int(sqlite3_column_bytes(stmt, Int32(column)))
        return count == expected.utf8CodeUnitCount && memcmp(pointer, expected.utf8Start, count) == 0
    }
    func optionalInt(_ column: Int) -> Int? { isNull(column) ? nil : int(column) }
    /// A column of comma-separated integers (`"100,250,"`, UCSC exon lists), read from its bytes: the numbers of
    /// `text(column).split(separator: ",").compactMap { Int($0) }`, with no String made (a piece that is not an
    /// integer is skipped, as there).
    func integerList(_ column: Int) -> [Int] {
        guard let pointer = sqlite3_column_text(stmt, Int32(column)) else { return [] }
        return Self.integerList(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(stmt, Int32(column)))))
    }

    static func integerList(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(bytes.count / 4)
        var i = 0
        while i < bytes.count {
            var end = i
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            if end > i, let n = integer(bytes, i, end) { out.append(n) }
            i = end + 1
        }
        return out
    }

    /// `Int(String)` of bytes[start..<end]: an optional sign and at least one digit, nil on anything else or overflow.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start, negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var value = 0
        while i < end {
            let digit = Int(bytes[i]) - 48
            guard (0...9).contains(digit) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = next
            i += 1
        }
        return value
    }
    func blob(_ column: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(stmt, Int32(column)))
        guard count > 0, let pointer = sqlite3_column_blob(stmt, Int32(column)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
