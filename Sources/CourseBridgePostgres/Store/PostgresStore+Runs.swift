import CourseBridgeCore
import CourseBridgeData
import Foundation

extension PostgresStore: RunStore {
    public func createRun(integrationId: Int64, trigger: SyncTrigger) throws(StoreError) -> Int64 {
        throw StoreError.database("TODO(pg): createRun")
    }

    public func recordProgress(runId: Int64, progress: SyncProgress) throws(StoreError) {
        throw StoreError.database("TODO(pg): recordProgress")
    }

    public func finishRun(runId: Int64, progress: SyncProgress, outcome: RunOutcome, reason: String?) throws(StoreError) {
        throw StoreError.database("TODO(pg): finishRun")
    }

    public func markInterruptedRuns() throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): markInterruptedRuns")
    }

    public func runs(integrationId: Int64?, limit: Int) throws(StoreError) -> [SyncRunRecord] {
        throw StoreError.database("TODO(pg): runs")
    }

    public func lastSuccessfulRun(integrationId: Int64) throws(StoreError) -> Date? {
        throw StoreError.database("TODO(pg): lastSuccessfulRun")
    }

    public func lastRunStart(integrationId: Int64) throws(StoreError) -> Date? {
        throw StoreError.database("TODO(pg): lastRunStart")
    }
}
