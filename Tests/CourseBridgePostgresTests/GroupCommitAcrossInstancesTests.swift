import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing
@testable import CourseBridgePostgres

/// Two `serve` instances group-commit statements of the same learners and courses at the same time, each in its own
/// order, as the engine does (one transaction per group, one savepoint per request): no request fails on a deadlock,
/// every statement is stored once, and no update of an attempt is lost.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct GroupCommitAcrossInstancesTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let pairs = 12
    static let rounds = 6

    /// Two stores on a schema of their own with one integration, `pairs` learners and as many courses.
    private func withTwoInstances(_ body: (PostgresStore, PostgresStore, Int64, [(Int64, Int64)]) throws -> Void) throws {
        try TwoInstances.withPairs(schemaPrefix: "cbgroup_", now: Self.t0, count: Self.pairs, body)
    }

    /// One group commit as `StatementCommitGroup` runs it: each statement is a request in its own savepoint, looked
    /// up, matched, inserted applied, and adds 10 seconds to its learner's attempt; a request's error is its answer.
    private func commitGroup(_ store: PostgresStore, integration: Int64, statements: [(id: String, email: String, course: String)])
        -> [Result<Void, StoreError>] {
        do {
            return try store.statisticsTransaction(memoizingLookups: true) { tx in
                statements.map { s in
                    Result { () throws(StoreError) in
                        do {
                            try tx.savepoint {
                                guard try tx.statement(integrationId: integration, statementId: s.id) == nil,
                                      try tx.voidingStatement(integrationId: integration, targetId: s.id) == nil,
                                      let user = try tx.users(matching: s.email, by: .email).first?.id,
                                      let course = try tx.course(provider: .linkedin, providerId: s.course)?.id else {
                                    throw StoreError.notFound("setup")
                                }
                                try TwoInstances.apply(tx, integration: integration, statementId: s.id, hash: s.id, user: user, course: course, at: Self.t0)
                            }
                        } catch {
                            throw tx.storeError(error)
                        }
                    }
                }
            }
        } catch {
            return statements.map { _ in .failure(error) }
        }
    }

    @Test func overlappingGroupsInOppositeOrdersAllCommitWithNothingLost() throws {
        try withTwoInstances { a, b, integration, pairs in
            let failures = LockedBox<[String]>()
            failures.value = []
            let done = DispatchGroup()
            for (name, store, ascending) in [("a", a, true), ("b", b, false)] {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    for round in 0..<Self.rounds {
                        let order = ascending ? Array(0..<Self.pairs) : Array((0..<Self.pairs).reversed())
                        let statements = order.map { i in
                            (id: "\(name)-\(round)-\(i)", email: "learner\(i)@acme.example", course: "urn:li:lyndaCourse:\(i)")
                        }
                        for case .failure(let error) in commitGroup(store, integration: integration, statements: statements) {
                            failures.mutate { $0?.append("\(name) round \(round): \(error)") }
                        }
                    }
                }
            }
            done.wait()
            #expect(failures.value == [], "no request failed (a deadlock used to answer 500)")
            let stored = try a.statements(integrationId: integration)
            #expect(stored.count == 2 * Self.rounds * Self.pairs)
            #expect(Set(stored.map(\.statementId)).count == stored.count, "every statement stored once")
            for (user, course) in pairs {
                let attempts = try a.attempts(userId: user, courseId: course)
                #expect(attempts.count == 1)
                #expect(attempts.first?.timeSpentSeconds == 10 * 2 * Self.rounds, "no update of the attempt was lost")
            }
            let summary = try a.pool.query("SELECT count(*), sum(time_spent)::bigint FROM learner_course_summary")[0]
            #expect(try summary.decode(index: 0, as: Int64.self) == Int64(Self.pairs))
            #expect(try summary.decode(index: 1, as: Int64.self) == Int64(10 * 2 * Self.rounds * Self.pairs), "the summary is current")
        }
    }
}
