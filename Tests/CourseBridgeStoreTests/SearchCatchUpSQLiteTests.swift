import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB
import Testing
@testable import CourseBridgeStore

/// A long sync's new courses are indexed for search while its pages are written (issue 18), as on PostgreSQL: the
/// refresh at the end of the sync finds only the rest.
struct SearchCatchUpSQLiteTests {
    @Test func pagesAreIndexedWhileASyncGoesOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-catchup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("db.sqlite").path, secrets: .ephemeral())
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "author@acme.example"))
        try store.setMember(groupId: group.id!, email: "author@acme.example", role: .groupAdmin)
        let integration = try store.addIntegration(provider: .skillsoft, groupId: group.id!, authorEmail: "author@acme.example",
                                                   apiBase: nil, tokenURL: nil)
        for page in 0..<3 {
            var writes = PageWrites()
            writes.create((0..<2_000).map { n in
                CatalogItem(providerId: "sk-\(page)-\(n)", title: "Course \(page)-\(n)",
                            description: page == 0 && n == 7 ? "Watercolour painting for beginners" : "Something else",
                            categories: page == 1 && n == 3 ? ["Calligraphy"] : [])
            }, tagSync: true)
            try store.apply(writes, integration: integration, groups: [group.id!], runId: nil)
        }
        store.searchCatchUp.waitForBackground()
        let indexed = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM course_search") ?? 0 }
        #expect(indexed >= 5_000, "indexed in the background: \(indexed)")
        #expect(try store.refreshSearchIndex() == 6_000 - indexed, "the end of the sync indexes only the rest")
        #expect(try store.searchCourses("watercolour", CourseQuery()).map(\.providerId) == ["sk-0-7"])
        #expect(try store.searchCourses("calligraphy", CourseQuery()).map(\.providerId) == ["sk-1-3"], "tags written with a page are indexed")
    }
}
