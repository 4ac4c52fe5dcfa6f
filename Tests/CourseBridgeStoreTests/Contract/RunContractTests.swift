import CourseBridgeCore
import CourseBridgeData
import Foundation
import Testing

/// The sync run history, as every backend must keep it.
struct RunContractTests {
    private func progress(_ f: ContractFixture, run: Int64, created: Int, phase: SyncProgress.Phase) -> SyncProgress {
        var p = SyncProgress(runId: run, integrationId: f.integration.id!, phase: phase, startedAt: ContractFixture.t0)
        p.counts.created = created
        p.pages = 2
        p.itemsSeen = created
        return p
    }

    @Test func aRunRecordsItsProgressItsOutcomeAndWhyItFailed() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        let run = try f.store.createRun(integrationId: id, trigger: .manual)
        try f.store.recordProgress(runId: run, progress: progress(f, run: run, created: 5, phase: .listing))
        var recorded = try #require(try f.store.runs(integrationId: id).first)
        #expect(recorded.outcome == .running && recorded.trigger == .manual && recorded.counts.created == 5 && recorded.endedAt == nil)
        try f.store.finishRun(runId: run, progress: progress(f, run: run, created: 7, phase: .failed), outcome: .failed,
                              reason: "the provider answered 500")
        recorded = try #require(try f.store.runs(integrationId: id).first)
        #expect(recorded.outcome == .failed && recorded.counts.created == 7 && recorded.endedAt != nil)
        #expect(recorded.errors.map(\.message) == ["the provider answered 500"])
        #expect(try f.store.lastSuccessfulRun(integrationId: id) == nil)
        #expect(try f.store.lastRunStart(integrationId: id) == ContractFixture.t0)
    }

    @Test func heldAndSucceededRunsCountAsTheDaysRunAndTheNewestComesFirst() throws {
        let f = try ContractFixture()
        let id = f.integration.id!
        let first = try f.store.createRun(integrationId: id, trigger: .schedule)
        try f.store.finishRun(runId: first, progress: progress(f, run: first, created: 1, phase: .held), outcome: .held, reason: nil)
        let second = try f.store.createRun(integrationId: id, trigger: .startup)
        try f.store.finishRun(runId: second, progress: progress(f, run: second, created: 0, phase: .cancelled), outcome: .cancelled,
                              reason: "cancelled")
        #expect(try f.store.runs(integrationId: id).map(\.id) == [second, first])
        #expect(try f.store.runs(integrationId: nil, limit: 1).map(\.trigger) == [.startup])
        #expect(try f.store.lastSuccessfulRun(integrationId: id) == ContractFixture.t0)
    }

    @Test func runsLeftRunningByAKilledProcessAreMarkedInterrupted() throws {
        let f = try ContractFixture()
        let run = try f.store.createRun(integrationId: f.integration.id!, trigger: .schedule)
        #expect(try f.store.markInterruptedRuns() == 1)
        #expect(try f.store.markInterruptedRuns() == 0)
        let recorded = try #require(try f.store.runs(integrationId: f.integration.id!).first)
        #expect(recorded.id == run && recorded.outcome == .interrupted)
        #expect(recorded.reason?.contains("nothing was archived") == true)
    }

    @Test func anUnknownIntegrationIsNamedInTheError() throws {
        let f = try ContractFixture()
        do {
            _ = try f.store.runs(integrationId: 999)
            Issue.record("runs of an unknown integration were listed")
        } catch {
            #expect(error.description.contains("999"))
        }
    }
}
