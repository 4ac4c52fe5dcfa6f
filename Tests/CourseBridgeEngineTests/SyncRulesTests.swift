import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import Testing

/// The catalog rules of the seeds, applied by the engine to what a provider lists, run after run.
@Suite struct SyncRulesTests {
    @Test func createdUpdatedArchivedIgnoredAsSeed002Says() throws {
        let f = try EngineFixture(provider: .linkedin, items: [course("1"), course("2"), course("3"), course("4", retired: true),
                                                                course("5", type: ContentType.video)])
        let first = try f.sync()
        #expect(first.phase == .succeeded)
        #expect(first.counts == SyncPlanCounts(created: 3, updated: 0, archived: 0, ignored: 2, unchanged: 0),
                "retired and never imported → ignored; a VIDEO is not synchronized")
        #expect(try f.status("5") == nil)

        f.serve([course("1", title: "Course 1, 2nd edition"), course("2"), course("3", retired: true)])
        let second = try f.sync(confirmArchive: true)
        #expect(second.counts == SyncPlanCounts(created: 0, updated: 1, archived: 1, ignored: 0, unchanged: 1))
        #expect(try f.status("3") == .archived)
        #expect(try f.store.courses(CourseQuery(integrationId: f.integration.id)).first { $0.providerId == "1" }?.title == "Course 1, 2nd edition")
    }

    @Test func unchangedItemsCostNoWrite() throws {
        let f = try EngineFixture(provider: .edx, items: (1...9).map { course("\($0)") })
        try f.sync()
        let before = try f.count("SELECT total_changes()")
        let again = try f.sync()
        #expect(again.counts.unchanged == 9 && again.counts.updated == 0)
        let courseWrites = try f.count("SELECT COUNT(*) FROM course WHERE updated_at != created_at")
        #expect(courseWrites == 0)
        _ = before
    }

    @Test func courseraCoursesGoToTheGroupAndEveryPublicSubgroupNeverPrivateOnes() throws {
        let f = try EngineFixture(provider: .coursera, items: [course("c1")], subgroups: true)
        try f.sync()
        #expect(try f.count("SELECT COUNT(*) FROM catalog_entry") == 3, "group + public sub + public sub-sub")
        #expect(try f.count("SELECT COUNT(*) FROM library_entry") == 3)
        #expect(try f.count(#"SELECT COUNT(*) FROM catalog_entry e JOIN "group" g ON g.id = e.group_id WHERE g.is_private = 1"#) == 0)
    }

    @Test func otherProvidersUseOnlyTheSynchronizedGroup() throws {
        let f = try EngineFixture(provider: .edx, items: [course("e1")], subgroups: true)
        try f.sync()
        #expect(try f.count("SELECT COUNT(*) FROM catalog_entry") == 1)
        #expect(try f.count("SELECT COUNT(*) FROM library_entry") == 1)
    }

    @Test func courseraAndEdXArchiveWhatDisappearsSkillsoftKeepsIt() throws {
        for (provider, expected) in [(Provider.coursera, CourseStatus.archived), (.edx, .archived), (.skillsoft, .active)] {
            let f = try EngineFixture(provider: provider, items: (1...10).map { course("\($0)") })
            try f.sync()
            f.serve((1...9).map { course("\($0)") })
            let run = try f.sync()
            #expect(run.phase == .succeeded, "\(provider)")
            #expect(try f.status("10") == expected, "\(provider): a course the API stops returning")
        }
    }

    @Test func skillsoftRetiredStatusArchives() throws {
        let f = try EngineFixture(provider: .skillsoft, items: (1...10).map { course("\($0)", type: ContentType.book) })
        try f.sync()
        f.serve((1...10).map { course("\($0)", type: ContentType.book, retired: $0 == 1) })
        #expect(try f.sync().counts.archived == 1)
        #expect(try f.status("1") == .archived)
    }

    @Test func anIncompleteListingArchivesNothing() throws {
        let f = try EngineFixture(provider: .edx, items: (1...9).map { course("\($0)") })
        try f.sync()
        f.serve([course("1", retired: true), course("10")] + (2...9).map { course("\($0)") } + [course("11")])
        f.listing.source.failAfterPages = 2
        let run = try f.sync()
        #expect(run.phase == .failed)
        #expect(run.message?.contains("nothing was archived") == true)
        #expect(try f.status("1") == .active, "retired on page 1, but the listing broke on page 3")
        #expect(try f.status("10") == .active, "a course from a page read before the failure is kept")
        #expect(try f.status("11") == nil, "never listed")
        let recorded = try f.store.runs(integrationId: f.integration.id).first
        #expect(recorded?.outcome == .failed)
        #expect(recorded?.errors.first?.message.contains("not JSON") == true)
    }

    @Test func anEmptyCatalogIsHeldUntilConfirmed() throws {
        let f = try EngineFixture(provider: .coursera, items: (1...10).map { course("\($0)") })
        try f.sync()
        f.serve((1...7).map { course("\($0)") } + [course("11")])
        let held = try f.sync()
        #expect(held.phase == .held, "3 of 10 active (30%) is more than 20%")
        #expect(held.counts.created == 1, "creates still apply")
        #expect(try f.count("SELECT COUNT(*) FROM course WHERE status = 'archived'") == 0)
        #expect(held.message?.contains("--confirm-archive") == true)
        let confirmed = try f.sync(confirmArchive: true)
        #expect(confirmed.phase == .succeeded && confirmed.counts.archived == 3)
    }

    @Test func exactlyTheThresholdProceeds() throws {
        let f = try EngineFixture(provider: .edx, items: (1...10).map { course("\($0)") })
        try f.sync()
        f.serve((1...8).map { course("\($0)") })
        #expect(try f.sync().counts.archived == 2)
    }

    @Test func tagSyncOnAddsSyncedTagsOffRemovesThemManualTagsStay() throws {
        let items = [course("1", categories: ["Leadership", "Business"])]
        let f = try EngineFixture(provider: .linkedin, items: items)
        try f.sync()
        #expect(try f.count("SELECT COUNT(*) FROM course_tag") == 0, "tag sync is off by default")
        try f.store.setTagSync(integrationId: f.integration.id!, enabled: true)
        #expect(try f.sync().counts.updated == 1)
        #expect(try f.count("SELECT COUNT(*) FROM course_tag WHERE source = 'synced'") == 2)
        try f.store.writer.write { db in try db.execute(sql: "INSERT INTO course_tag(course_id, name, source) SELECT id, 'Onboarding', 'manual' FROM course") }
        try f.store.setTagSync(integrationId: f.integration.id!, enabled: false)
        try f.sync()
        #expect(try f.count("SELECT COUNT(*) FROM course_tag WHERE source = 'synced'") == 0)
        #expect(try f.count("SELECT COUNT(*) FROM course_tag WHERE source = 'manual'") == 1)
    }

    @Test func savingAFilterArchivesNonMatchingAtOnceAndLaterSyncsRespectIt() throws {
        let items = [course("en1", languages: ["en"]), course("fr1", languages: ["fr"]), course("de1", type: ContentType.book, languages: ["de"]),
                     course("fr2", type: ContentType.book, languages: ["fr"])]
        let f = try EngineFixture(provider: .skillsoft, items: items)
        try f.sync()
        let filter = CatalogFilter(languages: ["fr", "de"], contentTypes: [ContentType.book])
        let preview = try CatalogFilterSettings(store: f.store).impact(integrationId: f.integration.id!, filter: filter)
        #expect(Set(preview.map(\.providerId)) == ["en1", "fr1"], "(fr OR de) AND book")
        #expect(try f.status("en1") == .active, "a preview changes nothing")
        let archived = try CatalogFilterSettings(store: f.store).save(integrationId: f.integration.id!, filter: filter)
        #expect(archived.count == 2)
        #expect(try f.status("fr2") == .active && f.status("de1") == .active)
        f.serve(items + [course("en2")])
        let run = try f.sync()
        #expect(run.counts.created == 0 && run.counts.ignored >= 1, "a new English course stays out")
    }

    @Test func deactivateArchivesEverythingAndStopsSyncs() throws {
        let f = try EngineFixture(provider: .edx, items: (1...4).map { course("\($0)") })
        try f.sync()
        #expect(try f.store.deactivate(integrationId: f.integration.id!) == 4)
        #expect(throws: EngineError.self) { try f.engine.start(integrationId: f.integration.id!) }
    }

    @Test func aDuplicateFromAnotherIntegrationIsWarnedNotImportedTwice() throws {
        let f = try EngineFixture(provider: .linkedin, items: [course("1")])
        try f.sync()
        let other = try f.store.addGroup(name: "Other", parentId: nil, isPrivate: false)
        try f.store.setMember(groupId: other.id!, email: "admin@acme.example", role: .editor)
        let second = try f.store.addIntegration(provider: .linkedin, groupId: other.id!, authorEmail: "admin@acme.example", apiBase: nil, tokenURL: nil)
        try f.store.setCredentials(integrationId: second.id!, values: ["client_id": "x", "client_secret": "y"])
        try f.engine.start(integrationId: second.id!)
        let run = try #require(f.engine.wait(integrationId: second.id!))
        #expect(run.counts.created == 0)
        let warnings = try f.store.runs(integrationId: second.id).first?.errors ?? []
        #expect(warnings.first?.kind == .warning)
        #expect(warnings.first?.message.contains("already exists through integration 1") == true)
        #expect(try f.count("SELECT COUNT(*) FROM course") == 1)
    }

    @Test func aDryRunWritesNothing() throws {
        let f = try EngineFixture(provider: .edx, items: (1...5).map { course("\($0)") })
        let plan = try f.sync(dryRun: true)
        #expect(plan.counts.created == 5 && plan.message == "dry run: nothing was written")
        #expect(try f.count("SELECT COUNT(*) FROM course") == 0)
        #expect(try f.count("SELECT COUNT(*) FROM sync_run") == 0)
    }

    @Test func oneRunPerIntegrationAndCancelArchivesNothing() throws {
        let f = try EngineFixture(provider: .edx, items: (1...30).map { course("\($0)") }, pageSize: 1)
        try f.sync()
        f.serve((2...30).map { course("\($0)") }, pageSize: 1)
        f.listing.source.pauseBetweenPages = 20_000
        try f.engine.start(integrationId: f.integration.id!)
        #expect {
            try f.engine.start(integrationId: f.integration.id!)
        } throws: { error in
            (error as? EngineError)?.description.contains("is already syncing") == true
        }
        f.engine.cancel(integrationId: f.integration.id!)
        let run = try #require(f.engine.wait(integrationId: f.integration.id!))
        #expect(run.phase == .cancelled)
        #expect(try f.status("1") == .active)
        #expect(try f.store.runs(integrationId: f.integration.id).first?.outcome == .cancelled)
    }

    @Test func progressIsPublishedPageByPage() throws {
        let f = try EngineFixture(provider: .edx, items: (1...9).map { course("\($0)") })
        let seen = ProgressLog()
        _ = f.engine.subscribe { seen.append($0) }
        try f.sync()
        let pages = seen.all.filter { $0.phase == .listing }.map(\.pages)
        #expect(pages.contains(1) && pages.contains(3))
        #expect(seen.all.last?.phase == .succeeded)
        #expect(seen.all.last?.fraction == 1)
    }
}

final class ProgressLog: @unchecked Sendable {  // guarded by the lock
    private let lock = NSLock()
    private var events: [SyncProgress] = []
    func append(_ p: SyncProgress) { lock.lock(); events.append(p); lock.unlock() }
    var all: [SyncProgress] { lock.lock(); defer { lock.unlock() }; return events }
}
