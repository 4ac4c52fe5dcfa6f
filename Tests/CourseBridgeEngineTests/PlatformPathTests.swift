import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport
import Foundation
import Testing

/// Paths (program sessions) through the store: who builds them, the library condition, enrollment and progress.
struct PlatformPathTests {
    @Test func editorsAddACourseToAPathOnlyOnceItIsInTheirGroupsLibrary() throws {
        let f = try PlatformFixture()
        let path = try f.editing.addPath(name: "Onboarding", groupId: 2, linear: true, actingEmail: "editor2@acme.example")
        #expect(path.isLinear && path.groupId == 2 && path.name == "Onboarding")
        #expect(throws: StoreError.refused("course 1 is not in the library of group 2: editors and contributors may add a course to a path only once it is in their group's library; add it first with: coursebridge library add 1 --group 2 --as contributor2@acme.example")) {
            try f.editing.addPathStep(pathId: path.id, courseId: 1, actingEmail: "contributor2@acme.example")
        }
        try f.editing.addToLibrary(courseId: 1, groupId: 2, actingEmail: "contributor2@acme.example")
        #expect(try f.editing.addPathStep(pathId: path.id, courseId: 1, actingEmail: "contributor2@acme.example") == 1)
        // A group admin is not bound by the library condition.
        #expect(try f.editing.addPathStep(pathId: path.id, courseId: 2, actingEmail: "admin2@acme.example") == 2)
        #expect(throws: StoreError.conflict("course 1 is already step 1 of path \(path.id)")) {
            try f.editing.addPathStep(pathId: path.id, courseId: 1, actingEmail: "admin2@acme.example")
        }
        #expect(try f.store.pathReport(pathId: path.id).steps.map(\.course.id) == [1, 2])
    }

    @Test(arguments: [("coach2@acme.example", "coach"), ("learner2@acme.example", "learner")])
    func coachesAndLearnersDoNotBuildPaths(email: String, role: String) throws {
        let f = try PlatformFixture()
        #expect(throws: StoreError.refused("\(email) cannot create a path in group 2: it needs the group-admin, editor or contributor role in group 2 (\(email) is \(role) there); a platform admin can grant it with: coursebridge group member add 2 \(email) --role contributor")) {
            try f.editing.addPath(name: "Mine", groupId: 2, linear: false, actingEmail: email)
        }
        let path = try f.editing.addPath(name: "Theirs", groupId: 2, linear: false, actingEmail: "admin2@acme.example")
        let error = #expect(throws: StoreError.self) { try f.editing.addPathStep(pathId: path.id, courseId: 1, actingEmail: email) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("cannot add course 1 to path \(path.id): it needs the group-admin, editor or contributor role"))
    }

    @Test func enrollmentByCoachesAndAdminsOrTheOperator() throws {
        let f = try PlatformFixture()
        let path = try f.editing.addPath(name: "Onboarding", groupId: 2, linear: false, actingEmail: "admin2@acme.example")
        #expect(throws: StoreError.self) { try f.editing.enroll(pathId: path.id, userEmail: "learner2@acme.example", actingEmail: "learner2@acme.example") }
        #expect(try f.editing.enroll(pathId: path.id, userEmail: "learner2@acme.example", actingEmail: "coach2@acme.example"))
        #expect(try !f.editing.enroll(pathId: path.id, userEmail: "learner2@acme.example"), "already enrolled")
        #expect(try f.store.pathReport(pathId: path.id, learnerEmail: "learner2@acme.example").enrolled == true)
        #expect(try f.store.pathReport(pathId: path.id, learnerEmail: "outsider@acme.example").enrolled == false)
    }

    @Test func aLinearPathLocksTheStepsAfterAnUncompletedExternalCourse() throws {
        let f = try PlatformFixture()
        let path = try f.editing.addPath(name: "Cloud", groupId: 1, linear: true, actingEmail: "author@acme.example")
        for course: Int64 in [1, 2, 3] { try f.editing.addPathStep(pathId: path.id, courseId: course, actingEmail: "author@acme.example") }
        try f.editing.enroll(pathId: path.id, userEmail: "learner2@acme.example")
        let learner = try f.store.user(email: "learner2@acme.example").id!
        try attempt(f.store, learner, course: 1, .completed)

        var report = try f.store.pathReport(pathId: path.id, learnerEmail: "learner2@acme.example")
        #expect(report.steps.map(\.status) == ["completed", "not-started", "not-started"])
        #expect(report.steps.map(\.availability) == ["completed", "available", "locked"])
        #expect(report.status == "in-progress")

        try attempt(f.store, learner, course: 2, .inProgress)
        report = try f.store.pathReport(pathId: path.id, learnerEmail: "learner2@acme.example")
        #expect(report.steps.map(\.availability) == ["completed", "in-progress", "locked"])

        try attempt(f.store, learner, course: 2, .completed)
        try attempt(f.store, learner, course: 3, .completed)
        report = try f.store.pathReport(pathId: path.id, learnerEmail: "learner2@acme.example")
        #expect(report.status == "completed", "the path completes when its last step does")
    }

    @Test func aPathInAnyOrderLocksNothing() throws {
        let f = try PlatformFixture()
        let path = try f.editing.addPath(name: "Pick", groupId: 1, linear: false, actingEmail: "admin1@acme.example")
        for course: Int64 in [1, 2] { try f.editing.addPathStep(pathId: path.id, courseId: course, actingEmail: "admin1@acme.example") }
        let report = try f.store.pathReport(pathId: path.id, learnerEmail: "learner2@acme.example")
        #expect(report.steps.map(\.availability) == ["available", "available"])
        #expect(report.status == "not-started")
        #expect(try f.store.pathReport(pathId: path.id).steps.allSatisfy { $0.status == nil && $0.availability == nil })
    }

    @Test func unknownPathSaysHowToCreateOne() throws {
        let f = try PlatformFixture()
        #expect(throws: StoreError.notFound("no path with id 9; create one with: coursebridge path add NAME --group ID --as EMAIL")) {
            try f.store.pathReport(pathId: 9)
        }
        #expect(throws: StoreError.invalid("a path needs a name")) {
            try f.editing.addPath(name: "  ", groupId: 1, linear: false, actingEmail: "admin1@acme.example")
        }
    }

    private func attempt(_ store: any DataStore, _ userId: Int64, course: Int64, _ status: CompletionStatus) throws {
        try store.statisticsTransaction { tx in
            try tx.saveAttempts([Attempt(userId: userId, courseId: course, startedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                         completionStatus: status)])
        }
    }
}
