import GRDB
import GRDBSQLite

/// Values bound straight onto a compiled statement with SQLite's C interface.
///
/// GRDB's `StatementArguments` boxes each value as a `DatabaseValue` in a fresh array, then binds it. That was
/// most of the Swift cost of writing a course on a first sync (issue 18: a 100,000-course catalog binds a few
/// million values). The sync's inserts bind here instead; everything else keeps GRDB's arguments.
struct DirectBinder {
    fileprivate let handle: OpaquePointer
    fileprivate var index: Int32 = 0
    /// The first binding SQLite refused (out of memory, too big), reported when the statement runs.
    fileprivate var failure: Int32 = SQLITE_OK

    fileprivate init(handle: OpaquePointer) { self.handle = handle }

    mutating func bind(_ value: String) {
        index += 1
        var value = value
        let code = value.withUTF8 { bytes -> Int32 in
            // A nil address would bind NULL: an empty string gets a real one.
            let start = UnsafeRawPointer(bytes.baseAddress ?? DirectBinder.empty.utf8Start)
            return sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                     DirectBinder.transient)
        }
        note(code)
    }

    mutating func bind(_ value: String?) { bindOptional(value) { $0.bind($1) } }

    mutating func bind(_ value: Int64) {
        index += 1
        note(sqlite3_bind_int64(handle, index, value))
    }

    mutating func bind(_ value: Int64?) { bindOptional(value) { $0.bind($1) } }

    mutating func bind(_ value: Int?) { bindOptional(value) { $0.bind(Int64($1)) } }

    mutating func bind(_ value: Double) {
        index += 1
        note(sqlite3_bind_double(handle, index, value))
    }

    mutating func bind(_ value: Double?) { bindOptional(value) { $0.bind($1) } }

    mutating func bindNull() {
        index += 1
        note(sqlite3_bind_null(handle, index))
    }

    private mutating func bindOptional<Value>(_ value: Value?, _ bindValue: (inout DirectBinder, Value) -> Void) {
        if let value { bindValue(&self, value) } else { bindNull() }
    }

    private mutating func note(_ code: Int32) {
        if code != SQLITE_OK && failure == SQLITE_OK { failure = code }
    }

    private static let empty: StaticString = ""
    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns (the Swift buffer does not outlive it).
    private static let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
}

extension Statement {
    /// Binds every parameter with `bind`, then runs the statement. For statements that return no rows (a row
    /// returned would stop it after its first step), on a connection with no transaction observers (CourseBridge
    /// registers none), so GRDB needs no notice.
    func executeDirect(_ bind: (inout DirectBinder) -> Void) throws {
        _ = try firstInt64Direct(bind)
    }

    /// `executeDirect` for a query: the first column of its first row as an integer (nil: no row). Reads no more
    /// rows and builds no `Row`: GRDB's cursor makes a column-name dictionary for every query, rows or not.
    func firstInt64Direct(_ bind: (inout DirectBinder) -> Void) throws -> Int64? {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var binder = DirectBinder(handle: handle)
        bind(&binder)
        let expected = sqlite3_bind_parameter_count(handle)
        guard binder.index == expected else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "\(binder.index) values bound for \(expected) parameters", sql: sql)
        }
        var code = binder.failure
        var first: Int64?
        if code == SQLITE_OK {
            code = sqlite3_step(handle)
            if code == SQLITE_ROW {
                first = sqlite3_column_int64(handle, 0)
                code = SQLITE_OK
            } else if code == SQLITE_DONE {
                code = SQLITE_OK
            }
        }
        guard code == SQLITE_OK else {
            let connection = sqlite3_db_handle(handle)
            let error = DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                                      message: String(cString: sqlite3_errmsg(connection)), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
        sqlite3_reset(handle)
        return first
    }
}
