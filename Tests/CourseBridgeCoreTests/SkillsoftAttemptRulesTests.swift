import Foundation
import Testing
@testable import CourseBridgeCore

private let day = Date(timeIntervalSince1970: 1_720_000_000)
private func t(_ hours: Double) -> Date { day.addingTimeInterval(hours * 3_600) }
private func attempt(_ id: Int64, _ started: Double, _ status: CompletionStatus, completed: Double? = nil) -> Attempt {
    Attempt(id: id, userId: 1, courseId: 2, startedAt: t(started), progressPercent: status == .completed ? 100 : 50,
            completionStatus: status, completedAt: completed.map(t), result: status == .completed ? .success : nil)
}
private func apply(_ a: SkillsoftActivity, _ attempts: [Attempt]) -> [Attempt] {
    SkillsoftAttemptRules.apply(a, to: attempts, userId: 1, courseId: 2, now: t(100))
}

struct SkillsoftAttemptRulesTests {
    struct StatusRow: Sendable, CustomTestStringConvertible {
        let status: String
        let progress: Double
        let result: AttemptResult?
        var testDescription: String { "status \(status) → progress \(progress), result \(result?.rawValue ?? "null")" }
    }

    static let statusRows: [StatusRow] = [
        StatusRow(status: "Completed", progress: 100, result: .success),
        StatusRow(status: "Started", progress: 50, result: nil),
        StatusRow(status: "Not Started", progress: 0, result: nil),
        StatusRow(status: "Achieved", progress: 100, result: .success),
    ]

    @Test(arguments: statusRows)
    func progressAndResultFromStatus(_ row: StatusRow) throws {
        let a = try #require(apply(SkillsoftActivity(status: SkillsoftStatus(report: row.status), lastAccess: t(1)), []).first)
        #expect(a.progressPercent == row.progress)
        #expect(a.result == row.result)
    }

    @Test func theLatestScoreShowsOnAllAttempts() {
        let result = apply(SkillsoftActivity(lastScore: 92), [attempt(1, 0, .completed, completed: 1), attempt(2, 5, .inProgress)])
        #expect(result.map(\.scorePercent) == [92, 92])
    }

    @Test func theLatestDurationGoesToTheFirstAttemptAndZeroToOthers() {
        var second = attempt(2, 5, .inProgress)
        second.timeSpentSeconds = 300
        let result = apply(SkillsoftActivity(durationSeconds: 625), [second, attempt(1, 0, .completed, completed: 1)])
        #expect(result.map(\.timeSpentSeconds) == [625, 0])
    }

    @Test func lastActivityIsCompletedDateElseLastAccess() {
        #expect(apply(SkillsoftActivity(status: .completed, completedDate: t(3), lastAccess: t(4)), [])[0].lastActivityAt == t(3))
        #expect(apply(SkillsoftActivity(status: .started, lastAccess: t(4)), [])[0].lastActivityAt == t(4))
    }

    @Test func aRestartAfterCompletionStartsANewAttempt() {
        let result = apply(SkillsoftActivity(status: .started, lastAccess: t(10)), [attempt(1, 0, .completed, completed: 2)])
        #expect(result.count == 2)
        #expect(result[0].completionStatus == .completed)
        #expect((result[1].id, result[1].completionStatus, result[1].progressPercent) == (nil, .inProgress, 50))
    }

    @Test func aLateStartedReportDoesNotReopenOrDuplicateACompletion() {
        let done = attempt(1, 0, .completed, completed: 2)
        let result = apply(SkillsoftActivity(status: .started, lastAccess: t(1)), [done])
        #expect(result.count == 1)
        #expect(result[0].completionStatus == .completed && result[0].progressPercent == 100)
    }

    @Test func launchSetsFiftyPercent() {
        #expect(LaunchRule.apply(provider: .skillsoft, to: [], userId: 1, courseId: 2, at: t(0)).map(\.progressPercent) == [50])
    }

    // MARK: Statement → report fields (providers.md §4)

    private func statement(verb: String, result: String = "", timestamp: String = "2024-07-03T10:00:00Z") throws -> XAPIStatement {
        let body = """
        {"actor":{"mbox":"mailto:a@b.co"},"verb":{"id":"\(verb)"},
         "object":{"id":"https://xapi.percipio.com/xapi/course/6f1c1f2e-8a8b-4f55-9b1e-0c3b1d2a9f10"}\(result),"timestamp":"\(timestamp)"}
        """
        return try #require(try XAPIStatementParser.parse(body: Data(body.utf8)).first)
    }

    struct VerbRow: Sendable { let verb: String; let status: SkillsoftStatus? }
    static let verbRows: [VerbRow] = [
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/completed", status: .completed),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/passed", status: .completed),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/satisfied", status: .completed),
        VerbRow(verb: "https://xapi.percipio.com/xapi/verbs/arrived", status: .started),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/initialized", status: .started),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/experienced", status: .started),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/failed", status: nil),
        VerbRow(verb: "http://adlnet.gov/expapi/verbs/scored", status: nil),
    ]

    @Test(arguments: verbRows)
    func verbGivesStatus(_ row: VerbRow) throws {
        let a = SkillsoftStatementTranslation.activity(from: try statement(verb: row.verb), receivedAt: t(50))
        #expect(a.status == row.status)
        #expect(a.lastAccess == XAPITimestamp.parse("2024-07-03T10:00:00Z"))
        #expect((a.completedDate != nil) == (row.status == .completed))
    }

    @Test func resultFieldsBecomeScoreDurationAndCompletion() throws {
        let s = try statement(verb: "http://adlnet.gov/expapi/verbs/scored",
                              result: #","result":{"completion":true,"duration":"PT10M25S","score":{"raw":45,"max":60}}"#)
        let a = SkillsoftStatementTranslation.activity(from: s, receivedAt: t(50))
        #expect(a.status == .completed, "result.completion: true counts as Completed")
        #expect(a.lastScore == 75)
        #expect(a.durationSeconds == 625)
    }

    @Test func objectIdGivesTheContentUuid() {
        #expect(SkillsoftStatementTranslation.contentId(fromObjectId: "https://xapi.percipio.com/xapi/assessment/abc-123") == "abc-123")
        #expect(SkillsoftStatementTranslation.contentId(fromObjectId: "urn:percipio:abc") == nil)
    }
}
