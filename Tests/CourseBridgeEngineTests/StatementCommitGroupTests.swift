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
    /// `afterAFailure`: the holding request, a group of its own, fails, as the group before theirs.
    private static func commitTogether(_ requests: [Request], _ f: StatsFixture, afterAFailure: Bool = false) throws -> Answered {
        let commits = StatementCommitGroup(store: f.store)
        let integrationId = f.integration.id!
        let (started, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        commits.submit({ _ in
            started.signal()
            release.wait()
            if afterAFailure { throw StoreError.conflict("the group before") }
            return []
        }, done: { _ in })
        try #require(started.wait(timeout: .now() + 60) == .success, "the first request reached the commit queue")

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
        try #require(answered.wait(timeout: .now() + 60) == .success, "every request was answered")
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

    /// Real statements through the ingestor: a request moves a learner's attempt, the next one conflicts, so the
    /// group runs twice. The attempt must be what the good request makes when pushed alone: the first run's
    /// attempts, rolled back, must not be taken for stored ones (the rerun would then write nothing).
    @Test func attemptsAfterAGroupThatRanAgainAreThoseOfItsGoodRequestsAlone() throws {
        let course = "urn:lyndaCourse:252"
        let first = statement(id: "p-30", verb: Verb.progressed, object: course, result: progress("30"), at: day(6))
        let conflicting = "[" + statement(id: "fresh", verb: Verb.progressed, object: course, result: progress("40"), at: day(6, hour: 1))
            + "," + statement(id: "seen", verb: Verb.completed, object: course, at: day(6, hour: 1)) + "]"

        func fixture() throws -> StatsFixture {
            let f = try StatsFixture.linkedInWithAnn()
            try f.push(statement(id: "seen", verb: Verb.progressed, object: course, result: progress("10"), at: day(5, hour: 12)))
            return f
        }
        let grouped = try fixture()
        let answers = try Self.ingestTogether([first, conflicting], grouped)
        #expect(answers.map { (try? $0.get())?.count } == [1, nil])

        let oneByOne = try fixture()
        try oneByOne.push(first)
        #expect(throws: StatisticsError.self) { try oneByOne.push(conflicting) }

        let attempts = try grouped.attempts("ann@acme.example")
        #expect(attempts.map(\.progressPercent) == [30])
        #expect(attempts.map(\.progressPercent) == (try oneByOne.attempts("ann@acme.example")).map(\.progressPercent))
        #expect(try grouped.outcomes() == (try oneByOne.outcomes()))
    }

    /// `commitTogether` for the ingestor's own requests (parsed, prepared and queued as the server queues them).
    private static func ingestTogether(_ bodies: [String], _ f: StatsFixture) throws -> [Result<[IngestedStatement], StatisticsError>] {
        let (started, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        f.ingestor.commits.submit({ _ in
            started.signal()
            release.wait()
            return []
        }, done: { _ in })
        try #require(started.wait(timeout: .now() + 60) == .success)
        let results = Mutex([Result<[IngestedStatement], StatisticsError>?](repeating: nil, count: bodies.count))
        let answered = DispatchGroup()
        for (n, body) in bodies.enumerated() {
            let statements = try XAPIStatementParser.parse(body: Data(body.utf8), options: .for(f.integration.provider))
            answered.enter()
            f.ingestor.ingest(statements, integration: f.integration) { result in
                results.withLock { $0[n] = result }
                answered.leave()
            }
        }
        release.signal()
        try #require(answered.wait(timeout: .now() + 60) == .success)
        return results.withLock { $0.map { $0! } }
    }

    /// After a group with a failed request the next starts with savepoints, so a sender whose requests keep
    /// failing does not make every group run twice; after a group with none failing, the next runs without them.
    @Test(arguments: [false, true])
    func theGroupAfterAFailureStartsWithSavepoints(_ afterAFailure: Bool) throws {
        let f = try StatsFixture(provider: .linkedin)
        let answered = try Self.commitTogether([Request(ids: ["a-1"]), Request(ids: ["b-1"], conflicts: true)], f,
                                               afterAFailure: afterAFailure)
        #expect(answered.runs == (afterAFailure ? [1, 1] : [2, 2]))
        #expect(try Self.storedIds(f) == ["a-1"])
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
