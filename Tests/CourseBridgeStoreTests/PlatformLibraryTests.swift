import CourseBridgeCore
import CourseBridgeStore
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
            let error = #expect(throws: StoreError.self) { try f.store.addToLibrary(courseId: 1, groupId: group, actingEmail: email) }
            guard case .refused(let message) = error else { Issue.record("expected a refusal, got \(String(describing: error))"); return }
            #expect(message.hasPrefix("\(email) cannot add course 1 to the library of group \(group): it needs the group-admin, coach, editor or contributor role"))
            #expect(message.contains(refusal))
            #expect(try !f.store.libraryContains(groupId: group, courseId: 1))
        } else {
            #expect(try f.store.addToLibrary(courseId: 1, groupId: group, actingEmail: email) == (group != 1))
            #expect(try f.store.libraryContains(groupId: group, courseId: 1))
        }
    }

    @Test func syncedCoursesAreInTheSynchronizedGroupsLibraryAndAddedOnesNameWhoAddedThem() throws {
        let f = try PlatformFixture()
        #expect(try f.store.library(groupId: 1).map(\.course.id) == [1, 2, 3])
        #expect(try f.store.library(groupId: 1).allSatisfy { $0.addedBy == nil })
        #expect(try f.store.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example"))
        #expect(try !f.store.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example"), "already there")
        let entries = try f.store.library(groupId: 2)
        #expect(entries.map(\.course.id) == [2])
        #expect(entries.first?.addedBy == "editor2@acme.example")
    }

    @Test func removeFromLibraryNeedsTheSameRolesAndKeepsTheCourse() throws {
        let f = try PlatformFixture()
        try f.store.addToLibrary(courseId: 2, groupId: 2, actingEmail: "editor2@acme.example")
        #expect(throws: StoreError.self) { try f.store.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "learner2@acme.example") }
        #expect(try f.store.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "contributor2@acme.example"))
        #expect(try !f.store.removeFromLibrary(courseId: 2, groupId: 2, actingEmail: "contributor2@acme.example"))
        #expect(try f.store.library(groupId: 2).isEmpty)
        #expect(try f.store.course(id: 2).title == "Leading Teams", "the course itself stays")
    }

    @Test func anArchivedCourseCannotJoinALibrary() throws {
        let f = try PlatformFixture()
        try f.store.archiveCourses([3])
        #expect(throws: StoreError.refused("course 3 is archived (retired at LinkedIn Learning): archived courses cannot be added to libraries or paths")) {
            try f.store.addToLibrary(courseId: 3, groupId: 2, actingEmail: "editor2@acme.example")
        }
    }

    @Test func unknownActorCourseOrGroupSayWhatToDo() throws {
        let f = try PlatformFixture()
        #expect(throws: StoreError.notFound("no user with email ghost@acme.example; add one with: coursebridge user add --email ghost@acme.example")) {
            try f.store.addToLibrary(courseId: 1, groupId: 2, actingEmail: "ghost@acme.example")
        }
        #expect(throws: StoreError.notFound("no course with id 99; list them with: coursebridge courses")) {
            try f.store.addToLibrary(courseId: 99, groupId: 2, actingEmail: "editor2@acme.example")
        }
        #expect(throws: StoreError.self) { try f.store.library(groupId: 42) }
    }
}

// MARK: - Fixture shared by the Platform*Tests

/// Group 1 "Acme" is LinkedIn Learning's synchronized group (courses 1–3 synced there, tag sync on); groups 2 and 3
/// are other groups. Members: author (editor of 1), admin1, coach1 of 1; admin2, coach2, editor2, contributor2,
/// learner2 of 2; platform (platform admin, member of 2); outsider (no role).
struct PlatformFixture {
    let store: Store
    let integration: Integration

    init(now: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }) throws {
        store = try Store.inMemory(now: now)
        for name in ["Acme", "Sales", "Support"] { _ = try store.addGroup(name: name, parentId: nil, isPrivate: false) }
        let members: [(String, Int64, Role?)] = [
            ("author", 1, .editor), ("admin1", 1, .groupAdmin), ("coach1", 1, .coach),
            ("admin2", 2, .groupAdmin), ("coach2", 2, .coach), ("editor2", 2, .editor), ("contributor2", 2, .contributor),
            ("learner2", 2, .learner), ("platform", 2, .platformAdmin), ("outsider", 2, nil),
        ]
        for (name, group, role) in members {
            _ = try store.addUser(User(email: "\(name)@acme.example"))
            if let role { try store.setMember(groupId: group, email: "\(name)@acme.example", role: role) }
        }
        var integration = try store.addIntegration(provider: .linkedin, groupId: 1, authorEmail: "author@acme.example", apiBase: nil, tokenURL: nil)
        try store.setTagSync(integrationId: integration.id!, enabled: true)
        integration.tagSync = true
        self.integration = integration
        var page = PageWrites()
        page.created = [
            CatalogItem(providerId: "li-1", title: "Kubernetes Essential Training", description: "Deploy containers on a cluster.",
                        categories: ["Cloud Computing"]),
            CatalogItem(providerId: "li-2", title: "Leading Teams", description: "Leadership for new managers.", categories: ["Leadership"]),
            CatalogItem(providerId: "li-3", title: "Excel Tips", description: "Spreadsheets, faster.", categories: ["Office"]),
        ]
        try store.apply(page, integration: integration, groups: [1], runId: nil)
    }
}
