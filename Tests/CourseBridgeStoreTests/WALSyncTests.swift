import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Ingestion's large commits on a SQLite file are written with synchronous=NORMAL and made durable by one
/// fdatasync of the WAL (`WALSync`) that covers every commit before it; every other write still commits with FULL.
struct WALSyncTests {
    private static func level(_ tx: any StatisticsTransaction) throws -> Int? {
        try Int.fetchOne((tx as! SQLiteStatisticsTransaction).db, sql: "PRAGMA synchronous")
    }

    @Test func ingestionCommitsWithNormalAndEverythingElseWithFull() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.open(path: dir + "/cb.sqlite")
        #expect(store.canDeferSync)
        #expect(try store.ingestionTransaction(deferringSync: true, Self.level) == 1, "NORMAL: the WAL is written, the sync comes after")
        #expect(try store.ingestionTransaction(deferringSync: false, Self.level) == 2)
        #expect(try store.statisticsTransaction(memoizingLookups: true, Self.level) == 2)
        #expect(try store.statisticsTransaction(memoizingLookups: false, Self.level) == 2)
        #expect(try store.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2, "the writer is back to FULL")
    }

    @Test func oneSyncCoversEveryCommitBeforeIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.open(path: dir + "/cb.sqlite")
        let sync = try #require(store.walSync)
        try store.syncCommits()
        #expect(sync.syncCount == 0, "nothing committed yet: no fdatasync")
        for _ in 1...3 { _ = try store.ingestionTransaction(deferringSync: true, Self.level) }
        try store.syncCommits()
        #expect(sync.syncCount == 1, "three commits, one fdatasync")
        try store.syncCommits()
        #expect(sync.syncCount == 1, "nothing new since")
        _ = try store.ingestionTransaction(deferringSync: true, Self.level)
        try store.syncCommits()
        #expect(sync.syncCount == 2)
        _ = try store.ingestionTransaction(deferringSync: true, Self.level)
        _ = try store.ingestionTransaction(deferringSync: false, Self.level)
        try store.syncCommits()
        #expect(sync.syncCount == 2, "a commit with FULL synced the WAL, and every commit before it")
    }

    @Test func aDatabaseInMemoryCommitsWithFullAndNeedsNoSync() throws {
        let store = try Store.inMemory()
        #expect(!store.canDeferSync)
        #expect(store.walSync == nil)
        #expect(try store.ingestionTransaction(deferringSync: true, Self.level) == 2)
        try store.syncCommits()
    }
}
