@testable import CourseBridgeStore
import GRDB
import Testing

/// The sync's inserts bind values with SQLite's C interface (`DirectBinder`): each value must land as GRDB's
/// arguments would have put it, and a wrong statement must fail with SQLite's own message, not write a half row.
@Suite struct DirectBindingTests {
    private func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, text TEXT, whole INTEGER, real REAL, note TEXT NOT NULL)")
        }
        return queue
    }

    @Test(arguments: ["", "Lead with 信頼 and 🚀", "quote ' and \" inside"])
    func textKeepsEveryByteAndAnEmptyStringIsNotNull(_ value: String) throws {
        let queue = try queue()
        try queue.write { db in
            try db.makeStatement(sql: "INSERT INTO t(text, note) VALUES (?, ?)").executeDirect { row in
                row.bind(value); row.bind("n")
            }
            let stored = try Row.fetchOne(db, sql: "SELECT text, typeof(text) AS type FROM t")
            #expect(stored?["text"] == value)
            #expect(stored?["type"] == "text")
        }
    }

    @Test func absentValuesAreNullAndNumbersKeepTheirType() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO t(text, whole, real, note) VALUES (?, ?, ?, ?)")
            try insert.executeDirect { row in
                row.bind(nil as String?); row.bind(nil as Int?); row.bind(nil as Double?); row.bind("a")
            }
            try insert.executeDirect { row in
                row.bind("x"); row.bind(Int64.max); row.bind(1_700_000_000.25); row.bind("b")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT typeof(text), typeof(whole), typeof(real), whole, real FROM t ORDER BY id")
            #expect(rows.map { [$0[0], $0[1], $0[2]] as [String] } == [["null", "null", "null"], ["text", "integer", "real"]])
            #expect(rows[1][3] == Int64.max)
            #expect(rows[1][4] == 1_700_000_000.25)
        }
    }

    @Test func aStatementRunTwiceTakesItsNewValues() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t(text, note) VALUES (?, 'n')")
            for text in ["first", "second"] { try insert.executeDirect { $0.bind(text) } }
            // GRDB's own arguments still work on the same cached statement afterwards.
            try insert.execute(arguments: ["third"])
            #expect(try String.fetchAll(db, sql: "SELECT text FROM t ORDER BY id") == ["first", "second", "third"])
        }
    }

    @Test func tooFewValuesFailWithoutWritingARow() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO t(text, note) VALUES (?, ?)")
            #expect { try insert.executeDirect { $0.bind("only one") } } throws: { error in
                "\(error)".contains("1 values bound for 2 parameters")
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0)
        }
    }

    @Test func aConstraintFailureCarriesSQLitesMessage() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO t(text, note) VALUES (?, ?)")
            #expect { try insert.executeDirect { row in row.bind("x"); row.bind(nil as String?) } } throws: { error in
                (error as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_NOTNULL
                    && "\(error)".contains("NOT NULL constraint failed: t.note")
            }
            // The statement is usable again after the failure.
            try insert.executeDirect { row in row.bind("y"); row.bind("n") }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 1)
        }
    }

    @Test(arguments: [0, 1, 449, 450, 451, 1_000])
    func aPageOfRowsGoesInWholeBatchesAndARemainder(_ count: Int) throws {
        let queue = try queue()
        let insert = MultiRowInsert(head: "INSERT INTO t(whole, text, note) VALUES ", row: "(?, ?, 'm')", width: 2)
        let rows = (0..<count).map { (Int64($0), "row \($0)") }
        try queue.write { db in
            try insert.execute(db, rows) { row, value in row.bind(value.0); row.bind(value.1) }
            let stored = try Row.fetchAll(db, sql: "SELECT whole, text FROM t ORDER BY id")
            #expect(stored.count == count)
            #expect(stored.map { $0[0] as Int64 } == rows.map(\.0))
            #expect(stored.map { $0[1] as String } == rows.map(\.1))
        }
    }
}
