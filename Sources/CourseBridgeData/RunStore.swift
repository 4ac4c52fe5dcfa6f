import CourseBridgeCore
import Foundation

/// The history of sync runs.
public protocol RunStore: Sendable {
    func createRun(integrationId: Int64, trigger: SyncTrigger) throws(StoreError) -> Int64
    /// Saved as the run goes, so history shows how far a killed run got.
    func recordProgress(runId: Int64, progress: SyncProgress) throws(StoreError)
    func finishRun(runId: Int64, progress: SyncProgress, outcome: RunOutcome, reason: String?) throws(StoreError)
    /// Runs left `running` by a process that is gone — no live sync lease on their integration — marked
    /// interrupted (nothing was archived by them); how many.
    /// Which listing the run reads and the listing-shaping settings it reads with (issue 18); set when the run
    /// knows, again if it falls back to a full listing.
    func recordListing(runId: Int64, listing: ListingKind, settingsFingerprint: String) throws(StoreError)
    /// Runs left `running` by a process that is gone — no live sync lease on their integration — marked
    /// interrupted (nothing was archived by them); how many.
    @discardableResult func markInterruptedRuns() throws(StoreError) -> Int
    /// Newest first; errors before warnings within a run.
    func runs(integrationId: Int64?, limit: Int) throws(StoreError) -> [SyncRunRecord]
    /// When the integration last ran to completion (succeeded or held).
    func lastSuccessfulRun(integrationId: Int64) throws(StoreError) -> Date?
    /// When its latest run started, of any outcome but interrupted (an interrupted run is taken over).
    func lastRunStart(integrationId: Int64) throws(StoreError) -> Date?

    // Sync leases: one instance runs an integration's sync at a time, across processes and machines.
    /// Takes the lease for `seconds` when nobody holds it, its holder let it expire, or `holder` holds it already
    /// (a renewal); whether `holder` holds it now. Two instances asking at once: exactly one gets it.
    func acquireSyncLease(integrationId: Int64, holder: String, seconds: Double) throws(StoreError) -> Bool
    /// Gives the lease up; nothing when `holder` no longer holds it.
    func releaseSyncLease(integrationId: Int64, holder: String) throws(StoreError)
    /// The unexpired leases: who runs which integration's sync right now.
    func syncLeases() throws(StoreError) -> [SyncLeaseRecord]
}

/// Who holds an integration's sync, until when.
public struct SyncLeaseRecord: Sendable, Equatable {
    public var integrationId: Int64
    public var holder: String
    public var expiresAt: Date
    public init(integrationId: Int64, holder: String, expiresAt: Date) {
        self.integrationId = integrationId
        self.holder = holder
        self.expiresAt = expiresAt
    }
}

extension RunStore {
    public func runs(integrationId: Int64?) throws(StoreError) -> [SyncRunRecord] { try runs(integrationId: integrationId, limit: 50) }
}
