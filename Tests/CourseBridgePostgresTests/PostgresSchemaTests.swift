import Testing
@testable import CourseBridgePostgres

@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct PostgresSchemaTests {
    @Test func appliesOnceAndThenFindsNothingToDo() throws {
        try TestDatabase.withFreshSchema { pool in
            #expect(try PostgresSchema.currentVersion(of: pool) == 0)
            #expect(try PostgresSchema.apply(to: pool) == PostgresSchema.migrations.map(\.version))
            #expect(try PostgresSchema.apply(to: pool) == [])
            #expect(try PostgresSchema.currentVersion(of: pool) == PostgresSchema.latestVersion)
            let recorded = try pool.query("SELECT count(*) FROM schema_migration").first?.decode(index: 0, as: Int64.self)
            #expect(recorded == Int64(PostgresSchema.migrations.count))
        }
    }

    /// Two instances starting together: one migrates, the other waits for it and finds the schema done.
    @Test func instancesStartingTogetherMigrateOnce() throws {
        try TestDatabase.withFreshSchema(size: 2) { pool in
            let applied = LockedList()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do { applied.append(try PostgresSchema.apply(to: pool)) } catch { Issue.record("apply failed: \(error)") }
            }
            #expect(applied.values.sorted { $0.count < $1.count } == [[], PostgresSchema.migrations.map(\.version)])
        }
    }

    @Test func refusesASchemaNewerThanItKnows() throws {
        try TestDatabase.withSchema { pool in
            try pool.execute("INSERT INTO schema_migration VALUES ($1, 'from-the-future', 0)", [Int64(PostgresSchema.latestVersion + 1)])
            #expect(throws: PostgresAccessError.schemaTooNew(found: PostgresSchema.latestVersion + 1,
                                                              known: PostgresSchema.latestVersion)) {
                try PostgresSchema.apply(to: pool)
            }
        }
    }
}

import Foundation

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[Int]] = []
    func append(_ item: [Int]) { lock.lock(); items.append(item); lock.unlock() }
    var values: [[Int]] { lock.lock(); defer { lock.unlock() }; return items }
}
