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

    struct SyncCase: Sendable, CustomTestStringConvertible {
        var enabled: Bool
        var categories: [String]
        var current: [String]
        var manual: [String]
        var expected: TagSync.Plan
        var testDescription: String { "\(enabled ? "on" : "off") \(categories) over \(current), manual \(manual)" }
    }

    /// The one-call plan a sync uses (with its fast path for unchanged tags) gives exactly what the rules give.
    @Test(arguments: [
        SyncCase(enabled: true, categories: ["Excel", "Business"], current: ["Business", "Excel"], manual: [], expected: TagSync.Plan()),
        SyncCase(enabled: true, categories: ["Excel", "Business"], current: ["Excel"], manual: [], expected: TagSync.Plan(add: ["Business"])),
        SyncCase(enabled: true, categories: ["Excel"], current: ["Excel", "Old"], manual: [], expected: TagSync.Plan(remove: ["Old"])),
        SyncCase(enabled: false, categories: ["Excel"], current: ["Excel"], manual: [], expected: TagSync.Plan(remove: ["Excel"])),
        SyncCase(enabled: true, categories: ["Excel"], current: ["Excel"], manual: ["excel"], expected: TagSync.Plan(remove: ["Excel"])),
        SyncCase(enabled: true, categories: [" Excel "], current: ["Excel"], manual: [], expected: TagSync.Plan()),
        SyncCase(enabled: true, categories: ["Excel", "excel"], current: ["Excel", "excel"], manual: [], expected: TagSync.Plan()),
        SyncCase(enabled: true, categories: [], current: [], manual: [], expected: TagSync.Plan()),
    ])
    func aSyncsPlanFollowsTheRules(_ c: SyncCase) {
        let viaRules = TagSync.plan(currentSynced: c.current,
                                    desired: TagSync.desiredSyncedTags(tagSyncEnabled: c.enabled, categories: c.categories, manualTags: c.manual))
        #expect(TagSync.plan(tagSyncEnabled: c.enabled, categories: c.categories, currentSynced: c.current, manualTags: c.manual) == c.expected)
        #expect(viaRules == c.expected)
    }
}
