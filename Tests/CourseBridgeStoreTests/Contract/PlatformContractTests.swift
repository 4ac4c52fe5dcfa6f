import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing

/// People, groups, libraries, paths and the event log, as every backend must keep them.
struct PlatformContractTests {
    @Test func anEmailIsUniqueWhateverItsCaseAndFoundInAnyCase() throws {
        let f = try ContractFixture()
        #expect(throws: StoreError.self) { try f.store.addUser(User(email: "ADMIN@Acme.Example")) }
        #expect(try f.store.users().count == 1)
        #expect(try f.store.user(email: "Admin@ACME.example").id == f.admin.id)
        #expect(throws: StoreError.self) { try f.store.user(email: "nobody@acme.example") }
    }

    @Test func anImportIsAllOrNothingWithTheLinesThatFailed() throws {
        let f = try ContractFixture()
        let problems = try f.store.addUsers([(2, User(email: "ann@acme.example")), (3, User(email: "ANN@acme.example")),
                                             (4, User(email: "not-an-email"))])
        #expect(problems.map(\.line) == [3, 4])
        #expect(try f.store.users().count == 1, "nothing imported")
        #expect(try f.store.addUsers([(2, User(email: "ann@acme.example")), (3, User(email: "bob@acme.example"))]).isEmpty)
        #expect(try f.store.users().count == 3)
    }

    @Test(arguments: [(LearnerIdentification.email, "Ann@Acme.example", 1), (.username, "ann", 1), (.username, "ANN", 0),
                      (.externalId, "EMP-ann", 1), (.externalId, "emp-ann", 0)])
    func learnersAreFoundByTheIntegrationsIdentifier(mode: LearnerIdentification, value: String, found: Int) throws {
        let f = try ContractFixture()
        _ = try f.learner("ann")
        #expect(try f.store.users(matching: value, by: mode).count == found)
    }

    @Test func rolesAreOnePerUserAndGroupAndAPlatformAdminIsListed() throws {
        let f = try ContractFixture()
        let ann = try f.learner("ann")
        try f.store.setMember(groupId: f.group.id!, email: "ann@acme.example", role: .learner)
        try f.store.setMember(groupId: f.group.id!, email: "ann@acme.example", role: .coach)
        #expect(try f.store.role(userId: ann, groupId: f.group.id!) == .coach)
        #expect(try f.store.members(groupId: f.group.id!).map(\.role).sorted { $0.rawValue < $1.rawValue } == [.coach, .groupAdmin])
        #expect(try f.store.platformAdminEmails().isEmpty)
        try f.store.setMember(groupId: f.group.id!, email: "ann@acme.example", role: .platformAdmin)
        #expect(try f.store.platformAdminEmails() == ["ann@acme.example"])
        let actor = try f.store.actingUser(email: "ANN@acme.example", groupId: f.group.id!, courseId: nil)
        #expect(actor.userId == ann && actor.rules.isPlatformAdmin)
    }

    @Test func publicSubgroupsSkipPrivateBranches() throws {
        let f = try ContractFixture()
        let sales = try f.store.addGroup(name: "Sales", parentId: f.group.id, isPrivate: false)
        let secret = try f.store.addGroup(name: "Board", parentId: f.group.id, isPrivate: true)
        _ = try f.store.addGroup(name: "Board minutes", parentId: secret.id, isPrivate: false)
        let emea = try f.store.addGroup(name: "Sales EMEA", parentId: sales.id, isPrivate: false)
        #expect(Set(try f.store.publicSubgroups(of: f.group.id!)) == [sales.id!, emea.id!])
    }

    @Test func aLibraryHoldsACourseOnceAndSaysWhoAddedIt() throws {
        let f = try ContractFixture()
        let course = try f.createCourses([1])[0]
        let other = try f.store.addGroup(name: "Support", parentId: nil, isPrivate: false)
        #expect(try f.store.addToLibrary(courseId: course, groupId: other.id!, addedBy: f.admin.id!))
        #expect(try !f.store.addToLibrary(courseId: course, groupId: other.id!, addedBy: f.admin.id!))
        #expect(try f.store.library(groupId: other.id!).map(\.addedBy) == ["admin@acme.example"])
        #expect(try f.store.library(groupId: f.group.id!).map(\.addedBy) == [nil], "the sync put it in its own group's library")
        #expect(try f.store.removeFromLibrary(courseId: course, groupId: other.id!))
        #expect(try !f.store.libraryContains(groupId: other.id!, courseId: course))
    }

    @Test func aPathKeepsItsStepsInOrderOnceEachAndALearnersStanding() throws {
        let f = try ContractFixture()
        let courses = try f.createCourses([1, 2])
        let path = try f.store.addPath(name: "  Onboarding ", groupId: f.group.id!, linear: true, createdBy: f.admin.id!)
        #expect(path.name == "Onboarding" && path.isLinear)
        #expect(try f.store.addPathStep(pathId: path.id, courseId: courses[1]) == 1)
        #expect(try f.store.addPathStep(pathId: path.id, courseId: courses[0]) == 2)
        #expect(throws: StoreError.self) { try f.store.addPathStep(pathId: path.id, courseId: courses[0]) }
        let ann = try f.learner("ann")
        #expect(try f.store.enroll(pathId: path.id, userId: ann))
        #expect(try !f.store.enroll(pathId: path.id, userId: ann))
        try f.store.statisticsTransaction { tx in
            try tx.saveAttempts([Attempt(userId: ann, courseId: courses[1], startedAt: ContractFixture.t0, completionStatus: .completed)])
        }
        let report = try f.store.pathReport(pathId: path.id, learnerEmail: "ann@acme.example")
        #expect(report.steps.map(\.course.id) == [courses[1], courses[0]])
        #expect(report.steps.map(\.status) == ["completed", "not-started"])
        #expect(report.enrolled == true)
        #expect(try f.store.pathReport(pathId: path.id).learner == nil)
    }

    @Test func theEventLogIsReadNewestFirstAndFiltered() throws {
        let f = try ContractFixture()
        try f.store.appendEvent(.syncStarted, integrationId: f.integration.id, message: "sync started")
        try f.store.appendEvent(.tokenFailure, severity: .warning, integrationId: nil, message: "bad secret from 10.0.0.1")
        try f.store.appendEvent(.syncEnded, integrationId: f.integration.id, message: "sync ended: 3 created")
        #expect(try f.store.events(EventQuery()).map(\.message) == ["sync ended: 3 created", "bad secret from 10.0.0.1", "sync started"])
        #expect(try f.store.events(EventQuery(kinds: [.tokenFailure])).map(\.severity) == [.warning])
        #expect(try f.store.events(EventQuery(integrationId: f.integration.id)).count == 2)
        #expect(try f.store.events(EventQuery(text: "CREATED")).count == 1)
        #expect(try f.store.events(EventQuery(limit: 1)).count == 1)
    }
}
