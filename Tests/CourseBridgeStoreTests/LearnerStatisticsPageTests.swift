import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import CourseBridgeTestSupport
import Foundation
import Testing

/// The learner-statistics screen's pages: one line per learner and course over all attempts, kept current by
/// triggers as attempts are written, rewritten and deleted; sorted and searched in SQL.
struct LearnerStatisticsPageTests {
    let f: PlatformFixture
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws { f = try PlatformFixture() }

    private func user(_ name: String) throws -> Int64 { try #require(try f.store.user(email: "\(name)@acme.example").id) }

    private func save(_ attempts: [Attempt]) throws {
        try f.store.statisticsTransaction { tx in try tx.saveAttempts(attempts) }
    }

    private func page(_ grouping: LearnerStatsGrouping = .perLearner, search: String = "", sort: LearnerStatsSort = .lastActivity,
                      descending: Bool = true, offset: Int = 0, limit: Int = 50) throws -> (lines: [LearnerStatLine], total: Int) {
        try f.store.learnerStatistics(grouping: grouping, search: search, sort: sort, descending: descending, offset: offset, limit: limit)
    }

    @Test func aLearnersAttemptsOnACourseAreOneLineWithBestProgressTotalTimeAndFurthestCompletion() throws {
        let ann = try user("learner2")
        try save([
            Attempt(userId: ann, courseId: 1, startedAt: t0, progressPercent: 100, scorePercent: 60, timeSpentSeconds: 600,
                    completionStatus: .completed, completedAt: t0 + 600, result: .failed, lastActivityAt: t0 + 600),
            Attempt(userId: ann, courseId: 1, startedAt: t0 + 1_000, progressPercent: 40, scorePercent: 90, timeSpentSeconds: 300,
                    completionStatus: .inProgress, lastActivityAt: t0 + 1_300),
        ])
        let result = try page()
        #expect(result.total == 1)
        let line = try #require(result.lines.first)
        #expect(line.learner == "learner2@acme.example")
        #expect(line.course == "Kubernetes Essential Training")
        #expect(line.progress == 100)
        #expect(line.score == 90)
        #expect(line.timeSpentSeconds == 900)
        #expect(line.completion == "completed")
        #expect(line.attempts == 2)
        #expect(line.lastActivity == t0 + 1_300)
    }

    @Test func rewritingAndDeletingAttemptsKeepsTheLineCurrent() throws {
        let ann = try user("learner2")
        try save([Attempt(userId: ann, courseId: 2, startedAt: t0, progressPercent: 10, lastActivityAt: t0)])
        var stored = try f.store.attempts(userId: ann, courseId: 2)
        stored[0].progressPercent = 70
        try save(stored)
        #expect(try page().lines.map(\.progress) == [70])
        try f.store.statisticsTransaction { tx in try tx.deleteAttempts(userId: ann, courseId: 2) }
        #expect(try page().total == 0)
    }

    @Test(arguments: [
        (LearnerStatsSort.lastActivity, true, ["coach1", "author", "admin1"]),
        (.lastActivity, false, ["admin1", "author", "coach1"]),
        (.learner, false, ["admin1", "author", "coach1"]),
        (.progress, true, ["author", "coach1", "admin1"]),
        (.timeSpent, true, ["admin1", "coach1", "author"]),
    ])
    func linesSortByTheChosenColumn(sort: LearnerStatsSort, descending: Bool, expected: [String]) throws {
        let rows: [(String, Double, Int, Double)] = [("admin1", 10, 900, 100), ("author", 90, 100, 200), ("coach1", 50, 500, 300)]
        try save(rows.map { name, progress, time, at in
            Attempt(userId: try! user(name), courseId: 1, startedAt: t0, progressPercent: progress, timeSpentSeconds: time,
                    lastActivityAt: t0 + at)
        })
        #expect(try page(sort: sort, descending: descending).lines.map(\.learner) == expected.map { "\($0)@acme.example" })
    }

    @Test func searchMatchesLearnerOrCourseAndPagesCountTheMatches() throws {
        let ids = try ["admin1", "author", "coach1"].map(user)
        try save(ids.flatMap { id in (1...3).map { c in Attempt(userId: id, courseId: Int64(c), startedAt: t0, lastActivityAt: t0) } })
        #expect(try page().total == 9)
        #expect(try page(search: "coach1").lines.allSatisfy { $0.learner == "coach1@acme.example" })
        #expect(try page(search: "coach1").total == 3)
        #expect(try page(search: "excel").total == 3)
        #expect(try page(search: "100%").total == 0, "LIKE wildcards in the search are literal")
        let second = try page(sort: .learner, descending: false, offset: 3, limit: 3)
        #expect(second.lines.map(\.learner) == Array(repeating: "author@acme.example", count: 3))
        #expect(second.total == 9)
    }

    @Test func perCourseLinesCountLearnersAndCompletions() throws {
        let ids = try ["admin1", "author", "coach1"].map(user)
        try save(ids.enumerated().map { i, id in
            Attempt(userId: id, courseId: 1, startedAt: t0, progressPercent: i == 0 ? 100 : 50,
                    completionStatus: i == 0 ? .completed : .inProgress, result: i == 0 ? .success : nil, lastActivityAt: t0)
        })
        let line = try #require(try page(.perCourse).lines.first)
        #expect(line.learner == "3 learners")
        #expect(line.completion == "1 completed")
        #expect(line.result == "1 passed")
        #expect(abs(line.progress - 200.0 / 3) < 0.001)
    }

    @Test func aCourseWithOneLearnerSaysLearnerNotLearners() throws {
        try save([Attempt(userId: try user("author"), courseId: 1, startedAt: t0, progressPercent: 10, lastActivityAt: t0)])
        #expect(try page(.perCourse).lines.first?.learner == "1 learner")
    }
}
