import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Each request of an ingestion group runs in its own savepoint (cached `SAVEPOINT` statements on SQLite): a
/// failed request undoes only its own writes, however many requests before and after it share the group, and a
/// request whose writes cannot be undone alone fails the whole group rather than committing half of it.
struct RequestSavepointSQLiteTests {
    private struct Refused: Error {}
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    private static func withStore(_ body: (Store, Int64) throws -> Void) throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Store.open(path: dir + "/cb.sqlite", now: { t0 })
        let (group, admin) = try seededStore(store)
        let integration = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: admin.email,
                                                   apiBase: nil, tokenURL: nil).id!
        try body(store, integration)
    }

    private static func insert(_ tx: any StatisticsTransaction, _ integration: Int64, _ id: String) throws {
        try tx.insertStatement(integrationId: integration, statementId: id, body: "{}", contentHash: "h", voids: nil, receivedAt: t0)
    }

    @Test func failedRequestsAmongPassedOnesUndoOnlyTheirOwnWrites() throws {
        try Self.withStore { store, integration throws in
            let answers = try store.statisticsTransaction(memoizingLookups: true) { tx -> [Bool] in
                (1...6).map { n in
                    (try? tx.savepoint { () throws -> Void in
                        try Self.insert(tx, integration, "s-\(n)")
                        try Self.insert(tx, integration, "s-\(n)-second")
                        if n.isMultiple(of: 2) { throw Refused() }
                    }) != nil
                }
            }
            #expect(answers == [true, false, true, false, true, false])
            // Each savepoint was released, the rolled-back ones too: none is left to nest the next request's in.
            #expect(throws: (any Error).self) {
                try store.writer.write { db in try db.execute(sql: "RELEASE SAVEPOINT request") }
            }
            #expect(try store.statements(integrationId: integration).map(\.statementId).sorted()
                    == ["s-1", "s-1-second", "s-3", "s-3-second", "s-5", "s-5-second"])
        }
    }

    @Test func aRequestThatCannotBeUndoneAloneFailsTheWholeGroup() throws {
        try Self.withStore { store, integration throws in
            let group = Result {
                try store.statisticsTransaction(memoizingLookups: true) { tx -> Void in
                    try Self.insert(tx, integration, "earlier-request")
                    let sqlite = try #require(tx as? SQLiteStatisticsTransaction)
                    _ = try? tx.savepoint { () throws -> Void in
                        try Self.insert(tx, integration, "half-written")
                        // Its savepoint gone, the rollback to it fails.
                        try sqlite.db.execute(sql: "RELEASE SAVEPOINT request")
                        throw Refused()
                    }
                }
            }
            #expect(throws: (any Error).self) { try group.get() }
            #expect(try store.statements(integrationId: integration).isEmpty, "neither request's writes were committed")
        }
    }

    @Test func aTransactionWhoseUndoFailedIsNotCommitted() throws {
        try Self.withStore { store, integration throws in
            let group = Result {
                try store.statisticsTransaction(memoizingLookups: true) { tx -> Void in
                    try Self.insert(tx, integration, "left-behind")
                    try #require(tx as? SQLiteStatisticsTransaction).undoFailed.happened = true
                }
            }
            #expect(throws: StoreError.self) { try group.get() }
            #expect(try store.statements(integrationId: integration).isEmpty)
        }
    }
}
