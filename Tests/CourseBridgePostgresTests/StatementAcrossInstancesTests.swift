import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Two `serve` instances on one database receive the same statement id at the same moment: the statement is stored
/// once, and the instance that comes second sees the first one's row (so it answers "duplicate" or 409 as one
/// SQLite writer would) instead of failing on the unique constraint.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct StatementAcrossInstancesTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    private func withTwoInstances(_ body: (PostgresStore, PostgresStore, Int64) throws -> Void) throws {
        try TwoInstances.with(schemaPrefix: "cbstmt_", now: Self.t0, body)
    }

    @Test func theSecondInstanceWaitsForTheFirstAndSeesItsStatement() throws {
        try withTwoInstances { a, b, integration in
            let inserted = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            let firstResult = LockedBox<Result<Void, StoreError>>()
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                firstResult.value = Result { () throws(StoreError) in
                    try a.statisticsTransaction { tx in
                        #expect(try tx.statement(integrationId: integration, statementId: "s-1") == nil)
                        try tx.insertStatement(integrationId: integration, statementId: "s-1", body: "{}", contentHash: "hash-a",
                                               voids: nil, receivedAt: Self.t0, outcome: .applied)
                        inserted.signal()
                        Thread.sleep(forTimeInterval: 0.4)  // still uncommitted while the other instance looks
                    }
                }
            }
            inserted.wait()
            let started = Date()
            let seen = try b.statisticsTransaction { tx in try tx.statement(integrationId: integration, statementId: "s-1") }
            done.wait()
            #expect(try firstResult.value?.get() != nil)
            #expect(seen?.contentHash == "hash-a", "the second lookup saw the first instance's row once it committed")
            #expect(Date().timeIntervalSince(started) > 0.2, "it waited for the first transaction")
            #expect(try b.statements(integrationId: integration).count == 1)
        }
    }

    @Test func anInsertOfAStoredIdIsAConflictAndWritesNothing() throws {
        try withTwoInstances { a, b, integration in
            _ = try a.statisticsTransaction { tx in
                try tx.insertStatement(integrationId: integration, statementId: "s-2", body: "{}", contentHash: "h",
                                       voids: nil, receivedAt: Self.t0)
            }
            let outcome = Result { () throws(StoreError) in
                try b.statisticsTransaction { tx in
                    try tx.insertStatement(integrationId: integration, statementId: "s-2", body: "{}", contentHash: "h",
                                           voids: nil, receivedAt: Self.t0)
                }
            }
            guard case .failure(.conflict(let message)) = outcome else {
                Issue.record("expected a conflict, got \(outcome)")
                return
            }
            #expect(message.contains("s-2"))
            #expect(try a.statements(integrationId: integration).count == 1)
        }
    }

    @Test func instancesStartingTogetherShareOneLaunchKey() throws {
        try withTwoInstances { a, b, _ in
            let keys = LockedBox<[Data]>()
            keys.value = []
            DispatchQueue.concurrentPerform(iterations: 6) { i in
                let key = try? (i % 2 == 0 ? a : b).launchKey()
                keys.mutate { $0?.append(key ?? Data()) }
            }
            let all = try #require(keys.value)
            #expect(all.count == 6 && Set(all).count == 1 && all[0].count == 32)
            #expect(try a.launchKey() == all[0])
        }
    }
}

/// A value written by one thread and read by another.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    func mutate(_ body: (inout T?) -> Void) { lock.withLock { body(&stored) } }
}
