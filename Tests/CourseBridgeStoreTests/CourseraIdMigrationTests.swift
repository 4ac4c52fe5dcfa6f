import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Issue 14 (C3): Coursera courses are identified by `contentId`; a database synced by the old client holds
/// `Course~X`, renamed in place so the next sync updates those courses instead of creating them again.
struct CourseraIdMigrationTests {
    @Test func oldContentIdsAreRenamedUnlessTheNewIdAlreadyExists() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v8-event-log")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO course(provider, provider_id, title, created_at, updated_at) VALUES
                    ('coursera', 'Course~abc', 'Old form', 0, 0),
                    ('coursera', 'Course~dup', 'Old form, already there anew', 0, 0),
                    ('coursera', 'dup', 'New form', 0, 0),
                    ('edx', 'Course~keep', 'Not Coursera', 0, 0)
                """)
        }
        try Migrations.migrator.migrate(queue)
        let ids = try queue.read { try String.fetchAll($0, sql: "SELECT provider || ':' || provider_id FROM course ORDER BY id") }
        #expect(ids == ["coursera:abc", "coursera:Course~dup", "coursera:dup", "edx:Course~keep"])
    }
}
