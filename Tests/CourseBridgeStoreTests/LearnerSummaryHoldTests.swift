import CourseBridgeCore
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Several attempts of one learner and course written together (Percipio's latest score goes on every attempt)
/// refresh their summary once, and the summary is the aggregate of the attempts either way.
struct LearnerSummaryHoldTests {
    private func database() throws -> DatabaseQueue { try migratedDatabaseWithoutForeignKeys() }

    private func attempt(_ user: Int64, _ course: Int64, progress: Double, score: Double?, seconds: Int,
                         _ status: CompletionStatus) -> Attempt {
        Attempt(userId: user, courseId: course, startedAt: Date(timeIntervalSince1970: 0), progressPercent: progress,
                scorePercent: score, timeSpentSeconds: seconds, completionStatus: status)
    }

    private func summary(_ db: Database) throws -> [[DatabaseValue]] {
        try Row.fetchAll(db, sql: """
            SELECT user_id, course_id, progress, score, time_spent, completion_rank, attempts FROM learner_course_summary
            ORDER BY user_id, course_id
            """).map { Array($0.databaseValues) }
    }

    @Test func attemptsOfOnePairSavedTogetherAreSummarisedOnceAndRight() throws {
        try database().write { db in
            let tx = SQLiteStatisticsTransaction(db: db)
            try tx.saveAttempts([attempt(1, 10, progress: 100, score: 60, seconds: 300, .completed),
                                 attempt(1, 10, progress: 40, score: 60, seconds: 0, .inProgress)])
            try tx.saveAttempts([attempt(2, 10, progress: 30, score: nil, seconds: 50, .inProgress)])
            let values: [[(any DatabaseValueConvertible)?]] = [[1, 10, 100.0, 60.0, 300, 2, 2], [2, 10, 30.0, nil, 50, 1, 1]]
            #expect(try summary(db) == values.map { $0.map { $0?.databaseValue ?? .null } })
            // The latest score on every attempt: the pair is held while they are written, refreshed once after.
            var kept = try tx.attempts(userId: 1, courseId: 10)
            for i in kept.indices { kept[i].scorePercent = 85 }
            kept.append(attempt(1, 10, progress: 10, score: 85, seconds: 0, .inProgress))
            try tx.saveAttempts(kept)
            #expect(try summary(db)[0] == [1, 10, 100.0, 85.0, 300, 2, 3].map { $0.databaseValue })
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learner_course_summary_hold") == 0)
        }
    }

    /// While a pair is held its attempts' writes leave the summary alone (the refresh comes once, after).
    @Test func aHeldPairIsRefreshedOnlyWhenReleased() throws {
        try database().write { db in
            let tx = SQLiteStatisticsTransaction(db: db)
            try tx.saveAttempts([attempt(1, 10, progress: 20, score: nil, seconds: 10, .inProgress)])
            try LearnerCourseSummary.holding(userId: 1, courseId: 10, db) {
                try db.execute(sql: "UPDATE attempt SET progress = 70")
                #expect(try Double.fetchOne(db, sql: "SELECT progress FROM learner_course_summary") == 20)
            }
            #expect(try Double.fetchOne(db, sql: "SELECT progress FROM learner_course_summary") == 70)
        }
    }
}
