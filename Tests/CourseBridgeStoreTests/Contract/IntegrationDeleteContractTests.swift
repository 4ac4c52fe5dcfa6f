import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing

/// Deleting an integration, as every backend must do it: only one that never brought anything in.
struct IntegrationDeleteContractTests {
    private func edx(_ f: ContractFixture) throws -> Int64 {
        try f.store.addIntegration(provider: .edx, groupId: f.group.id!, authorEmail: f.admin.email, apiBase: nil, tokenURL: nil).id!
    }

    @Test func anIntegrationNeverSyncedIsDeletedWithItsRunsAndWebhookCredentials() throws {
        let f = try ContractFixture()
        let id = try edx(f)
        try f.store.setCredentials(integrationId: id, values: ["client_id": "x", "client_secret": "y"])
        _ = try f.store.webhookCredentials(integrationId: id, rotate: false)
        // A first sync that failed (wrong credentials) leaves a run and nothing else: still deletable.
        let run = try f.store.createRun(integrationId: id, trigger: .manual)
        try f.store.finishRun(runId: run, progress: SyncProgress(runId: run, integrationId: id, phase: .failed, startedAt: ContractFixture.t0),
                              outcome: .failed, reason: "401 from the provider")
        try f.store.appendEvent(.syncEnded, severity: .error, integrationId: id, message: "sync of \(id) failed")

        try f.store.deleteIntegration(id: id)

        #expect(throws: StoreError.self) { try f.store.integration(id: id) }
        #expect(try f.store.integrations().map(\.id) == [f.integration.id])
        #expect(try f.store.runs(integrationId: nil).allSatisfy { $0.integrationId != id })
        // The event log keeps the line, without the integration.
        #expect(try f.store.events(EventQuery()).contains { $0.message == "sync of \(id) failed" })
        // The provider can be set up again in the group.
        _ = try edx(f)
    }

    @Test func anIntegrationWithCoursesIsRefusedWithTheWayToDeactivateIt() throws {
        let f = try ContractFixture()
        try f.createCourses([1, 2])
        do {
            try f.store.deleteIntegration(id: f.integration.id!)
            Issue.record("an integration with 2 courses was deleted")
        } catch {
            #expect(error.description.contains("cannot be deleted: it holds 2 courses"), "\(error)")
            #expect(error.description.contains("coursebridge integration deactivate \(f.integration.id!)"), "\(error)")
        }
        #expect(try f.store.integration(id: f.integration.id!).state == .active)
        #expect(try f.store.courseCounts(integrationId: f.integration.id!).active == 2)
    }

    @Test func anIntegrationWithStatisticsIsRefused() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        _ = try f.store.statisticsTransaction { tx in
            try tx.insertStatement(integrationId: id, statementId: "s-1", body: "{}", contentHash: "h", voids: nil,
                                   receivedAt: ContractFixture.t0)
        }
        #expect(throws: StoreError.self) { try f.store.deleteIntegration(id: id) }
        #expect(try f.store.statements(integrationId: id).count == 1)
    }

    @Test func noSuchIntegrationIsNotFound() throws {
        let f = try ContractFixture()
        do {
            try f.store.deleteIntegration(id: 999)
            Issue.record("deleting integration 999 succeeded")
        } catch {
            guard case .notFound = error else { Issue.record("\(error)"); return }
        }
    }
}
