import Foundation
import Testing
@testable import CourseBridgeCore

struct TagSyncRulesTests {
    @Test func tagSyncOnCategoriesBecomeSyncedTags() {
        #expect(TagSync.desiredSyncedTags(tagSyncEnabled: true, categories: ["Business", " Excel ", "business", ""])
                == ["Business", "Excel"])
    }

    @Test func tagSyncOffWantsNoSyncedTag() {
        #expect(TagSync.desiredSyncedTags(tagSyncEnabled: false, categories: ["Business"]).isEmpty)
    }

    @Test func aManualTagIsNeverDuplicatedNorRemoved() {
        let desired = TagSync.desiredSyncedTags(tagSyncEnabled: true, categories: ["Leadership", "Excel"], manualTags: ["leadership"])
        #expect(desired == ["Excel"])
        let plan = TagSync.plan(currentSynced: ["Old"], desired: desired)
        #expect(plan == TagSync.Plan(add: ["Excel"], remove: ["Old"]))
    }

    @Test func sameTagsInAnotherCaseIsNoChange() {
        #expect(TagSync.plan(currentSynced: ["excel"], desired: ["Excel"]) == TagSync.Plan())
    }
}
