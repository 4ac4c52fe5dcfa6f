import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import Testing

/// The SQLite store keeps what statement ingestion looked up from one transaction to the next; writes it did
/// not make itself — another process on the same file, or SQL run on its own connection outside the store's
/// methods — must empty it before the next ingestion reads.
struct IngestLookupCacheTests {
    private static func seeded(_ path: String) throws -> (Store, Int64) {
        let store = try Store.open(path: path)
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil)
        var page = PageWrites()
        page.create(CatalogItem(providerId: "li-1", title: "Course 1", description: "About 1."), tagSync: true)
        try store.apply(page, integration: integration, groups: [group.id!], runId: nil)
        _ = try store.addUser(User(email: "zoe@acme.example", username: "zoe", externalId: "EMP-7"))
        return (store, try store.knownCourses(provider: .linkedin)["li-1"]!.courseId)
    }

    private static func lookups(_ store: Store) throws -> (CourseStatus?, [String]) {
        try store.statisticsTransaction(memoizingLookups: true) { tx in
            (try tx.course(provider: .linkedin, providerId: "li-1")?.status,
             try tx.users(matching: "EMP-7", by: .externalId).map(\.email))
        }
    }

    @Test func aChangeCommittedByAnotherProcessIsSeenByTheNextIngestion() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (server, courseId) = try Self.seeded(dir + "/cb.sqlite")
        #expect(try Self.lookups(server) == (.active, ["zoe@acme.example"]))

        // The CLI in another process: its own connections, its own Store.
        let cli = try Store.open(path: dir + "/cb.sqlite")
        try cli.archiveCourses([courseId])
        _ = try cli.addUser(User(email: "zack@acme.example", username: "zack", externalId: "EMP-7"))

        #expect(try Self.lookups(server) == (.archived, ["zoe@acme.example", "zack@acme.example"]))
    }

    @Test func sqlRunOnTheStoresOwnConnectionIsSeenByTheNextIngestion() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, _) = try Self.seeded(dir + "/cb.sqlite")
        #expect(try Self.lookups(store) == (.active, ["zoe@acme.example"]))

        // Not through a store method: only SQLite's own count of changed rows can tell.
        try store.writer.write { db in try db.execute(sql: "UPDATE user SET email = 'zoe@elsewhere.example' WHERE username = 'zoe'") }

        #expect(try Self.lookups(store) == (.active, ["zoe@elsewhere.example"]))
    }
}
