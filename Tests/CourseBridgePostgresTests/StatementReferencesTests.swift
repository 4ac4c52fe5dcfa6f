import Foundation
import Testing
@testable import CourseBridgePostgres

/// A statement refers to its integration, learner and course through statement triggers since schema v12, not
/// foreign keys: what the foreign keys enforced still holds, for a multi-row INSERT as ingestion writes it, and
/// against a delete running at the same time.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct StatementReferencesTests {
    /// Integration 1, learners 1 and 2, courses 1 and 2, and one statement of learner 1 on course 1.
    private func seed(_ db: some PostgresQuerying) throws {
        try db.execute(#"INSERT INTO "group" (name, created_at) VALUES ('Org', 0)"#, [])
        try db.execute(#"INSERT INTO "user" (email, created_at) VALUES ('ann@example.com', 0), ('bob@example.com', 0)"#, [])
        try db.execute("""
            INSERT INTO integration (provider, group_id, author_user_id, api_base, schedule_time, schedule_tz, state, configured_at, created_at)
            VALUES ('linkedin', 1, 1, 'https://api', '02:00', 'UTC', 'active', 0, 0)
            """, [])
        try db.execute("""
            INSERT INTO course (integration_id, provider, provider_id, title, created_at, updated_at)
            VALUES (1, 'linkedin', 'a', 'Course A', 0, 0), (1, 'linkedin', 'b', 'Course B', 0, 0)
            """, [])
        try insert(db, [("s-1", 1, 1, 1)])
    }

    /// Statements (id, integration, learner, course) in one INSERT, as ingestion writes a group's.
    private func insert(_ db: some PostgresQuerying, _ rows: [(String, Int64, Int64?, Int64?)]) throws(PostgresAccessError) {
        try db.execute("""
            INSERT INTO statement (statement_id, integration_id, user_id, course_id, received_at, body, content_hash, outcome)
            SELECT s, i, u, c, 0, '{}', 'h', 'applied'
            FROM unnest($1::text[], $2::bigint[], $3::text::bigint[], $4::text::bigint[]) AS t(s, i, u, c)
            """, [rows.map(\.0), rows.map(\.1), PostgresArrayLiteral.integers(rows.map(\.2)),
                  PostgresArrayLiteral.integers(rows.map(\.3))])
    }

    private func count(_ db: some PostgresQuerying, _ sql: String) throws -> Int64 { try ReferenceChecks.count(db, sql) }
    private func refusedConstraint(_ body: () throws -> Void) -> String? { ReferenceChecks.refusedConstraint(body) }

    struct MissingRow: Sendable, CustomTestStringConvertible {
        let integration: Int64, user: Int64?, course: Int64?
        let constraint: String
        var testDescription: String { constraint }
    }

    static let missing: [MissingRow] = [
        MissingRow(integration: 9, user: 1, course: 1, constraint: "statement_integration_id_fkey"),
        MissingRow(integration: 1, user: 99, course: 1, constraint: "statement_user_id_fkey"),
        MissingRow(integration: 1, user: 1, course: 99, constraint: "statement_course_id_fkey"),
        MissingRow(integration: 1, user: nil, course: 99, constraint: "statement_course_id_fkey"),
    ]

    /// One bad row among good ones refuses the whole INSERT, naming the reference it breaks.
    @Test(arguments: missing)
    func aStatementReferringToAMissingRowIsRefused(_ row: MissingRow) throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            #expect(refusedConstraint {
                try insert(pool, [("s-2", 1, 2, 2), ("s-3", row.integration, row.user, row.course), ("s-4", 1, 1, 2)])
            } == row.constraint)
            #expect(try count(pool, "SELECT count(*) FROM statement") == 1)
            #expect(refusedConstraint {
                try pool.execute("UPDATE statement SET integration_id = $1, user_id = $2, course_id = $3 WHERE statement_id = 's-1'",
                                 [row.integration, row.user, row.course])
            } == row.constraint)
        }
    }

    @Test func statementsWithoutALearnerOrCourseAndExistingRowsAreAccepted() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try insert(pool, [("s-2", 1, nil, nil), ("s-3", 1, 2, 2), ("s-4", 1, 2, 2), ("s-5", 1, 1, 2)])
            try pool.execute("UPDATE statement SET user_id = 2 WHERE statement_id = 's-1'")
            #expect(try count(pool, "SELECT count(*) FROM statement") == 5)
        }
    }

    @Test func deletingOrRenumberingAReferencedRowIsRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            // Learner 1 wrote the integration (its own foreign key): learner 2 has a statement, learner 3 none.
            try pool.execute(#"INSERT INTO "user" (email, created_at) VALUES ('cy@example.com', 0)"#)
            try insert(pool, [("s-2", 1, 2, 1)])
            #expect(refusedConstraint { try pool.execute(#"DELETE FROM "user" WHERE id = 2"#) } == "statement_user_id_fkey")
            #expect(refusedConstraint { try pool.execute("DELETE FROM course") } == "statement_course_id_fkey")
            #expect(refusedConstraint { try pool.execute(#"UPDATE "user" SET id = 10 WHERE id = 2"#) } == "statement_user_id_fkey")
            #expect(refusedConstraint { try pool.execute("UPDATE course SET id = 10 WHERE id = 1") } == "statement_course_id_fkey")
            #expect(refusedConstraint { try pool.execute("UPDATE integration SET id = 10 WHERE id = 1") } == "statement_integration_id_fkey")
            // What no statement refers to may go.
            try pool.execute(#"DELETE FROM "user" WHERE id = 3"#)
            try pool.execute("DELETE FROM course WHERE id = 2")
            #expect(try count(pool, #"SELECT count(*) FROM "user""#) == 2)
            #expect(try count(pool, "SELECT count(*) FROM course") == 1)
        }
    }

    /// A statement written by a transaction still open holds its learner: a delete of the learner waits for the
    /// commit, then is refused (no statement is left pointing nowhere).
    @Test func aDeleteWaitsForAnOpenWriteThenIsRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            let deleted = try ReferenceChecks.whileOpen(pool, holding: { tx in try insert(tx, [("s-2", 1, 2, 2)]) },
                                                        run: { () throws(PostgresAccessError) in try pool.execute(#"DELETE FROM "user" WHERE id = 2"#) },
                                                        waitingLike: #"DELETE FROM "user"%"#)
            guard case .failure(.foreignKeyViolation(let constraint, _)) = deleted else {
                Issue.record("the learner of a statement just committed was deleted: \(deleted)")
                return
            }
            #expect(constraint == "statement_user_id_fkey")
            #expect(try count(pool, "SELECT count(*) FROM statement WHERE user_id = 2") == 1)
        }
    }

    /// A course deleted by a transaction still open: a statement referring to it waits, and fails once the delete
    /// commits.
    @Test func aWriteWaitsForAnOpenDeleteThenIsRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            let written = try ReferenceChecks.whileOpen(pool, holding: { tx in _ = try tx.execute("DELETE FROM course WHERE id = 2") },
                                                        run: { () throws(PostgresAccessError) in try insert(pool, [("s-2", 1, 1, 2)]) },
                                                        waitingLike: "%INSERT INTO statement%")
            guard case .failure(.foreignKeyViolation(let constraint, _)) = written else {
                Issue.record("a statement for a deleted course was stored: \(written)")
                return
            }
            #expect(constraint == "statement_course_id_fkey")
            #expect(try count(pool, "SELECT count(*) FROM statement") == 1)
        }
    }

    /// A learner's delete finds their statements through the learner–course index (partial: learners only), not by
    /// reading every statement.
    @Test func aLearnersDeleteFindsStatementsThroughAnIndex() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            let plan = try pool.transaction { tx in
                try tx.execute("SET LOCAL enable_seqscan = off")
                return try tx.query("EXPLAIN SELECT 1 FROM statement WHERE user_id = ANY ('{1,2}'::bigint[])")
                    .map { try $0.decode(index: 0, as: String.self) }.joined(separator: "\n")
            }
            #expect(plan.contains("statement_by_learner_course"), "\(plan)")
        }
    }
}
