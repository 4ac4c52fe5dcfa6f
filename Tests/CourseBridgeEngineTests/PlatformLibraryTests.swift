import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport
import Foundation
import Testing

/// Libraries through the store: who may add a synchronized course where (seed 002 "From there").
struct PlatformLibraryTests {
    /// (acting user, target group) → nil when allowed, else a part of the refusal.
    static let addRows: [(String, Int64, String?)] = [
        ("author@acme.example", 1, nil),                 // editor of the synchronized group: own library
        ("coach1@acme.example", 3, nil),                 // coach of the synchronized group: another group's library
        ("admin1@acme.example", 3, nil),                 // group admin of the synchronized group: another group's library
        ("editor2@acme.example", 2, nil),                // editor of group 2: own library
        ("contributor2@acme.example", 2, nil),
        ("admin2@acme.example", 2, nil),
        ("coach2@acme.example", 2, nil),
        ("platform@acme.example", 3, nil),               // platform admin (member of group 2 only) anywhere
        ("author@acme.example", 3, "author@acme.example has no role there"),   // an editor only in their own group
        ("editor2@acme.example", 3, "editor2@acme.example has no role there"),
        ("learner2@acme.example", 2, "learner2@acme.example is learner there"),
        ("outsider@acme.example", 2, "outsider@acme.example has no role there"),
    ]

    @Test(arguments: addRows)
    func addToLibraryByRole(email: String, group: Int64, refusal: String?) throws {
        let f = try PlatformFixture()
        if let refusal {
            let error = #expect(throws: StoreError.self) { try f.editing.addToLibrary(courseId: 1, groupId: group, actingEmail: email) }
            guard case .refused(let message) = error else { Issue.record("expected a refusal, got \(String(describing: error))"); return }
            #expect(message.hasPrefix("\(email) cannot add course 1 to the library of group \(group): it needs the group-admin, coach, editor or contributor role"))
            #expect(message.contains(refusal))
            #expect(try !f.store.libraryContains(groupId: group, courseId: 1))
        } else {
            #expect(try f.editing.addToLibrary(courseId: 1, groupId: group, actingEmail: email) == (group != 1))
            #expect(try f.store.libraryContains(groupId: group, courseId: 1))
        }
    }

    @Test func syncedCoursesAreInTheSynchronizedGroupsLibraryAndAddedOnesNameWhoAddedThem() throws {
        let f = try PlatformFixture()
        #expect(try f.store.library(groupId: 1).map(\.course.id) == [1, 2, 3])
        #expect(try f.store.library(groupId: 1).allSatisfy { $0.addedBy == nil })
        #expect(try f.editing.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example"))
        #expect(try !f.editing.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example"), "already there")
        let entries = try f.store.library(groupId: 2)
        #expect(entries.map(\.course.id) == [2])
        #expect(entries.first?.addedBy == "editor2@acme.example")
    }

    @Test func removeFromLibraryNeedsTheSameRolesAndKeepsTheCourse() throws {
        let f = try PlatformFixture()
        try f.editing.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example")
        #expect(throws: StoreError.self) { try f.editing.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "learner2@acme.example") }
        #expect(try f.editing.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "contributor2@acme.example"))
        #expect(try !f.editing.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "contributor2@acme.example"))
        #expect(try f.store.library(groupId: 2).isEmpty)
        #expect(try f.store.course(id: 2).title == "Leading Teams", "the course itself stays")
    }

    @Test func anArchivedCourseCannotJoinALibrary() throws {
        let f = try PlatformFixture()
        try f.store.archiveCourses([3])
        #expect(throws: StoreError.refused("course 3 is archived (retired at LinkedIn Learning): archived courses cannot be added to libraries or paths")) {
            try f.editing.addToLibrary(courseId: 3, groupId: 2, actingEmail: "editor2@acme.example")
        }
    }

    @Test func unknownActorCourseOrGroupSayWhatToDo() throws {
        let f = try PlatformFixture()
        #expect(throws: StoreError.notFound("no user with email ghost@acme.example; add one with: coursebridge user add --email ghost@acme.example")) {
            try f.editing.addToLibrary(courseId: 1, groupId: 2, actingEmail: "ghost@acme.example")
        }
        #expect(throws: StoreError.notFound("no course with id 99; list them with: coursebridge courses")) {
            try f.editing.addToLibrary(courseId: 99, groupId: 2, actingEmail: "editor2@acme.example")
        }
        #expect(throws: StoreError.self) { try f.store.library(groupId: 42) }
    }
}
