import Testing
@testable import CourseBridgePostgres

/// Writes sent as prepared statements (`PostgresTransaction.sendPrepared`, what statement ingestion sends for every
/// statement): parsed once per connection and run from then on, storing what an unnamed statement would, and failing
/// the same way.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PreparedWriteTests {
    static let insert = "INSERT INTO t(name, n, x) VALUES ($1, $2, $3)"

    /// One connection, so that every transaction finds what the earlier ones prepared.
    private func withTable(_ body: (PostgresPool) throws -> Void) throws {
        try TestDatabase.withFreshSchema(size: 1) { pool in
            try pool.execute("CREATE TABLE t (name text PRIMARY KEY, n bigint, x double precision)")
            try body(pool)
        }
    }

    private func rows(_ pool: PostgresPool) throws -> [String] {
        try pool.query("SELECT name, n, x FROM t ORDER BY name").map { row in
            let n = try row.decode(column: "n", as: Int64?.self).map(String.init) ?? "null"
            let x = try row.decode(column: "x", as: Double?.self).map { String($0) } ?? "null"
            return "\(try row.decode(column: "name", as: String.self)) \(n) \(x)"
        }
    }

    /// How many times this connection ran `sql` from its prepared statement (nil: not prepared on it).
    private func runsOfPrepared(_ tx: PostgresTransaction, _ sql: String) throws -> Int64? {
        try tx.query("SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1", [sql])
            .first?.decode(index: 0, as: Int64.self)
    }

    @Test func aRepeatedWriteIsParsedOncePerConnectionAndStoresItsValues() throws {
        try withTable { pool in
            let failure = DeferredWriteFailure()
            try pool.transaction { tx in
                try tx.sendPrepared(Self.insert, ["a", Int64(1), 1.5]) { failure.record($0) }
                try tx.sendPrepared(Self.insert, ["b", nil, nil]) { failure.record($0) }
                try tx.sendPrepared(Self.insert, ["c", Int64(-3), 0.25]) { failure.record($0) }
                #expect(try runsOfPrepared(tx, Self.insert) == 3)
            }
            // The next transaction on the connection runs the same statement again without preparing it anew.
            try pool.transaction { tx in
                try tx.sendPrepared(Self.insert, ["d", Int64(4), nil]) { failure.record($0) }
                #expect(try tx.query("SELECT count(*) FROM pg_prepared_statements").first?.decode(index: 0, as: Int64.self) == 1)
                #expect(try runsOfPrepared(tx, Self.insert) == 4)
            }
            #expect(failure.error == nil)
            #expect(try rows(pool) == ["a 1 1.5", "b null null", "c -3 0.25", "d 4 null"])
        }
    }

    @Test func aFailedPreparedWriteNamesItsConstraintAndCommitsNothing() throws {
        try withTable { pool in
            let failure = DeferredWriteFailure()
            #expect(throws: PostgresAccessError.self) {
                try pool.transaction { tx in
                    try tx.sendPrepared(Self.insert, ["a", Int64(1), nil]) { failure.record($0) }
                    try tx.sendPrepared(Self.insert, ["a", Int64(2), nil]) { failure.record($0) }
                }
            }
            guard case .uniqueViolation(let constraint, _) = failure.error else {
                Issue.record("expected a unique violation, got \(String(describing: failure.error))")
                return
            }
            #expect(constraint == "t_pkey")
            let stored = try rows(pool)
            #expect(stored.isEmpty)
        }
    }

    @Test func aStatementGoneFromTheServerIsPreparedAgainAtItsNextUse() throws {
        try withTable { pool in
            let failure = DeferredWriteFailure()
            try pool.transaction { tx in try tx.sendPrepared(Self.insert, ["a", nil, nil]) { failure.record($0) } }
            try pool.execute("DEALLOCATE ALL")
            // The connection's prepared statement is gone: this write fails (26000) and its transaction with it...
            #expect(throws: PostgresAccessError.self) {
                try pool.transaction { tx in try tx.sendPrepared(Self.insert, ["b", nil, nil]) { failure.record($0) } }
            }
            // ...and the next one prepares it again.
            let later = DeferredWriteFailure()
            try pool.transaction { tx in try tx.sendPrepared(Self.insert, ["c", nil, nil]) { later.record($0) } }
            #expect(later.error == nil)
            #expect(try rows(pool) == ["a null null", "c null null"])
        }
    }
}
