import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import GRDB
import ProviderSimulator
import Testing

/// The real clients against the simulator, day after day: what the platform holds must match what the
/// provider lists, by the seeds' rules.
@Suite(.serialized) struct SimulatorDaysTests {
    func fixture(_ provider: Provider, sim: SimulatorServer) throws -> (Store, SyncEngine, Int64) {
        let store = try Store.inMemory()
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: "admin@acme.example", role: .groupAdmin)
        let integration = try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: "admin@acme.example",
                                                   apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
        try store.setCredentials(integrationId: integration.id!, values: sim.credentialValues(for: provider))
        return (store, SyncEngine(store: store), integration.id!)
    }

    func sync(_ engine: SyncEngine, _ id: Int64, confirm: Bool = true, full: Bool = false) throws -> SyncProgress {
        try engine.start(integrationId: id, confirmArchive: confirm, forceFull: full)
        return try #require(engine.wait(integrationId: id))
    }

    @Test(arguments: Provider.allCases)
    func activeCoursesMatchTheProviderDayAfterDay(_ provider: Provider) async throws {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 400, seed: 11, credentials: .generated(seed: 11)))
        let (store, engine, id) = try fixture(provider, sim: sim)
        var lastActive = 0
        for day in 0..<3 {
            if day > 0 { sim.advanceDay() }
            // Whole listings each day: disappearance (Coursera, edX) archives only on full runs (IncrementalSyncTests).
            let run = try sync(engine, id, full: true)
            #expect(run.phase == .succeeded, "\(provider) day \(day): \(run.message ?? "")")
            let active = try store.courses(CourseQuery(integrationId: id, status: .active)).map(\.providerId)
            let expected = Set(sim.catalog.activeSynchronizedIds(for: provider))
            if provider == .skillsoft || provider == .linkedin {
                // Items the API stops returning stay active (Skillsoft licence expiry; LinkedIn per-locale reads).
                #expect(expected.isSubset(of: Set(active)), "\(provider) day \(day)")
            } else {
                #expect(Set(active) == expected, "\(provider) day \(day)")
            }
            #expect(Set(active).count == active.count, "no duplicate")
            if day > 0 { #expect(run.counts.updated + run.counts.created + run.counts.archived > 0, "\(provider) day \(day) saw changes") }
            lastActive = active.count
        }
        #expect(lastActive > 300)
        await sim.stop()
    }

    @Test func faultsAreRetriedOrFailTheRunCleanly() async throws {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 300, seed: 3, credentials: .generated(seed: 3)))
        let (store, engine, id) = try fixture(.coursera, sim: sim)
        #expect(try sync(engine, id).phase == .succeeded)
        let before = try store.courses(CourseQuery(integrationId: id, status: .active)).count

        sim.setFaults(try SimulatorFault.parse("429@1:1,500@1,expire@1"))
        let recovered = try sync(engine, id)
        #expect(recovered.phase == .succeeded, "429, 500 and an expired token are retried: \(recovered.message ?? "")")

        sim.advanceDay()
        sim.setFaults(try SimulatorFault.parse("truncated@1"))
        let broken = try sync(engine, id)
        #expect(broken.phase == .failed)
        #expect(try store.courses(CourseQuery(integrationId: id, status: .archived)).isEmpty, "a truncated page archives nothing")
        #expect(try store.courses(CourseQuery(integrationId: id, status: .active)).count == before)

        sim.setFaults(try SimulatorFault.parse("badcreds"))
        let refused = try sync(engine, id)
        #expect(refused.phase == .failed)
        #expect(refused.message?.contains("refused") == true, "\(refused.message ?? "")")
        await sim.stop()
    }
}
