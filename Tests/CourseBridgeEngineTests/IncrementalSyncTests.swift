import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import ProviderSimulator
import Testing

/// Incremental daily syncs against the simulator (issue 18): after a full run, a daily run reads only what changed,
/// applies the retirements it is told of, archives nothing by disappearance; a full run comes back when it is due,
/// after a failure, after a settings change, and when the provider's changes answer looks wrong.
@Suite(.serialized) struct IncrementalSyncTests {
    struct Fixture {
        let sim: SimulatorServer
        let store: Store
        let engine: SyncEngine
        let id: Int64
    }

    func fixture(_ provider: Provider, items: Int = 400, dailyChange: Double = SimulatedCatalog.defaultDailyChange,
                 now: @escaping @Sendable () -> Date = { Date() }) async throws -> Fixture {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: items, seed: 21, credentials: .generated(seed: 21),
                                                                            dailyChange: dailyChange))
        let store = try Store.inMemory()
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: "admin@acme.example", role: .groupAdmin)
        let integration = try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: "admin@acme.example",
                                                   apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
        try store.setCredentials(integrationId: integration.id!, values: sim.credentialValues(for: provider))
        return Fixture(sim: sim, store: store, engine: SyncEngine(store: store, now: now), id: integration.id!)
    }

    func sync(_ f: Fixture, full: Bool = false) throws -> SyncProgress {
        try f.engine.start(integrationId: f.id, confirmArchive: true, forceFull: full)
        return try #require(f.engine.wait(integrationId: f.id))
    }

    /// Provider ids of synchronized items retired on the simulator's current day (active the day before).
    func retiredToday(_ sim: SimulatorServer, _ provider: Provider) -> [String] {
        let today = sim.catalog
        let yesterday = today.onDay(today.day - 1)
        return (0..<yesterday.universeSize).compactMap { index in
            let before = yesterday.item(at: index, for: provider), after = today.item(at: index, for: provider)
            return before.isActiveSynchronized && after.isRetired ? after.providerId : nil
        }
    }

    @Test(arguments: [Provider.linkedin, .coursera, .skillsoft])
    func aDailyRunAfterAFullOneReadsOnlyChanges(_ provider: Provider) async throws {
        let f = try await fixture(provider, items: 1_500)  // about 6 retirements a day
        let first = try sync(f)
        #expect(first.phase == .succeeded, "\(first.message ?? "")")
        #expect(first.listingKind == .full(.firstRun))
        let requestsBefore = f.sim.requestCount

        f.sim.advanceDay()
        let daily = try sync(f)
        #expect(daily.phase == .succeeded, "\(daily.message ?? "")")
        #expect(daily.listingKind?.isFull == false, "\(provider): the daily run is incremental")
        #expect(daily.itemsSeen > 0, "\(provider): the day's changes were read")
        #expect(daily.itemsSeen * 10 <= first.itemsSeen, "\(provider): \(daily.itemsSeen) items read against \(first.itemsSeen) for the full run")
        #expect(f.sim.requestCount - requestsBefore < 6, "\(provider): a couple of requests, not a whole listing")
        #expect(daily.counts.created + daily.counts.updated > 0, "\(provider): new and changed courses applied")

        let active = Set(try f.store.courses(CourseQuery(integrationId: f.id, status: .active)).map(\.providerId))
        let retired = retiredToday(f.sim, provider)
        if provider == .coursera {
            // Coursera retires by disappearance: an incremental read cannot see it, so nothing is archived until a full run.
            #expect(daily.counts.archived == 0)
            #expect(!retired.isEmpty && retired.allSatisfy(active.contains), "retired courses wait for the next full listing")
            let weekly = try sync(f, full: true)
            #expect(weekly.counts.archived == retired.count, "the full listing archives what disappeared")
        } else {
            #expect(!retired.isEmpty)
            #expect(daily.counts.archived == retired.count, "\(provider): the day's retirements are applied at once")
            #expect(retired.allSatisfy { !active.contains($0) })
        }
        let runs = try f.store.runs(integrationId: f.id)
        #expect(runs.map(\.listing) == ["incremental", "full:first-run"] || provider == .coursera)
        await f.sim.stop()
    }

    /// What the simulator changed today for `provider`: new active courses, edited ones (active both days), retired ones.
    func changesToday(_ sim: SimulatorServer, _ provider: Provider) -> (created: Set<String>, edited: Set<String>, retired: Set<String>) {
        let today = sim.catalog, yesterday = sim.catalog.onDay(sim.catalog.day - 1)
        var changes: (created: Set<String>, edited: Set<String>, retired: Set<String>) = ([], [], [])
        for index in 0..<today.universeSize {
            let after = today.item(at: index, for: provider)
            guard index < yesterday.universeSize else {
                if after.isActiveSynchronized { changes.created.insert(after.providerId) }
                continue
            }
            let before = yesterday.item(at: index, for: provider)
            guard before.isActiveSynchronized else { continue }
            if after.isRetired { changes.retired.insert(after.providerId) }
            else if after.isActiveSynchronized, after.title != before.title { changes.edited.insert(after.providerId) }
        }
        return changes
    }

    /// The daily run looks up only each page's courses (issue 18); the outcome must be exactly what a whole load gave:
    /// the changed courses updated, the new ones created, the retired ones archived, every other course as it was.
    @Test(arguments: [Provider.linkedin, .skillsoft])
    func aDailyRunWithOnePercentChangedTouchesExactlyTheChangedCourses(_ provider: Provider) async throws {
        let f = try await fixture(provider, items: 3_000, dailyChange: 0.01)
        #expect(try sync(f).phase == .succeeded)
        let before = Dictionary(uniqueKeysWithValues: try f.store.courses(CourseQuery(integrationId: f.id)).map { ($0.providerId, $0) })

        f.sim.advanceDay()
        let expected = changesToday(f.sim, provider)
        let daily = try sync(f)
        #expect(daily.phase == .succeeded, "\(daily.message ?? "")")
        #expect(daily.listingKind?.isFull == false)
        #expect(daily.counts.created == expected.created.count && !expected.created.isEmpty, "\(provider): new courses")
        #expect(daily.counts.updated == expected.edited.count && !expected.edited.isEmpty, "\(provider): edited courses")
        #expect(daily.counts.archived == expected.retired.count && !expected.retired.isEmpty, "\(provider): retired courses")
        let share = Double(daily.counts.created + daily.counts.updated + daily.counts.archived) / Double(before.count)
        #expect(share > 0.005 && share < 0.02, "\(provider): about 1 % of the catalog changed, got \(share)")

        let after = Dictionary(uniqueKeysWithValues: try f.store.courses(CourseQuery(integrationId: f.id)).map { ($0.providerId, $0) })
        #expect(Set(after.keys) == Set(before.keys).union(expected.created), "\(provider): the new courses and no others were created")
        for (providerId, course) in after {
            if expected.created.contains(providerId) {
                #expect(course.status == .active)
            } else if expected.retired.contains(providerId) {
                #expect(course.status == .archived, "\(providerId) retired")
            } else if expected.edited.contains(providerId) {
                #expect(course.title != before[providerId]?.title, "\(providerId) edited")
                #expect(course.status == .active)
            } else {
                #expect(course == before[providerId], "\(providerId) untouched")
            }
        }
        await f.sim.stop()
    }

    /// The duplicates warning (another way in to the same launch URL) holds on a daily run, which looks the page's new
    /// launch URLs up instead of loading every foreign one.
    @Test func aDailyRunWarnsOfANewCourseAnotherProviderAlreadyLaunches() async throws {
        let f = try await fixture(.linkedin, items: 1_000, dailyChange: 0.01)
        #expect(try sync(f).phase == .succeeded)
        f.sim.advanceDay()
        let new = try #require(changesToday(f.sim, .linkedin).created.sorted().first)
        let url = try #require((0..<f.sim.catalog.universeSize).lazy.map { f.sim.catalog.item(at: $0, for: .linkedin) }
            .first { $0.providerId == new }?.launchURL)
        let edx = try f.store.addIntegration(provider: .edx, groupId: f.store.integration(id: f.id).groupId,
                                             authorEmail: "admin@acme.example", apiBase: nil, tokenURL: nil)
        var page = PageWrites()
        page.create(CatalogItem(providerId: "edx-same", title: "The same course on edX", launchURL: url), tagSync: false)
        try f.store.apply(page, integration: edx, groups: [], runId: nil)

        let daily = try sync(f)
        #expect(daily.listingKind?.isFull == false)
        let record = try #require(try f.store.runs(integrationId: f.id).first)
        #expect(record.errors.contains { $0.kind == .warning && $0.providerId == new && $0.message.contains("already launches \(url)") },
                "\(record.errors.map(\.message))")
        await f.sim.stop()
    }

    @Test func aFullListingComesBackWhenDue() async throws {
        // Eight days later by the engine's clock: the integration's weekly full listing is due.
        let f = try await fixture(.coursera, now: { Date().addingTimeInterval(8 * 86_400) })
        #expect(try sync(f).listingKind == .full(.firstRun))
        f.sim.advanceDay()
        let due = try sync(f)
        #expect(due.listingKind == .full(.periodic))
        #expect(due.counts.archived == retiredToday(f.sim, .coursera).count, "a periodic full run archives by disappearance")
        try f.store.setFullListingInterval(integrationId: f.id, days: 30)
        #expect(try sync(f).listingKind?.isFull == false, "every 30 days: not due after 8")
        await f.sim.stop()
    }

    @Test func aFailedRunMakesTheNextOneFull() async throws {
        let f = try await fixture(.skillsoft)
        #expect(try sync(f).phase == .succeeded)
        f.sim.setFaults(try SimulatorFault.parse("truncated@1"))
        #expect(try sync(f).phase == .failed)
        f.sim.setFaults([])
        let next = try sync(f)
        #expect(next.phase == .succeeded)
        #expect(next.listingKind == .full(.afterFailure))
        #expect(try sync(f).listingKind?.isFull == false, "then incremental again")
        await f.sim.stop()
    }

    @Test func changingFiltersOrTagSyncMakesTheNextRunFull() async throws {
        let f = try await fixture(.linkedin)
        #expect(try sync(f).phase == .succeeded)
        #expect(try sync(f).listingKind?.isFull == false)
        try f.store.setTagSync(integrationId: f.id, enabled: true)
        #expect(try sync(f).listingKind == .full(.settingsChanged))
        try f.store.saveFilters(integrationId: f.id, filter: CatalogFilter(languages: ["en"], contentTypes: []), archiving: [])
        #expect(try sync(f).listingKind == .full(.settingsChanged))
        #expect(try sync(f).listingKind?.isFull == false)
        await f.sim.stop()
    }

    @Test func edXAlwaysReadsItsWholeListing() async throws {
        let f = try await fixture(.edx)
        #expect(try sync(f).listingKind == .full(.notSupported))
        #expect(try sync(f).listingKind == .full(.notSupported), "and every run after")
        await f.sim.stop()
    }

    @Test func aLinkedInChangesAnswerThatLooksWrongFallsBackToAFullListing() async throws {
        // Two days later by the engine's clock: the window is over a day, and the simulator's assets carry older
        // modification times than the window — finding L5's old records.
        let f = try await fixture(.linkedin, now: { Date().addingTimeInterval(2 * 86_400) })
        let first = try sync(f)
        f.sim.advanceDay()
        let run = try sync(f)
        #expect(run.phase == .succeeded, "\(run.message ?? "")")
        #expect(run.listingKind == .full(.deltaLooksWrong))
        #expect(run.itemsSeen >= first.itemsSeen, "the whole listing was read")
        let record = try #require(try f.store.runs(integrationId: f.id).first)
        #expect(record.listing == "full:delta-looks-wrong")
        #expect(record.errors.contains { $0.kind == .warning && $0.message.contains("the whole listing was read instead") })
        await f.sim.stop()
    }
}
