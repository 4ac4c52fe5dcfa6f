import Foundation
import Testing
@testable import CourseBridgePostgres

/// The learner-course summary stays current as on SQLite, and stays right when two instances write attempts of the
/// same learner and course at once.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct LearnerSummaryTests {
    private func withLearnerAndCourse(size: Int = 4, _ body: (PostgresPool) throws -> Void) throws {
        try TestDatabase.withSchema(size: size) { pool in
            try pool.execute(#"INSERT INTO "user" (email, created_at) VALUES ('learner@example.com', 0)"#)
            try pool.execute("""
                INSERT INTO course (provider, provider_id, title, created_at, updated_at)
                VALUES ('edx', 'a', 'A', 0, 0), ('edx', 'b', 'B', 0, 0)
                """)
            try body(pool)
        }
    }

    private func summary(_ pool: PostgresPool, course: Int64) throws -> (attempts: Int64, time: Int64, rank: Int64)? {
        guard let row = try pool.query("""
            SELECT attempts, time_spent, completion_rank FROM learner_course_summary WHERE user_id = 1 AND course_id = $1
            """, [course]).first else { return nil }
        return (try row.decode(column: "attempts"), try row.decode(column: "time_spent"), try row.decode(column: "completion_rank"))
    }

    @Test func followsInsertsMovesAndDeletes() throws {
        try withLearnerAndCourse { pool in
            try pool.execute("""
                INSERT INTO attempt (user_id, course_id, started_at, progress, time_spent_seconds, completion_status)
                VALUES (1, 1, 0, 40, 30, 'in-progress'), (1, 1, 0, 100, 60, 'completed')
                """)
            #expect(try summary(pool, course: 1)! == (2, 90, 2))
            // An attempt moved to another course leaves the first pair's summary and joins the other's.
            try pool.execute("UPDATE attempt SET course_id = 2 WHERE progress = 100")
            #expect(try summary(pool, course: 1)! == (1, 30, 1))
            #expect(try summary(pool, course: 2)! == (1, 60, 2))
            try pool.execute("DELETE FROM attempt WHERE course_id = 1")
            #expect(try summary(pool, course: 1) == nil)
        }
    }

    @Test func twoWritersOfOnePairBothCount() throws {
        try withLearnerAndCourse(size: 2) { pool throws in
            DispatchQueue.concurrentPerform(iterations: 2) { writer in
                for _ in 0..<15 {
                    do {
                        try pool.transaction { tx in
                            try tx.execute("""
                                INSERT INTO attempt (user_id, course_id, started_at, time_spent_seconds)
                                VALUES (1, 1, 0, $1)
                                """, [Int64(writer + 1)])
                        }
                    } catch {
                        Issue.record("writer \(writer): \(error)")
                    }
                }
            }
            #expect(try summary(pool, course: 1)! == (30, 45, 1))
        }
    }
}
