import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import Testing

/// Issue 17, findings 1 and 2, at the engine: a held run carries the guard's own count, and a deactivation can be undone.
@Suite struct DeactivationAndHoldTests {
    @Test func aHeldRunCarriesTheCountTheGuardHeld() throws {
        let f = try EngineFixture(provider: .coursera, items: (1...10).map { course("\($0)") })
        try f.sync()
        f.serve([course("99")])   // the provider lost every course but one new one
        let held = try f.sync()
        #expect(held.phase == .held)
        #expect(held.counts.archived == 0, "nothing was archived")
        #expect(held.heldArchive == HeldArchive(courses: 10, activeCourses: 10, threshold: MassArchiveGuard.defaultThreshold))
        #expect(held.heldArchive?.shareText == "10 of 10 active courses (100%)")
        #expect(held.message?.contains("would archive 10 of 10 active courses (100%)") == true, "the message says the same")
        let confirmed = try f.sync(confirmArchive: true)
        #expect(confirmed.counts.archived == held.heldArchive?.courses, "confirming archives exactly that many")
        #expect(confirmed.heldArchive == nil)
    }

    @Test func activatingADeactivatedIntegrationResumesSyncAndTheNextSyncRestoresTheCourses() throws {
        let f = try EngineFixture(provider: .edx, items: (1...4).map { course("\($0)") })
        try f.sync()
        let id = f.integration.id!
        #expect(try f.store.deactivate(integrationId: id) == 4)
        #expect(throws: EngineError.self) { try f.engine.start(integrationId: id) }

        try f.store.activate(integrationId: id)
        #expect(try f.store.integration(id: id).state == .active)
        #expect(try f.status("1") == .archived, "courses come back with the next sync, not before")
        f.serve((1...3).map { course("\($0)") })   // course 4 left the provider while deactivated
        let run = try f.sync()
        #expect(run.phase == .succeeded)
        #expect(try (1...3).allSatisfy { try f.status("\($0)") == .active })
        #expect(try f.status("4") == .archived, "a course the provider dropped stays archived")
    }

    @Test func activationIsRefusedWhileTheGroupHasAnotherActiveIntegrationOfTheProvider() throws {
        let f = try EngineFixture(provider: .edx, items: [course("1")])
        let id = f.integration.id!
        try f.store.deactivate(integrationId: id)
        let replacement = try f.store.addIntegration(provider: .edx, groupId: f.group.id!, authorEmail: "admin@acme.example",
                                                     apiBase: nil, tokenURL: nil)
        #expect(throws: StoreError.conflict("group \(f.group.id!) already has an active edX integration (id \(replacement.id!)); "
            + "deactivate it first with: coursebridge integration deactivate \(replacement.id!)")) {
            try f.store.activate(integrationId: id)
        }
        #expect(throws: StoreError.conflict("integration \(replacement.id!) is already active")) {
            try f.store.activate(integrationId: replacement.id!)
        }
    }
}
