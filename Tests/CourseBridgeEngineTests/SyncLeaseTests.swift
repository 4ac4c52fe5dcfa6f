import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeProviders
import CourseBridgeStore
import Foundation
import Testing

/// Several instances on one database (issue 16): each runs an integration's sync only while it holds the
/// integration's lease, so a due sync runs exactly once, and a dead holder's run is taken over, never archived by it.
struct SyncLeaseTests {
    private static func items(_ count: Int) -> [CatalogItem] {
        (1...count).map { CatalogItem(providerId: "li-\($0)", title: "Course \($0)") }
    }

    /// A second engine ("instance B") on the fixture's store, reading the same listing.
    private func secondInstance(_ f: EngineFixture, leaseSeconds: Double = 60) -> SyncEngine {
        let listing = f.listing
        return SyncEngine(store: f.store, leaseHolder: "host-b:2", leaseSeconds: leaseSeconds, makeSource: { _, _, _ in listing.source })
    }

    @Test func aSyncRunningOnOneInstanceIsRefusedOnAnotherNamingItsHolder() throws {
        let f = try EngineFixture(provider: .linkedin, items: Self.items(9), pageSize: 3)
        f.listing.source.pauseBetweenPages = 100_000
        try f.engine.start(integrationId: f.integration.id!)
        let b = secondInstance(f)
        do {
            try b.start(integrationId: f.integration.id!)
            Issue.record("two instances ran one integration's sync")
        } catch {
            #expect(error.description.contains("is being synchronized by \(SyncLeaseKeeper.holderName())"))
        }
        #expect(f.engine.wait(integrationId: f.integration.id!)?.phase == .succeeded)
        #expect(try f.store.syncLeases().isEmpty, "the lease is given up when the run ends")
        try b.start(integrationId: f.integration.id!)
        #expect(b.wait(integrationId: f.integration.id!)?.phase == .succeeded, "the other instance may run it afterwards")
    }

    @Test func twoSchedulersStartADueSyncOnce() throws {
        let f = try EngineFixture(provider: .linkedin, items: Self.items(6), pageSize: 3)
        f.listing.source.pauseBetweenPages = 100_000
        let tomorrow = Date().addingTimeInterval(86_400 * 2)
        let b = secondInstance(f)
        let schedulers = [Scheduler(store: f.store, engine: f.engine, now: { tomorrow }), Scheduler(store: f.store, engine: b, now: { tomorrow })]
        let started = schedulers.map { $0.tick() }
        _ = f.engine.wait(integrationId: f.integration.id!)
        _ = b.wait(integrationId: f.integration.id!)
        #expect(started.flatMap { $0 } == [f.integration.id!], "exactly one scheduler started it")
        #expect(try f.store.runs(integrationId: f.integration.id!).count == 1)
    }

    @Test func aLostLeaseStopsTheRunBeforeItArchivesAnything() throws {
        let f = try EngineFixture(provider: .linkedin, items: Self.items(6), pageSize: 3)
        try f.sync()
        f.serve(Array(Self.items(6).prefix(2)) + [CatalogItem(providerId: "li-7", title: "New")], pageSize: 1)
        f.listing.source.pauseBetweenPages = 300_000
        let listing = f.listing
        let short = SyncEngine(store: f.store, leaseHolder: "host-a:1", leaseSeconds: 0.3, makeSource: { _, _, _ in listing.source })
        try short.start(integrationId: f.integration.id!, confirmArchive: true)
        // Another instance takes the lease over (as after an expiry), while the run is still reading.
        usleep(150_000)
        try f.store.releaseSyncLease(integrationId: f.integration.id!, holder: "host-a:1")
        #expect(try f.store.acquireSyncLease(integrationId: f.integration.id!, holder: "host-b:2", seconds: 60))
        let final = try #require(short.wait(integrationId: f.integration.id!))
        #expect(final.phase == .failed)
        #expect(final.message?.contains("lost the sync lease") == true)
        #expect(try f.status("li-5") == .active, "nothing archived by the instance that lost the lease")
    }

    @Test func aDeadHoldersRunIsMarkedInterruptedAfterTheLeaseExpiresAndTakenOver() throws {
        let f = try EngineFixture(provider: .linkedin, items: Self.items(3), pageSize: 3)
        // Instance A died mid-run: its run is still "running", its lease expires shortly.
        let run = try f.store.createRun(integrationId: f.integration.id!, trigger: .schedule)
        #expect(try f.store.acquireSyncLease(integrationId: f.integration.id!, holder: "host-a:1", seconds: 0.2))
        #expect(try f.store.markInterruptedRuns() == 0, "a live lease: the run may still be going")
        usleep(300_000)
        let tomorrow = Date().addingTimeInterval(86_400 * 2)
        let b = secondInstance(f)
        let started = Scheduler(store: f.store, engine: b, now: { tomorrow }).tick()
        #expect(started == [f.integration.id!], "the surviving instance takes the run over")
        #expect(b.wait(integrationId: f.integration.id!)?.phase == .succeeded)
        let runs = try f.store.runs(integrationId: f.integration.id!)
        #expect(runs.first { $0.id == run }?.outcome == .interrupted)
        #expect(runs.first?.outcome == .succeeded)
    }
}
