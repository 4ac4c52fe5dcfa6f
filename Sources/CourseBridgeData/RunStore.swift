import CourseBridgeCore
import Foundation

/// The history of sync runs.
public protocol RunStore: Sendable {
    func createRun(integrationId: Int64, trigger: SyncTrigger) throws(StoreError) -> Int64
    /// Saved as the run goes, so history shows how far a killed run got.
    func recordProgress(runId: Int64, progress: SyncProgress) throws(StoreError)
    func finishRun(runId: Int64, progress: SyncProgress, outcome: RunOutcome, reason: String?) throws(StoreError)
    /// Runs left `running` by a killed process, marked interrupted; how many.
    @discardableResult func markInterruptedRuns() throws(StoreError) -> Int
    /// Newest first; errors before warnings within a run.
    func runs(integrationId: Int64?, limit: Int) throws(StoreError) -> [SyncRunRecord]
    /// When the integration last ran to completion (succeeded or held).
    func lastSuccessfulRun(integrationId: Int64) throws(StoreError) -> Date?
    /// When its latest run of any outcome started.
    func lastRunStart(integrationId: Int64) throws(StoreError) -> Date?
}

extension RunStore {
    public func runs(integrationId: Int64?) throws(StoreError) -> [SyncRunRecord] { try runs(integrationId: integrationId, limit: 50) }
}
