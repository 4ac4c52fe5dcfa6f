import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Statement ingestion's group commit on PostgreSQL as the engine runs it since schema v9: one `prefetch` of every
/// statement, voider and pair's attempts the group reads, then each request in its own savepoint with its writes
/// sent without waiting. Whatever the group holds (the same id twice, a voider, a conflicting id, a request that
/// fails after writing), each request's answer and what is stored are what one request at a time would give.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct GroupPrefetchTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// One statement of a request: `voids` makes it a voiding statement.
    struct Sent {
        var id: String
        var hash: String
        var learner = 0
        var voids: String? = nil
        var failsAfterWriting = false
    }

    enum Answer: Equatable {
        case applied, duplicate, voided, conflict
    }

    /// Two stores with `learners` learners and as many LinkedIn courses (learner i on course i).
    private func withTwoInstances(learners: Int = 4, _ body: (PostgresStore, PostgresStore, Int64, [(Int64, Int64)]) throws -> Void) throws {
        try TwoInstances.withPairs(schemaPrefix: "cbprefetch_", now: Self.t0, count: learners, body)
    }

    /// The engine's group commit in small: matching and one prefetch for the group, then each request in a
    /// savepoint (lookup, 409 on other content, voiding, insert with its outcome, 10 s more on the attempt).
    private func commitGroup(_ store: PostgresStore, integration: Int64, requests: [[Sent]],
                             preloading: Bool = false) -> [Result<[Answer], StoreError>] {
        do {
            return try store.statisticsTransaction(memoizingLookups: true) { tx in
                if preloading {
                    let sent = requests.joined()
                    try tx.preload(StatementLookups(
                        learners: sent.map { .init(value: "learner\($0.learner)@acme.example", mode: .email) },
                        courses: sent.map { .init(provider: .linkedin, providerId: "urn:li:lyndaCourse:\($0.learner)") }))
                }
                var wanted = StatementPrefetch()
                for s in requests.joined() {
                    wanted.statements.append(.init(integrationId: integration, statementId: s.id))
                    if let target = s.voids {
                        wanted.statements.append(.init(integrationId: integration, statementId: target))
                    } else if let user = try tx.users(matching: "learner\(s.learner)@acme.example", by: .email).first?.id,
                              let course = try tx.course(provider: .linkedin, providerId: "urn:li:lyndaCourse:\(s.learner)")?.id {
                        wanted.pairs.append(.init(userId: user, courseId: course))
                    }
                }
                #expect(tx.prefetches)
                try tx.prefetch(wanted)
                return requests.map { request in
                    Result { () throws(StoreError) in
                        do {
                            return try tx.savepoint { try request.map { try apply($0, integration: integration, tx: tx) } }
                        } catch {
                            throw tx.storeError(error)
                        }
                    }
                }
            }
        } catch {
            return requests.map { _ in .failure(error) }
        }
    }

    private func apply(_ s: Sent, integration: Int64, tx: StatisticsTransaction) throws -> Answer {
        if let existing = try tx.statement(integrationId: integration, statementId: s.id) {
            guard existing.contentHash == s.hash else { throw StoreError.conflict("statement id \(s.id): other content") }
            return .duplicate
        }
        if let target = s.voids {
            if let stored = try tx.statement(integrationId: integration, statementId: target) {
                try tx.setOutcome(integrationId: integration, statementId: target, .voided, reason: "voided by \(s.id)",
                                  userId: stored.userId, courseId: stored.courseId)
                if let user = stored.userId, let course = stored.courseId { try tx.deleteAttempts(userId: user, courseId: course) }
            }
            try tx.insertStatement(integrationId: integration, statementId: s.id, body: "{}", contentHash: s.hash, voids: target,
                                   receivedAt: Self.t0, outcome: .applied, reason: nil, userId: nil, courseId: nil)
            return .applied
        }
        if try tx.voidingStatement(integrationId: integration, targetId: s.id) != nil {
            try tx.insertStatement(integrationId: integration, statementId: s.id, body: "{}", contentHash: s.hash, voids: nil,
                                   receivedAt: Self.t0, outcome: .voided, reason: "voided first", userId: nil, courseId: nil)
            return .voided
        }
        guard let user = try tx.users(matching: "learner\(s.learner)@acme.example", by: .email).first?.id,
              let course = try tx.course(provider: .linkedin, providerId: "urn:li:lyndaCourse:\(s.learner)")?.id else {
            throw StoreError.notFound("setup")
        }
        try TwoInstances.apply(tx, integration: integration, statementId: s.id, hash: s.hash, user: user, course: course, at: Self.t0)
        if s.failsAfterWriting { throw StoreError.invalid("request \(s.id) failed after writing") }
        return .applied
    }

    private func answers(_ results: [Result<[Answer], StoreError>]) -> [[Answer]?] {
        results.map { result -> [Answer]? in
            switch result {
            case .success(let answers): answers
            case .failure(.conflict): [.conflict]
            case .failure: nil
            }
        }
    }

    @Test func duplicatesAVoiderAndAConflictInOneGroupAnswerAsOneRequestAtATime() throws {
        try withTwoInstances { a, _, integration, pairs in
            let results = commitGroup(a, integration: integration, requests: [
                [Sent(id: "s-1", hash: "h1", learner: 0)],
                [Sent(id: "s-1", hash: "h1", learner: 0)],                     // the same again: a duplicate
                [Sent(id: "s-4", hash: "h4", learner: 2), Sent(id: "s-1", hash: "other")],  // 409: the whole request undone
                [Sent(id: "s-3", hash: "h3", learner: 1)],
                [Sent(id: "v-3", hash: "hv3", voids: "s-3")],                  // voids s-3, stored by the request before
                [Sent(id: "v-5", hash: "hv5", voids: "s-5")],                  // voids s-5 before it arrives
                [Sent(id: "s-5", hash: "h5", learner: 3)],
                [Sent(id: "s-6", hash: "h6", learner: 3, failsAfterWriting: true)],
                [Sent(id: "s-7", hash: "h7", learner: 0)],
            ])
            #expect(answers(results) == [[.applied], [.duplicate], [.conflict], [.applied], [.applied], [.applied], [.voided], nil, [.applied]])
            let stored = Dictionary(uniqueKeysWithValues: try a.statements(integrationId: integration).map { ($0.statementId, $0) })
            #expect(Set(stored.keys) == ["s-1", "s-3", "v-3", "v-5", "s-5", "s-7"], "s-4 and s-6 were undone with their requests")
            #expect(stored["s-3"]?.outcome == .voided)
            #expect(stored["s-5"]?.outcome == .voided)
            #expect(try a.attempts(userId: pairs[0].0, courseId: pairs[0].1).map(\.timeSpentSeconds) == [20], "s-1 and s-7, once each")
            #expect(try a.attempts(userId: pairs[1].0, courseId: pairs[1].1).isEmpty, "s-3 was voided")
            #expect(try a.attempts(userId: pairs[2].0, courseId: pairs[2].1).isEmpty, "s-4's request was refused")
            #expect(try a.attempts(userId: pairs[3].0, courseId: pairs[3].1).isEmpty, "s-5 voided, s-6's request failed")
            let summary = try a.pool.query("SELECT coalesce(sum(time_spent), 0)::bigint FROM learner_course_summary")[0]
            #expect(try summary.decode(index: 0, as: Int64.self) == 20, "the learner summary is current")
        }
    }

    /// An id stored meanwhile by a path that did not take its lock is found only when its insert fails: the insert
    /// was sent without waiting, so the group runs again with every write waited for, and only that request fails.
    @Test func aConflictFoundOnlyByAnInsertRerunsTheGroupAndFailsOnlyItsRequest() throws {
        try withTwoInstances { a, b, integration, pairs in
            let bodies = LockedBox<Int>()
            bodies.value = 0
            let results = try a.statisticsTransaction(memoizingLookups: true) { tx in
                bodies.mutate { $0! += 1 }
                try tx.prefetch(StatementPrefetch(statements: [.init(integrationId: integration, statementId: "s-1")],
                                                  pairs: [.init(userId: pairs[0].0, courseId: pairs[0].1)]))
                #expect(try tx.statement(integrationId: integration, statementId: "s-1") == nil)
                // Another instance stores s-2 without the lookup lock, after this group looked.
                if bodies.value == 1 {
                    try b.pool.execute("""
                        INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome)
                        VALUES ($1, 's-2', 0, '{}', 'h2', 'applied')
                        """, [integration])
                }
                return ["s-1", "s-2"].map { id in
                    Result { () throws(StoreError) in
                        do {
                            _ = try tx.savepoint {
                                try tx.insertStatement(integrationId: integration, statementId: id, body: "{}", contentHash: "h",
                                                       voids: nil, receivedAt: Self.t0, outcome: .applied, reason: nil,
                                                       userId: nil, courseId: nil)
                            }
                        } catch {
                            throw tx.storeError(error)
                        }
                    }
                }
            }
            #expect(bodies.value == 2, "the group ran again")
            #expect((try? results[0].get()) != nil, "the other request is stored")
            guard case .failure(.conflict) = results[1] else {
                Issue.record("expected a conflict for s-2, got \(results[1])")
                return
            }
            #expect(try a.statements(integrationId: integration).map(\.statementId).sorted() == ["s-1", "s-2"])
        }
    }

    /// The commit queue waits for PostgreSQL a few times per group (the prefetch with the BEGIN and the cache version,
    /// the COMMIT, and once per connection the preparing of each multi-row write), not several times per statement: each wait is a thread hop that every other request waits behind.
    @Test func aGroupOfNewStatementsWaitsForPostgreSQLAFewTimesWhateverItsSize() throws {
        try withTwoInstances(learners: 16) { a, _, integration, pairs in
            // The first group finds the learners and courses (kept for the next ones).
            _ = commitGroup(a, integration: integration, requests: (0..<16).map { [Sent(id: "warm-\($0)", hash: "w\($0)", learner: $0)] })
            let before = PostgresSession.waits.value
            let results = commitGroup(a, integration: integration, requests: (0..<16).map { [Sent(id: "s-\($0)", hash: "h\($0)", learner: $0)] })
            let waits = PostgresSession.waits.value - before
            #expect(answers(results) == Array(repeating: [.applied], count: 16))
            #expect(waits <= 4, "\(waits) waits for 16 statements")
            let attempts = try a.attempts(userId: pairs[15].0, courseId: pairs[15].1)
            #expect(attempts.map(\.timeSpentSeconds) == [20])
        }
    }

    /// A group whose learners and courses the instance has not met (just started, or more learners than its cache
    /// holds) looks them all up in one wait before matching, instead of one wait per learner and per course.
    @Test func aGroupOfUnmetLearnersLooksThemUpInOneWait() throws {
        try withTwoInstances(learners: 16) { a, b, integration, pairs in
            var before = PostgresSession.waits.value
            let oneByOne = commitGroup(b, integration: integration, requests: (0..<8).map { [Sent(id: "b-\($0)", hash: "b\($0)", learner: $0)] })
            let oneByOneWaits = PostgresSession.waits.value - before
            before = PostgresSession.waits.value
            let preloaded = commitGroup(a, integration: integration, requests: (8..<16).map { [Sent(id: "a-\($0)", hash: "a\($0)", learner: $0)] },
                                        preloading: true)
            let preloadedWaits = PostgresSession.waits.value - before
            #expect(answers(oneByOne) == Array(repeating: [.applied], count: 8))
            #expect(answers(preloaded) == Array(repeating: [.applied], count: 8))
            #expect(oneByOneWaits >= 16, "each learner and each course looked up alone: \(oneByOneWaits) waits")
            #expect(preloadedWaits <= 5, "\(preloadedWaits) waits for 8 statements of learners and courses not met before")
            // Matched to the right learner and course: learner i's attempt is on course i.
            let attempts = try a.attempts(userId: pairs[15].0, courseId: pairs[15].1)
            #expect(attempts.map(\.timeSpentSeconds) == [10])
            // Found ones are cached: the same learners again cost no lookup at all.
            before = PostgresSession.waits.value
            _ = commitGroup(a, integration: integration, requests: (8..<16).map { [Sent(id: "again-\($0)", hash: "g\($0)", learner: $0)] },
                            preloading: true)
            #expect(PostgresSession.waits.value - before <= 4)
        }
    }

    @Test func twoInstancesCommittingOverlappingGroupsStoreEveryStatementOnce() throws {
        let learners = 6, rounds = 5
        try withTwoInstances(learners: learners) { a, b, integration, pairs in
            let failures = LockedBox<[String]>()
            failures.value = []
            let done = DispatchGroup()
            for (name, store, ascending) in [("a", a, true), ("b", b, false)] {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    for round in 0..<rounds {
                        let order = ascending ? Array(0..<learners) : Array((0..<learners).reversed())
                        // Both instances receive the same ids (a client retrying through the other), in opposite orders.
                        let requests = order.map { [Sent(id: "s-\(round)-\($0)", hash: "h-\(round)-\($0)", learner: $0)] }
                        for (i, result) in commitGroup(store, integration: integration, requests: requests).enumerated() {
                            if case .failure(let error) = result { failures.mutate { $0?.append("\(name) round \(round) request \(i): \(error)") } }
                        }
                    }
                }
            }
            done.wait()
            #expect(failures.value == [], "no request failed")
            let stored = try a.statements(integrationId: integration)
            #expect(stored.count == rounds * learners)
            #expect(Set(stored.map(\.statementId)).count == stored.count, "every statement stored once")
            for (user, course) in pairs {
                #expect(try a.attempts(userId: user, courseId: course).map(\.timeSpentSeconds) == [10 * rounds],
                        "each statement counted once")
            }
        }
    }
}
