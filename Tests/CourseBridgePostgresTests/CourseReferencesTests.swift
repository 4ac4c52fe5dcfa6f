import Foundation
import Testing
@testable import CourseBridgePostgres

/// Catalog and library entries, tags and search rows refer to a course (and entries to a group) through statement
/// triggers since schema v10, not foreign keys: the rules a foreign key enforced still hold, including against a
/// delete running at the same time.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct CourseReferencesTests {
    /// Groups 1 and 2, courses 1 and 2, each course in group 1's catalog and library with a tag and a search row.
    private func seed(_ db: some PostgresQuerying) throws {
        try db.execute(#"INSERT INTO "group" (name, created_at) VALUES ('Org', 0), ('Team', 0)"#, [])
        try db.execute("""
            INSERT INTO course (provider, provider_id, title, created_at, updated_at)
            VALUES ('edx', 'a', 'Course A', 0, 0), ('edx', 'b', 'Course B', 0, 0)
            """, [])
        try db.execute("INSERT INTO catalog_entry (group_id, course_id) VALUES (1, 1), (1, 2)", [])
        try db.execute("INSERT INTO library_entry (group_id, course_id) VALUES (1, 1), (1, 2)", [])
        try db.execute("INSERT INTO course_tag (course_id, name, source) VALUES (1, 'Go', 'synced'), (2, 'Rust', 'synced')", [])
        try db.execute("SELECT course_search_refresh()", [])
    }

    private func count(_ db: some PostgresQuerying, _ sql: String) throws -> Int64 { try ReferenceChecks.count(db, sql) }
    private func refusedConstraint(_ body: () throws -> Void) -> String? { ReferenceChecks.refusedConstraint(body) }

    @Test func rowsReferringToAMissingCourseOrGroupAreRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            #expect(refusedConstraint { try pool.execute("INSERT INTO catalog_entry (group_id, course_id) VALUES (2, 1), (2, 99)") }
                    == "catalog_entry_course_id_fkey")
            #expect(refusedConstraint { try pool.execute("INSERT INTO library_entry (group_id, course_id) VALUES (99, 1)") }
                    == "library_entry_group_id_fkey")
            #expect(refusedConstraint { try pool.execute("INSERT INTO course_tag (course_id, name, source) VALUES (99, 'x', 'manual')") }
                    == "course_tag_course_id_fkey")
            #expect(refusedConstraint { try pool.execute("INSERT INTO course_search (course_id, document) VALUES (99, '')") }
                    == "course_search_course_id_fkey")
            #expect(refusedConstraint { try pool.execute("UPDATE catalog_entry SET group_id = 99 WHERE course_id = 1") }
                    == "catalog_entry_group_id_fkey")
            #expect(refusedConstraint { try pool.execute("UPDATE course_tag SET course_id = 99 WHERE course_id = 1") }
                    == "course_tag_course_id_fkey")
            // Nothing of the refused statements stayed; the same rows with existing ids are fine.
            #expect(try count(pool, "SELECT count(*) FROM catalog_entry") == 2)
            try pool.execute("INSERT INTO catalog_entry (group_id, course_id) VALUES (2, 1), (2, 2)")
            try pool.execute("INSERT INTO course_tag (course_id, name, source) VALUES (1, 'x', 'manual')")
        }
    }

    @Test func deletingACourseOrAGroupRemovesWhatReferredToIt() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try pool.execute("INSERT INTO catalog_entry (group_id, course_id) VALUES (2, 1)")
            try pool.execute("DELETE FROM course WHERE id = 1")
            for table in ["catalog_entry", "library_entry", "course_tag", "course_search"] {
                #expect(try count(pool, "SELECT count(*) FROM \(table) WHERE course_id = 1") == 0, "\(table)")
                #expect(try count(pool, "SELECT count(*) FROM \(table) WHERE course_id = 2") >= 1, "\(table) kept the other course's")
            }
            try pool.execute(#"DELETE FROM "group" WHERE id = 1"#)
            #expect(try count(pool, "SELECT count(*) FROM catalog_entry WHERE group_id = 1") == 0)
            #expect(try count(pool, "SELECT count(*) FROM library_entry WHERE group_id = 1") == 0)
            #expect(try count(pool, "SELECT count(*) FROM course_tag WHERE course_id = 2") == 1, "a group's delete keeps the tags")
        }
    }

    @Test func changingAReferencedIdIsRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            #expect(throws: PostgresAccessError.self) { try pool.execute("UPDATE course SET id = 10 WHERE id = 1") }
            #expect(throws: PostgresAccessError.self) { try pool.execute(#"UPDATE "group" SET id = 10 WHERE id = 1"#) }
            // A group nothing refers to may change its id.
            try pool.execute(#"UPDATE "group" SET id = 20 WHERE id = 2"#)
        }
    }

    /// An entry written by a transaction still open holds its course: a delete of the course waits for the commit,
    /// then removes the entry with the course (no entry is left pointing nowhere).
    @Test func aDeleteWaitsForAnOpenWriteThenRemovesItsRows() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            try pool.execute("INSERT INTO course (provider, provider_id, title, created_at, updated_at) VALUES ('edx', 'c', 'C', 0, 0)")
            let deleted = try ReferenceChecks.whileOpen(pool, holding: { tx in
                try tx.execute("INSERT INTO catalog_entry (group_id, course_id) VALUES (2, 3)")
                try tx.execute("INSERT INTO course_tag (course_id, name, source) VALUES (3, 'New', 'synced')")
            }, run: { () throws(PostgresAccessError) in try pool.execute("DELETE FROM course WHERE id = 3") }, waitingLike: "DELETE FROM course%")
            #expect(try deleted.get() == 1)
            #expect(try count(pool, "SELECT count(*) FROM catalog_entry WHERE course_id = 3") == 0)
            #expect(try count(pool, "SELECT count(*) FROM course_tag WHERE course_id = 3") == 0)
        }
    }

    /// A course deleted by a transaction still open: a write referring to it waits, and fails once the delete commits.
    @Test func aWriteWaitsForAnOpenDeleteThenIsRefused() throws {
        try TestDatabase.withSchema { pool in
            try seed(pool)
            let written = try ReferenceChecks.whileOpen(pool, holding: { tx in _ = try tx.execute("DELETE FROM course WHERE id = 2") },
                                                        run: { () throws(PostgresAccessError) in try pool.execute("INSERT INTO library_entry (group_id, course_id) VALUES (2, 2)") },
                                                        waitingLike: "INSERT INTO library_entry%")
            guard case .failure(.foreignKeyViolation(let constraint, _)) = written else {
                Issue.record("the write for a deleted course was not refused: \(written)")
                return
            }
            #expect(constraint == "library_entry_course_id_fkey")
            #expect(try count(pool, "SELECT count(*) FROM library_entry WHERE course_id = 2") == 0)
        }
    }
}
