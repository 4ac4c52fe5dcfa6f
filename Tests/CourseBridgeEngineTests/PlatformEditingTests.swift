import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import CourseBridgeTestSupport
import Foundation
import Testing

/// What may be edited on a synchronized course: skills and manual tags yes; title, description, content,
/// deletion and synced tags no, for anyone (seed 002).
struct PlatformEditingTests {
    @Test func skillsAreAddedAndRemovedByEditorsOfAGroupThatHasTheCourse() throws {
        let f = try PlatformFixture()
        #expect(try f.editing.addSkill(courseId: 1, skill: " Container orchestration ", actingEmail: "author@acme.example"))
        #expect(try !f.editing.addSkill(courseId: 1, skill: "Container orchestration", actingEmail: "admin1@acme.example"))
        #expect(try f.store.courseDetails(id: 1).skills == ["Container orchestration"])
        try f.editing.removeSkill(courseId: 1, skill: "container ORCHESTRATION", actingEmail: "author@acme.example")
        #expect(try f.store.courseDetails(id: 1).skills.isEmpty)
        #expect(throws: StoreError.notFound("course 1 has no skill 'Kubernetes'")) {
            try f.editing.removeSkill(courseId: 1, skill: "Kubernetes", actingEmail: "author@acme.example")
        }
    }

    @Test func editingSkillsNeedsARoleWhereTheCourseIs() throws {
        let f = try PlatformFixture()
        // editor2's group 2 does not have course 1 yet.
        #expect(throws: StoreError.refused("editor2@acme.example cannot edit the skills of course 1: it needs the group-admin, editor or contributor role in a group whose library has the course (editor2@acme.example has no role in a group whose library has course 1)")) {
            try f.editing.addSkill(courseId: 1, skill: "Cloud", actingEmail: "editor2@acme.example")
        }
        #expect(throws: StoreError.refused("coach1@acme.example cannot edit the tags of course 1: it needs the group-admin, editor or contributor role in a group whose library has the course (coach1@acme.example is only coach there)")) {
            try f.editing.addTag(courseId: 1, tag: "Cloud", actingEmail: "coach1@acme.example")
        }
        try f.editing.addToLibrary(courseId: 1, groupId: 2, actingEmail: "editor2@acme.example")
        #expect(try f.editing.addSkill(courseId: 1, skill: "Cloud", actingEmail: "editor2@acme.example"))
        #expect(try f.editing.addSkill(courseId: 1, skill: "Ops", actingEmail: "platform@acme.example"))
    }

    @Test func manualTagsAreEditableSyncedTagsAreNotEvenForAPlatformAdmin() throws {
        let f = try PlatformFixture()
        #expect(try f.editing.addTag(courseId: 1, tag: "Onboarding", actingEmail: "author@acme.example"))
        #expect(try !f.editing.addTag(courseId: 1, tag: "onboarding", actingEmail: "author@acme.example"))
        let synced = "tag 'Cloud Computing' of course 1 is synchronized from LinkedIn Learning: synced tags cannot be removed by hand; they follow the integration's tag sync setting (coursebridge integration tags ID on|off)"
        for email in ["author@acme.example", "platform@acme.example", "learner2@acme.example"] {
            #expect(throws: StoreError.refused(synced)) { try f.editing.removeTag(courseId: 1, tag: "Cloud Computing", actingEmail: email) }
        }
        #expect(throws: StoreError.self) { try f.editing.removeTag(courseId: 1, tag: "Onboarding", actingEmail: "learner2@acme.example") }
        try f.editing.removeTag(courseId: 1, tag: "Onboarding", actingEmail: "admin1@acme.example")
        let tags = try f.store.courseDetails(id: 1).tags
        #expect(tags == [CourseDetails.Tag(name: "Cloud Computing", source: .synced)])
        #expect(throws: StoreError.notFound("course 1 has no tag 'Nope'; see its tags with: coursebridge course show 1")) {
            try f.editing.removeTag(courseId: 1, tag: "Nope", actingEmail: "admin1@acme.example")
        }
    }

    /// A manual tag with a synced tag's name is the manual one that goes; the synced one stays.
    @Test func removingASameNamedManualTagLeavesTheSyncedOne() throws {
        let f = try PlatformFixture()
        try f.editing.addTag(courseId: 2, tag: "Leadership", actingEmail: "author@acme.example")
        try f.editing.removeTag(courseId: 2, tag: "Leadership", actingEmail: "author@acme.example")
        #expect(try f.store.courseDetails(id: 2).tags == [CourseDetails.Tag(name: "Leadership", source: .synced)])
    }

    @Test(arguments: ["author@acme.example", "platform@acme.example", "admin1@acme.example", "learner2@acme.example"])
    func titleDescriptionAndDeletionAreRefusedToEveryone(email: String) throws {
        let f = try PlatformFixture()
        #expect(throws: StoreError.refused("course 2 is synchronized from LinkedIn Learning: its title, description and content cannot be edited here; they follow the provider at each sync")) {
            try f.editing.editCourse(courseId: 2, title: "Mine now", description: nil, actingEmail: email)
        }
        #expect(throws: StoreError.refused("course 2 is synchronized from LinkedIn Learning: it cannot be deleted here; it is archived when LinkedIn Learning retires it")) {
            try f.editing.deleteCourse(courseId: 2, actingEmail: email)
        }
        let course = try f.store.course(id: 2)
        #expect(course.title == "Leading Teams" && course.description == "Leadership for new managers.")
    }

    /// Manual tags and skills survive a sync that changes the provider's metadata and, tag sync turned off,
    /// takes the synced tags away.
    @Test func manualTagsAndSkillsSurviveASyncThatChangesTheProvidersMetadata() throws {
        let f = try PlatformFixture()
        try f.editing.addTag(courseId: 1, tag: "Onboarding", actingEmail: "author@acme.example")
        try f.editing.addSkill(courseId: 1, skill: "Helm", actingEmail: "author@acme.example")
        try f.store.setTagSync(integrationId: f.integration.id!, enabled: false)
        var integration = f.integration
        integration.tagSync = false

        let known = try #require(try f.store.knownCourses(provider: .linkedin)["li-1"])
        let changed = CatalogItem(providerId: "li-1", title: "Kubernetes: Cluster Operations", description: "Run production clusters.",
                                  categories: ["Cloud Computing", "DevOps"])
        let desired = TagSync.desiredSyncedTags(tagSyncEnabled: false, categories: changed.categories, manualTags: known.known.manualTags)
        let plan = TagSync.plan(currentSynced: known.known.syncedTags, desired: desired)
        var page = PageWrites()
        page.updated = [(courseId: 1, item: changed, changes: CourseChanges(metadata: true, tagsToAdd: plan.add, tagsToRemove: plan.remove))]
        try f.store.apply(page, integration: integration, groups: [1], runId: nil)

        let details = try f.store.courseDetails(id: 1)
        #expect(details.course.title == "Kubernetes: Cluster Operations")
        #expect(details.tags == [CourseDetails.Tag(name: "Onboarding", source: .manual)])
        #expect(details.skills == ["Helm"])
        // The search index followed: new words found, old title words gone, manual tag and skill still found.
        #expect(try f.store.searchCourses("cluster operations").map(\.id) == [1])
        #expect(try f.store.searchCourses("essential").isEmpty)
        #expect(try f.store.searchCourses("onboarding helm").map(\.id) == [1])
        #expect(try f.store.searchCourses("computing").isEmpty, "the synced tag left the index too")
    }
}
