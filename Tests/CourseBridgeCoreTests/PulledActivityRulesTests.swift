import Foundation
import Testing
@testable import CourseBridgeCore

private let day = Date(timeIntervalSince1970: 1_720_000_000)
private func t(_ hours: Double) -> Date { day.addingTimeInterval(hours * 3_600) }
private func pull(_ r: LearnerActivityRecord, _ p: Provider, _ attempts: [Attempt] = []) -> [Attempt] {
    PulledActivityRules.apply(r, provider: p, to: attempts, userId: 1, courseId: 2, now: t(100))
}

struct PulledActivityRulesTests {
    static let courseraRecord = LearnerActivityRecord(
        email: "ada@example.com", contentId: "c1", isCompleted: false, progressPercent: 40, scorePercent: 72,
        lastActivityAt: t(5), resources: [ResourceTime(id: "r1", name: "Video 1", timeSpentSeconds: 600),
                                          ResourceTime(id: "r2", name: "Quiz", timeSpentSeconds: 300)])

    @Test func courseraReportsProgressScoreLastActivityAndTimeSpentPerResource() throws {
        let a = try #require(pull(Self.courseraRecord, .coursera).first)
        #expect(a.progressPercent == 40)
        #expect(a.scorePercent == 72)
        #expect(a.lastActivityAt == t(5))
        #expect(a.timeSpentSeconds == 900, "time spent = the sum of the resources")
        #expect(a.completionStatus == .inProgress)
    }

    @Test func edXReportsCompletionAndLastActivityOnly() throws {
        let a = try #require(pull(Self.courseraRecord, .edx).first)
        #expect(a.progressPercent == 0)
        #expect(a.scorePercent == nil)
        #expect(a.timeSpentSeconds == 0)
        #expect(a.lastActivityAt == t(5))
    }

    @Test(arguments: [Provider.coursera, .edx])
    func completionIsRecorded(_ provider: Provider) throws {
        let done = LearnerActivityRecord(email: "ada@example.com", contentId: "c1", isCompleted: true, completedAt: t(8), lastActivityAt: t(8))
        let a = try #require(pull(done, provider, pull(Self.courseraRecord, .coursera)).first)
        #expect(a.completionStatus == .completed)
        #expect(a.completedAt == t(8))
        #expect(a.progressPercent == 100)
    }

    @Test func aLaterReportNeverUncompletes() {
        let done = pull(LearnerActivityRecord(email: nil, contentId: "c1", isCompleted: true, completedAt: t(8)), .edx)
        let again = pull(LearnerActivityRecord(email: nil, contentId: "c1", isCompleted: false, lastActivityAt: t(9)), .edx, done)
        #expect(again[0].completionStatus == .completed)
        #expect(again[0].lastActivityAt == t(9))
    }

    @Test func enrolledWithoutActivityCreatesNoAttempt() {
        #expect(pull(LearnerActivityRecord(email: "a@b.co", contentId: "c1", isCompleted: false), .coursera).isEmpty)
    }
}
