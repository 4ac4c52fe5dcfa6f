import Foundation
import Testing
@testable import CourseBridgeCore

/// Percipio's report statuses (finding S3): which ones complete an attempt, which keep it in progress.
struct SkillsoftReportStatusRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let report: String
        let status: SkillsoftStatus
        let progress: Double
        let result: AttemptResult?
        var testDescription: String { "\(report) → progress \(progress), result \(result?.rawValue ?? "null")" }
    }

    static let rows: [Row] = [
        Row(report: "Completed", status: .completed, progress: 100, result: .success),
        Row(report: "Achieved", status: .completed, progress: 100, result: .success),
        Row(report: "Listened", status: .completed, progress: 100, result: .success),
        Row(report: "Read", status: .completed, progress: 100, result: .success),
        Row(report: "Watched", status: .completed, progress: 100, result: .success),
        Row(report: "Started", status: .started, progress: 50, result: nil),
        Row(report: "Active", status: .started, progress: 50, result: nil),
        Row(report: "Not Started", status: .other("Not Started"), progress: 0, result: nil),
        Row(report: "Bookmarked", status: .other("Bookmarked"), progress: 0, result: nil),
    ]

    @Test(arguments: rows)
    func reportStatusDrivesProgressAndResult(_ row: Row) {
        let status = SkillsoftStatus(report: row.report)
        #expect(status == row.status)
        #expect(SkillsoftAttemptRules.progress(for: status) == row.progress)
        #expect(SkillsoftAttemptRules.result(for: status) == row.result)
    }

    @Test(arguments: ["watched", " WATCHED ", "Watched"])
    func spellingIsCaseAndSpaceInsensitive(_ text: String) {
        #expect(SkillsoftStatus(report: text) == .completed)
    }

    @Test func aWatchedVideoCompletesTheAttempt() throws {
        let at = Date(timeIntervalSince1970: 1_720_000_000)
        let attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: SkillsoftStatus(report: "Watched"), completedDate: at, lastAccess: at),
                                                   to: [], userId: 1, courseId: 2, now: at)
        let attempt = try #require(attempts.first)
        #expect(attempt.completionStatus == .completed)
        #expect(attempt.completedAt == at)
    }

    // MARK: - One attempt whatever the feed

    static let midnight = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z: the report's day-only completedDate
    static func at(_ hours: Double) -> Date { midnight.addingTimeInterval(hours * 3_600) }

    @Test func aDayOnlyReportCompletionAndThatDaysPushedStatementsMakeOneAttempt() throws {
        var attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: SkillsoftStatus(report: "Completed"), completedDate: Self.midnight,
                                                                     lastAccess: Self.at(13)), to: [], userId: 1, courseId: 2, now: Self.at(30))
        // The push arrives late: the learner's "arrived" at 12:30 that day is not a restart.
        attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .started, lastAccess: Self.at(12.5)), to: attempts,
                                               userId: 1, courseId: 2, now: Self.at(31))
        attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .completed, completedDate: Self.at(12.9), lastAccess: Self.at(12.9)),
                                               to: attempts, userId: 1, courseId: 2, now: Self.at(31))
        #expect(attempts.count == 1)
        #expect(attempts[0].completedAt == Self.at(12.9), "the pushed instant is kept")
        // The next day's report repeats the day-only date: the instant stays.
        attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .completed, completedDate: Self.midnight, lastAccess: Self.at(13)),
                                               to: attempts, userId: 1, courseId: 2, now: Self.at(50))
        #expect(attempts.count == 1 && attempts[0].completedAt == Self.at(12.9))
    }

    @Test func theReportRepeatingAnEarlierCompletionDoesNotCompleteARestart() throws {
        var attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .completed, completedDate: Self.at(10), lastAccess: Self.at(10)),
                                                   to: [], userId: 1, courseId: 2, now: Self.at(10))
        attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .started, lastAccess: Self.at(60)), to: attempts,
                                               userId: 1, courseId: 2, now: Self.at(60))
        #expect(attempts.count == 2 && attempts[1].completionStatus == .inProgress)
        attempts = SkillsoftAttemptRules.apply(SkillsoftActivity(status: .completed, completedDate: Self.midnight, lastAccess: Self.at(60)),
                                               to: attempts, userId: 1, courseId: 2, now: Self.at(70))
        #expect(attempts.count == 2)
        #expect(attempts[1].completionStatus == .inProgress, "the restart stays open until it is completed")
    }
}
