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
}
