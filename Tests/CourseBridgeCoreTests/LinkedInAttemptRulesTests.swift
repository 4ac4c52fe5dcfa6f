import Foundation
import Testing
@testable import CourseBridgeCore

private let configuredAt = Date(timeIntervalSince1970: 1_700_000_000)
private func t(_ minutes: Double) -> Date { configuredAt.addingTimeInterval(minutes * 60) }
private func open(_ id: Int64, startedAt: Date, progress: Double = 10) -> Attempt {
    Attempt(id: id, userId: 7, courseId: 3, startedAt: startedAt, progressPercent: progress, completionStatus: .inProgress)
}
private func apply(_ facts: LinkedInStatementFacts, _ attempts: [Attempt]) -> [Attempt] {
    LinkedInAttemptRules.apply(facts, to: attempts, userId: 7, courseId: 3, courseDurationSeconds: 5_400, configuredAt: configuredAt)
}

struct LinkedInAttemptRulesTests {
    struct IdRow: Sendable { let id: String; let numeric: String? }
    static let ids: [IdRow] = [
        IdRow(id: "urn:lyndaCourse:252", numeric: "252"), IdRow(id: "urn:li:lyndaCourse:252", numeric: "252"),
        IdRow(id: "urn:li:lyndaCourse:", numeric: nil), IdRow(id: "urn:li:video:252", numeric: nil),
        IdRow(id: "https://www.linkedin.com/learning/excel", numeric: nil),
        IdRow(id: " URN:LI:LYNDACOURSE:252\n", numeric: "252"), IdRow(id: "urn::lyndaCourse:252:", numeric: "252"),
        IdRow(id: "urn:li:lyndaCourse:25a", numeric: nil), IdRow(id: "urn:li:lyndaCourse:٢٥٢", numeric: nil),
        IdRow(id: "urn:li:lyndaCourse:-252", numeric: nil), IdRow(id: "urn:lyndaCourses:252", numeric: nil),
        IdRow(id: "urn:lynda:252", numeric: nil), IdRow(id: "lyndaCourse:252", numeric: nil),
        IdRow(id: "urn:ü:lyndaCourse:252", numeric: "252"), IdRow(id: "urn:\u{301}x:lyndaCourse:252", numeric: nil),
    ]

    /// The byte-level reading agrees with the Character-level one on every id built from the pieces that matter.
    @Test func readingBytesAgreesWithReadingCharacters() {
        let pieces = ["urn", "URN", "li", "lyndaCourse", "LYNDACOURSE", "lyndacourse", "252", "0", "", ":", " ", "ü", "\u{301}", "x", "٢"]
        var checked = 0, found = 0
        var disagreements: [String] = []
        for a in pieces { for b in pieces { for c in pieces { for d in pieces {
            let id = [a, b, c, d].joined(separator: ":")
            let number = LinkedInCourseId.normalize(id)
            if number != LinkedInCourseId.normalizeCharacters(id.trimmed) { disagreements.append(id.debugDescription) }
            if number != nil { found += 1 }
            checked += 1
        } } } }
        #expect(disagreements == [])
        #expect(checked == 50_625)
        #expect(found > 100, "the pieces make valid ids too")
    }

    @Test(arguments: ids)
    func statementAndCatalogIdsMatchOnTheNumber(_ row: IdRow) {
        #expect(LinkedInCourseId.normalize(row.id) == row.numeric)
    }

    @Test func statementIdFindsTheCatalogCourse() {
        #expect(LinkedInCourseId.sameCourse("urn:lyndaCourse:252", "urn:li:lyndaCourse:252"))
        #expect(!LinkedInCourseId.sameCourse("urn:lyndaCourse:252", "urn:li:lyndaCourse:2520"))
        #expect(LinkedInCourseId.catalogURN("urn:lyndaCourse:252") == "urn:li:lyndaCourse:252")
    }

    @Test func anAttemptIsCreatedAsSoonAsTheLearnerStartsAtLinkedIn() throws {
        let result = apply(LinkedInStatementFacts(occurredAt: t(5), progressPercent: 3), [])
        let a = try #require(result.first)
        #expect(result.count == 1)
        #expect((a.id, a.startedAt, a.progressPercent, a.completionStatus) == (nil, t(5), 3, .inProgress))
        #expect(a.timeSpentSeconds == 0, "time spent is applied only at completion")
    }

    @Test func progressUpdatesInNearRealTimeAndNeverGoesBack() {
        let after = apply(LinkedInStatementFacts(occurredAt: t(10), progressPercent: 60), [open(1, startedAt: t(1))])
        #expect(after[0].progressPercent == 60)
        let late = apply(LinkedInStatementFacts(occurredAt: t(9), progressPercent: 40), after)
        #expect(late[0].progressPercent == 60)
    }

    @Test func completionAfterSetupGoesToTheOldestOpenAttemptWithTheTheoreticalDuration() {
        let attempts = [open(2, startedAt: t(20)), open(1, startedAt: t(1))]
        let result = apply(LinkedInStatementFacts(occurredAt: t(30), isCompletion: true), attempts)
        #expect(result.map(\.id) == [1, 2])
        #expect(result[0].completionStatus == .completed)
        #expect(result[0].completedAt == t(30))
        #expect(result[0].lastActivityAt == t(30), "completion date and time show as last activity")
        #expect(result[0].timeSpentSeconds == 5_400, "time spent = the course's theoretical duration")
        #expect(result[0].progressPercent == 100)
        #expect(result[1].completionStatus == .inProgress && result[1].timeSpentSeconds == 0)
    }

    @Test func completionBeforeTheIntegrationWasConfiguredIsNotShown() {
        let result = apply(LinkedInStatementFacts(occurredAt: t(-60), progressPercent: 100, isCompletion: true), [open(1, startedAt: t(-90))])
        #expect(result[0].completionStatus == .inProgress)
        #expect(result[0].completedAt == nil)
        #expect(result[0].timeSpentSeconds == 0)
    }

    @Test func aRetakeAfterCompletionRecordsNothing() {
        var done = open(1, startedAt: t(1))
        done.completionStatus = .completed
        done.completedAt = t(30)
        #expect(apply(LinkedInStatementFacts(occurredAt: t(40), progressPercent: 5), [done]) == [done])
    }

    @Test func factsFromAStatementWithStringProgress() throws {
        let body = """
        {"id":"x","actor":{"mbox":"mailto:a@b.co"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
         "object":{"id":"urn:lyndaCourse:252"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":"100"}}}
        """
        let s = try #require(try XAPIStatementParser.parse(body: Data(body.utf8), options: .linkedIn).first)
        #expect(LinkedInStatementFacts(statement: s, receivedAt: t(3)) == LinkedInStatementFacts(occurredAt: t(3), progressPercent: 100, isCompletion: true))
    }

    // MARK: Launch

    @Test func launchFromCourseBridgeSetsOnePercent() {
        let result = LaunchRule.apply(provider: .linkedin, to: [], userId: 7, courseId: 3, at: t(1))
        #expect(result.map(\.progressPercent) == [1])
        #expect(result.map(\.completionStatus) == [.inProgress])
        #expect(LaunchRule.apply(provider: .linkedin, to: [open(1, startedAt: t(0), progress: 40)], userId: 7, courseId: 3, at: t(1))
                .map(\.progressPercent) == [40], "an open attempt keeps its progress")
    }
}
