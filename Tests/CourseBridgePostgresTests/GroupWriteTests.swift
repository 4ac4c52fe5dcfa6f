import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// A commit group's new statements and attempt writes go to PostgreSQL as one multi-row statement per kind
/// (`GroupWriteBuffer`, `MultiRowWrites`), and still store what one request at a time would: an attempt written by
/// several statements of the group ends with its last state, and a request that fails leaves the others stored.
/// Statement-level triggers of the test schema count the INSERT and UPDATE statements PostgreSQL runs.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct GroupWriteTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// One request's statement: learner i on course i; `failsAfterWriting` makes its request throw after its writes.
    struct Sent {
        var id: String
        var learner: Int
        var failsAfterWriting = false
    }

    /// Two stores with `learners` learners and courses, and triggers that count every INSERT and UPDATE statement on
    /// `statement` and `attempt` (`write_count`) and every attempt row updated (`attempt_row_write`).
    private func withCountedWrites(learners: Int, _ body: (PostgresStore, Int64, [(Int64, Int64)]) throws -> Void) throws {
        try TwoInstances.withPairs(schemaPrefix: "cbwrites_", now: Self.t0, count: learners) { a, _, integration, pairs in
            for sql in [
                "CREATE TABLE write_count (tbl text NOT NULL, op text NOT NULL)",
                "CREATE TABLE attempt_row_write (id bigint NOT NULL, time_spent bigint NOT NULL)",
                """
                CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO write_count VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$
                """,
                """
                CREATE FUNCTION count_attempt_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO attempt_row_write VALUES (NEW.id, NEW.time_spent_seconds); RETURN NULL; END $$
                """,
                "CREATE TRIGGER count_statement_writes AFTER INSERT OR UPDATE ON statement FOR EACH STATEMENT EXECUTE FUNCTION count_write()",
                "CREATE TRIGGER count_attempt_writes AFTER INSERT OR UPDATE ON attempt FOR EACH STATEMENT EXECUTE FUNCTION count_write()",
                "CREATE TRIGGER count_attempt_rows AFTER UPDATE ON attempt FOR EACH ROW EXECUTE FUNCTION count_attempt_row()",
            ] { try a.pool.execute(sql) }
            try body(a, integration, pairs)
        }
    }

    /// How many INSERT or UPDATE statements ran on `table` since the last `resetCounts`.
    private func writes(_ store: PostgresStore, _ table: String, _ op: String) throws -> Int64 {
        try store.pool.query("SELECT count(*) FROM write_count WHERE tbl = $1 AND op = $2", [table, op])[0].decode(index: 0, as: Int64.self)
    }

    private func resetCounts(_ store: PostgresStore) throws {
        try store.pool.execute("DELETE FROM write_count")
        try store.pool.execute("DELETE FROM attempt_row_write")
    }

    /// The engine's group commit in small: each request in a savepoint, each statement looked up, matched, stored
    /// applied and adding 10 s to its learner's first attempt; whether each request succeeded.
    /// `tries` counts how often the store ran the group.
    private func commitGroup(_ store: PostgresStore, integration: Int64, requests: [[Sent]], tries: LockedBox<Int>? = nil) -> [Bool] {
        do {
            return try store.statisticsTransaction(memoizingLookups: true) { tx in
                tries?.mutate { $0 = ($0 ?? 0) + 1 }
                // As the engine: learners and courses found first (kept by the store), then one prefetch for the group.
                var wanted = StatementPrefetch()
                for s in requests.joined() {
                    wanted.statements.append(.init(integrationId: integration, statementId: s.id))
                    if let user = try tx.users(matching: "learner\(s.learner)@acme.example", by: .email).first?.id,
                       let course = try tx.course(provider: .linkedin, providerId: "urn:li:lyndaCourse:\(s.learner)")?.id {
                        wanted.pairs.append(.init(userId: user, courseId: course))
                    }
                }
                try tx.prefetch(wanted)
                return requests.map { request in
                    do {
                        try tx.savepoint {
                            for s in request {
                                guard try tx.statement(integrationId: integration, statementId: s.id) == nil,
                                      let user = try tx.users(matching: "learner\(s.learner)@acme.example", by: .email).first?.id,
                                      let course = try tx.course(provider: .linkedin, providerId: "urn:li:lyndaCourse:\(s.learner)")?.id else {
                                    throw StoreError.conflict("statement \(s.id) already stored, or no such learner")
                                }
                                try TwoInstances.apply(tx, integration: integration, statementId: s.id, hash: s.id, user: user, course: course, at: Self.t0)
                                if s.failsAfterWriting { throw StoreError.invalid("request of \(s.id) failed after writing") }
                            }
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
        } catch {
            return requests.map { _ in false }
        }
    }

    private func timeSpent(_ store: PostgresStore, _ pair: (Int64, Int64)) throws -> [Int] {
        try store.attempts(userId: pair.0, courseId: pair.1).map(\.timeSpentSeconds)
    }

    @Test func aGroupOfNewStatementsIsStoredWithOneInsertAndItsAttemptsWithOneWriteEach() throws {
        try withCountedWrites(learners: 8) { a, integration, pairs in
            // The first group makes every learner's attempt: one INSERT of the 8 statements, one of the 8 attempts.
            let first = commitGroup(a, integration: integration, requests: (0..<8).map { [Sent(id: "first-\($0)", learner: $0)] })
            #expect(first == Array(repeating: true, count: 8))
            #expect(try writes(a, "statement", "INSERT") == 1)
            #expect(try writes(a, "attempt", "INSERT") == 1)
            try resetCounts(a)
            // The next updates them: one INSERT of the statements, one UPDATE of the attempts.
            let next = commitGroup(a, integration: integration, requests: (0..<8).map { [Sent(id: "next-\($0)", learner: $0)] })
            #expect(next == Array(repeating: true, count: 8))
            #expect(try writes(a, "statement", "INSERT") == 1)
            #expect(try writes(a, "attempt", "UPDATE") == 1)
            #expect(try writes(a, "attempt", "INSERT") == 0)
            for pair in pairs { #expect(try timeSpent(a, pair) == [20]) }
            let stored = try a.statements(integrationId: integration)
            #expect(stored.map(\.statementId) == (0..<8).map { "first-\($0)" } + (0..<8).map { "next-\($0)" }, "in arrival order")
            #expect(stored.allSatisfy { $0.outcome == .applied && $0.reason == nil && $0.voidsStatementId == nil })
            #expect(stored.map(\.userId) == (pairs + pairs).map(\.0))
            #expect(stored.map(\.courseId) == (pairs + pairs).map(\.1))
            let summary = try a.pool.query("SELECT sum(time_spent)::bigint, count(*) FROM learner_course_summary")[0]
            #expect(try summary.decode(index: 0, as: Int64.self) == 160, "the learner summary counts every statement")
            #expect(try summary.decode(index: 1, as: Int64.self) == 8)
        }
    }

    @Test func anAttemptUpdatedByEveryStatementOfTheGroupIsWrittenOnceWithItsLastState() throws {
        try withCountedWrites(learners: 1) { a, integration, pairs in
            #expect(commitGroup(a, integration: integration, requests: [[Sent(id: "first", learner: 0)]]) == [true])
            try resetCounts(a)
            let answers = commitGroup(a, integration: integration, requests: (0..<5).map { [Sent(id: "s-\($0)", learner: 0)] })
            #expect(answers == Array(repeating: true, count: 5))
            #expect(try timeSpent(a, pairs[0]) == [60], "10 s from the first group, 50 from this one")
            let rows = try a.pool.query("SELECT time_spent FROM attempt_row_write").map { try $0.decode(index: 0, as: Int64.self) }
            #expect(rows == [60], "one write of the attempt, with the last of its five states")
            #expect(try writes(a, "statement", "INSERT") == 1)
            let summary = try a.pool.query("SELECT time_spent FROM learner_course_summary")[0]
            #expect(try summary.decode(index: 0, as: Int64.self) == 60)
        }
    }

    @Test func requestsThatFailInAGroupLeaveTheOthersStoredWithoutRunningItAgain() throws {
        try withCountedWrites(learners: 4) { a, integration, pairs in
            let tries = LockedBox<Int>()
            let answers = commitGroup(a, integration: integration, requests: [
                [Sent(id: "s-1", learner: 0)],
                [Sent(id: "s-2", learner: 1), Sent(id: "s-1", learner: 1)],         // s-1 again: refused, s-2 undone with it
                // Fails with its statement sent (its lookup waited: request 2's rollback made the prefetch stale) and
                // its attempt still buffered: one rolled back, the other discarded.
                [Sent(id: "s-3", learner: 2, failsAfterWriting: true)],
                // s-5 reads the attempt s-4 made (a wait: s-4's writes are sent first, after the request's savepoint),
                // then the request fails: rolled back to that savepoint.
                [Sent(id: "s-4", learner: 3), Sent(id: "s-5", learner: 3, failsAfterWriting: true)],
                [Sent(id: "s-6", learner: 1)],
            ], tries: tries)
            #expect(answers == [true, false, false, false, true])
            #expect(tries.value == 1, "no request's failure made the store run the group again")
            #expect(try a.statements(integrationId: integration).map(\.statementId) == ["s-1", "s-6"])
            #expect(try timeSpent(a, pairs[0]) == [10])
            #expect(try timeSpent(a, pairs[1]) == [10], "s-6 only")
            #expect(try timeSpent(a, pairs[2]) == [])
            #expect(try timeSpent(a, pairs[3]) == [])
            let summary = try a.pool.query("SELECT coalesce(sum(time_spent), 0)::bigint FROM learner_course_summary")[0]
            #expect(try summary.decode(index: 0, as: Int64.self) == 20)
        }
    }
    /// The lookup cache's version rides with the group's prefetch instead of a wait of its own.
    @Test func aGroupOfSingleStatementsWaitsForPostgreSQLTwice() throws {
        try withCountedWrites(learners: 8) { a, integration, _ in
            // The first groups find the learners and courses (kept for the next ones) and prepare the writes.
            for round in 0..<2 {
                _ = commitGroup(a, integration: integration, requests: (0..<8).map { [Sent(id: "warm-\(round)-\($0)", learner: $0)] })
            }
            let before = PostgresSession.waits.value
            let answers = commitGroup(a, integration: integration, requests: (0..<8).map { [Sent(id: "s-\($0)", learner: $0)] })
            let waits = PostgresSession.waits.value - before
            #expect(answers == Array(repeating: true, count: 8))
            #expect(waits == 2, "the prefetch (with the BEGIN and the cache's version) and the COMMIT; \(waits) waits")
        }
    }

    /// Learners found by an earlier group answer the next one before it has read whether they changed: when they did
    /// (here another instance changed a learner's e-mail), the group runs again with fresh ones.
    @Test func aLearnerChangedByAnotherInstanceBetweenTwoGroupsIsSeenByTheNext() throws {
        try TwoInstances.withPairs(schemaPrefix: "cbwrites_", now: Self.t0, count: 2) { a, b, integration, pairs in
            #expect(commitGroup(a, integration: integration, requests: [[Sent(id: "s-1", learner: 0)], [Sent(id: "s-2", learner: 1)]]) == [true, true])
            try b.pool.execute(#"UPDATE "user" SET email = 'moved@acme.example' WHERE email = 'learner0@acme.example'"#)
            let tries = LockedBox<Int>()
            let answers = commitGroup(a, integration: integration, requests: [[Sent(id: "s-3", learner: 0)], [Sent(id: "s-4", learner: 1)]],
                                      tries: tries)
            #expect(answers == [false, true], "learner0@acme.example is no longer a learner")
            #expect(tries.value == 2)
            #expect(try a.statements(integrationId: integration).map(\.statementId) == ["s-1", "s-2", "s-4"])
            #expect(try timeSpent(a, pairs[0]) == [10])
            #expect(try timeSpent(a, pairs[1]) == [20])
        }
    }
    /// A transaction that answers from the cache and never waits before its COMMIT reads the version then: the
    /// learner changed meanwhile, so it runs again and answers with the fresh rows.
    @Test func aLookupAnsweredFromTheCacheIsRedoneWhenTheLearnerChangedMeanwhile() throws {
        try TwoInstances.withPairs(schemaPrefix: "cbwrites_", now: Self.t0, count: 1) { a, b, _, _ in
            let lookup = { () throws -> [String] in
                try a.statisticsTransaction(memoizingLookups: true) { tx in
                    try tx.users(matching: "learner0@acme.example", by: .email).map(\.email)
                }
            }
            #expect(try lookup() == ["learner0@acme.example"])
            #expect(try lookup() == ["learner0@acme.example"])
            try b.pool.execute(#"UPDATE "user" SET email = 'moved@acme.example' WHERE email = 'learner0@acme.example'"#)
            #expect(try lookup() == [])
        }
    }
}
