import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import Foundation
import Synchronization
import Testing

/// Requests that share a group commit: one that fails (a 409) leaves the others stored and nothing of its own. On
/// SQLite the group first runs without a savepoint per request and runs again with them only when one fails.
@Suite(.serialized)
struct StatementCommitGroupTests {
    /// One request of a test group: it stores its statement ids, then fails with a conflict if asked to.
    struct Request: Sendable {
        let ids: [String]
        var conflicts = false
    }

    /// What each request was answered, and how many times its work ran.
    struct Answered {
        let results: [Result<[IngestedStatement], StoreError>]
        let runs: [Int]
    }

    /// Submits `requests` so that they share one group: a first request holds the commit queue until all of
    /// them are queued.
    private static func commitTogether(_ requests: [Request], _ f: StatsFixture) throws -> Answered {
        let commits = StatementCommitGroup(store: f.store)
        let integrationId = f.integration.id!
        let (started, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        commits.submit({ _ in
            started.signal()
            release.wait()
            return []
        }, done: { _ in })
        started.wait()

        let runs = Mutex([Int](repeating: 0, count: requests.count))
        let results = Mutex([Result<[IngestedStatement], StoreError>?](repeating: nil, count: requests.count))
        let answered = DispatchGroup()
        for (n, request) in requests.enumerated() {
            answered.enter()
            commits.submit({ tx in
                runs.withLock { $0[n] += 1 }
                for id in request.ids {
                    try tx.insertStatement(integrationId: integrationId, statementId: id, body: "{}", contentHash: "h", voids: nil,
                                           receivedAt: day(10), outcome: .applied)
                }
                if request.conflicts { throw StoreError.conflict("statement id \(request.ids[0]) was already received") }
                return request.ids.map { IngestedStatement(id: $0, outcome: .applied) }
            }, done: { result in
                results.withLock { $0[n] = result }
                answered.leave()
            })
        }
        release.signal()
        answered.wait()
        return Answered(results: results.withLock { $0.map { $0! } }, runs: runs.withLock { $0 })
    }

    private static func storedIds(_ f: StatsFixture) throws -> [String] {
        try f.outcomes().keys.sorted()
    }

    @Test func aFailedRequestLeavesTheOthersOfItsGroupStoredAndNothingOfItsOwn() throws {
        let f = try StatsFixture(provider: .linkedin)
        let answered = try Self.commitTogether([Request(ids: ["a-1", "a-2"]), Request(ids: ["b-1", "b-2"], conflicts: true),
                                                Request(ids: ["c-1"])], f)
        #expect(answered.results.map { (try? $0.get())?.count } == [2, nil, 1])
        guard case .failure(.conflict(let message)) = answered.results[1] else {
            Issue.record("the failed request is answered with its own conflict, not \(answered.results[1])")
            return
        }
        #expect(message.contains("b-1"))
        #expect(try Self.storedIds(f) == ["a-1", "a-2", "c-1"])
        // Without savepoints the group stopped at the failure, then ran again whole with one per request.
        #expect(answered.runs == [2, 2, 1])
    }

    @Test func aGroupWhoseRequestsAllSucceedRunsEachOnce() throws {
        let f = try StatsFixture(provider: .linkedin)
        let answered = try Self.commitTogether([Request(ids: ["a-1"]), Request(ids: ["b-1", "b-2"]), Request(ids: ["c-1"])], f)
        #expect(answered.results.map { (try? $0.get())?.count } == [1, 2, 1])
        #expect(try Self.storedIds(f) == ["a-1", "b-1", "b-2", "c-1"])
        #expect(answered.runs == [1, 1, 1])
    }

    @Test func aFailedRequestAloneInItsGroupIsAnsweredWithoutARerun() throws {
        let f = try StatsFixture(provider: .linkedin)
        let answered = try Self.commitTogether([Request(ids: ["b-1"], conflicts: true)], f)
        guard case .failure(.conflict) = answered.results[0] else {
            Issue.record("answered \(answered.results[0])")
            return
        }
        #expect(try Self.storedIds(f).isEmpty)
        #expect(answered.runs == [1])
    }

    @Test func everyRequestOfAGroupThatFailsEachTimeIsAnsweredWithItsOwnError() throws {
        let f = try StatsFixture(provider: .linkedin)
        let answered = try Self.commitTogether([Request(ids: ["a-1"], conflicts: true), Request(ids: ["b-1"], conflicts: true)], f)
        #expect(answered.results.allSatisfy { if case .failure(.conflict) = $0 { true } else { false } })
        #expect(try Self.storedIds(f).isEmpty)
        #expect(answered.runs == [2, 1])
    }
}
