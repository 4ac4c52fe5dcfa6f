import Testing
@testable import CourseBridgePostgres

private struct Refused: Error {}

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresTransactionTests {
    private func names(_ pool: PostgresPool) throws -> [String] {
        try pool.query("SELECT name FROM t ORDER BY name").map { try $0.decode(column: "name", as: String.self) }
    }

    private func withTable(_ body: (PostgresPool) throws -> Void) throws {
        try TestDatabase.withFreshSchema { pool in
            try pool.execute("CREATE TABLE t (name text PRIMARY KEY)")
            try body(pool)
        }
    }

    @Test func commitsWhatTheBodyWroteWhenItReturns() throws {
        try withTable { pool in
            let written = try pool.transaction { tx in
                try tx.execute("INSERT INTO t VALUES ('a')")
                try tx.execute("INSERT INTO t VALUES ('b')")
                // Its own writes are visible inside, before the commit.
                return try tx.query("SELECT count(*) FROM t").first?.decode(index: 0, as: Int64.self)
            }
            #expect(written == 2)
            #expect(try names(pool) == ["a", "b"])
        }
    }

    @Test func rollsEverythingBackWhenTheBodyThrows() throws {
        try withTable { pool in
            #expect(throws: Refused.self) {
                try pool.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES ('a')")
                    throw Refused()
                }
            }
            #expect(try names(pool).isEmpty)
            // The connection went back to the pool usable, outside any transaction.
            try pool.execute("INSERT INTO t VALUES ('after')")
            #expect(try names(pool) == ["after"])
        }
    }

    @Test func aSavepointUndoesOnlyItsOwnWrites() throws {
        try withTable { pool in
            try pool.transaction { tx in
                try tx.execute("INSERT INTO t VALUES ('kept')")
                // A duplicate inside a savepoint fails alone; the transaction goes on.
                do {
                    try tx.savepoint { sp in
                        try sp.execute("INSERT INTO t VALUES ('inner')")
                        try sp.execute("INSERT INTO t VALUES ('kept')")
                    }
                    Issue.record("the duplicate was accepted")
                } catch PostgresAccessError.uniqueViolation {}
                try tx.savepoint { sp in try sp.execute("INSERT INTO t VALUES ('nested-ok')") }
                try tx.execute("INSERT INTO t VALUES ('last')")
            }
            #expect(try names(pool) == ["kept", "last", "nested-ok"])
        }
    }

    /// A body that catches a failed statement and returns would otherwise look committed: PostgreSQL answers its
    /// COMMIT with ROLLBACK.
    @Test func aCaughtFailureWithoutSavepointIsNotReportedAsCommitted() throws {
        try withTable { pool throws in
            #expect(throws: PostgresAccessError.self) {
                try pool.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES ('a')")
                    _ = try? tx.execute("INSERT INTO t VALUES ('a')")
                }
            }
            #expect(try names(pool).isEmpty)
        }
    }

    @Test func aSerializationFailureIsRetriedWhole() throws {
        try TestDatabase.withFreshSchema(size: 2) { pool in
            try pool.execute("CREATE TABLE counter (n bigint NOT NULL)")
            try pool.execute("INSERT INTO counter VALUES (0)")
            var attempts = 0
            try pool.transaction(isolation: .serializable, retries: 2) { tx in
                attempts += 1
                _ = try tx.query("SELECT n FROM counter")
                if attempts == 1 {
                    // Another transaction changes the row this one read, and commits first.
                    try pool.execute("UPDATE counter SET n = n + 10")
                }
                try tx.execute("UPDATE counter SET n = n + 1")
            }
            #expect(attempts == 2)
            #expect(try pool.query("SELECT n FROM counter").first?.decode(index: 0, as: Int64.self) == 11)
        }
    }
}
