import CourseBridgeCore
import CourseBridgeProviders
import CourseBridgeData
import Foundation

/// One sync run, executed on a background queue: list page by page, write creates and updates per page,
/// and archive only after a complete listing that passed the mass-archive guard.
struct SyncRun {
    let store: any DataStore
    let integration: Integration
    let source: CatalogSource
    let runId: Int64?
    let dryRun: Bool
    let confirmArchive: Bool
    let cancellation: CancellationFlag
    let now: @Sendable () -> Date
    let statistics: PulledStatistics?
    let publish: @Sendable (SyncProgress) -> Void
    /// Full or incremental (then `source` reads only changes).
    var listing: ListingKind = .full(.forced)
    /// The whole listing, for when the provider's changes answer looks wrong (finding L5).
    var fullSource: (() throws -> CatalogSource)? = nil

    /// Runs to the end and returns the final progress (phase succeeded, failed, cancelled or held).
    func execute(initial: SyncProgress) -> SyncProgress {
        var progress = initial
        do {
            try listAndApply(&progress)
        } catch let error as ProviderError where error.isCancellation {
            progress.phase = .cancelled
            progress.message = "cancelled: nothing was archived"
        } catch is CancellationError {
            progress.phase = .cancelled
            progress.message = "cancelled: nothing was archived"
        } catch let error as StatisticsPullError {
            progress.phase = .failed
            progress.reportWaitSeconds = nil
            progress.message = "\(error.underlying.description) — the catalog was synchronized, but learner statistics "
                + "were not pulled; the next sync asks for them again"
        } catch let error as ProviderError {
            progress.phase = .failed
            progress.message = "\(error.description) — the listing was incomplete, so nothing was archived"
        } catch let error as StoreError {
            progress.phase = .failed
            progress.message = "\(error == .diskFull ? "the disk is full" : error.description) — "
                + "pages written before the failure are kept, nothing was archived; free some space and sync again"
        } catch {
            progress.phase = .failed
            progress.message = "\(error) — nothing was archived"
        }
        progress.updatedAt = now()
        return progress
    }

    private func listAndApply(_ progress: inout SyncProgress) throws {
        let id = integration.id ?? 0
        progress.phase = .listing
        publish(progress)
        // Three stages on three threads: this one fetches and parses pages, the decider reconciles them against
        // what the store holds, the writer writes them. The decider's budget lets the listing run about a second
        // ahead while the known courses load (a whole listing of 100,000 courses loads ~0.5 s), then a third of a
        // second; the writer's keeps a couple of pages in flight.
        let writer = SerialStage(label: "coursebridge.sync.writer", budget: 2_000)
        let decider = ListingDecider(store: store, integration: integration, runId: runId, dryRun: dryRun, progress: progress,
                                     now: now, publish: publish, writer: writer, incremental: !listing.isFull)
        let deciding = SerialStage(label: "coursebridge.sync.decide", budget: 15_000)
        let cancellation = self.cancellation
        var kind = self.listing
        let onPage: (CatalogPage) throws -> Void = { page in
            if cancellation.isCancelled { throw CancellationError() }
            try deciding.submit(cost: max(1, page.items.count)) {
                if cancellation.isCancelled { throw CancellationError() }
                try decider.take(page)
            }
        }
        let listing = Result {
            try deciding.submit {
                try decider.load()
                deciding.setBudget(5_000)
            }
            do {
                try source.readCatalog(onPage: onPage)
            } catch let rejected as ChangesListingRejected {
                // Nothing of the rejected answer was applied: read the whole listing instead, and say so.
                guard let fullSource else { throw rejected }
                kind = .full(.deltaLooksWrong)
                try deciding.submit { try decider.beginFullListing() }
                if let runId { try store.recordListing(runId: runId, listing: kind, settingsFingerprint: integration.listingSettingsFingerprint) }
                let warning = CatalogWarning(subject: "changes listing", message: "\(rejected.reason); the whole listing was read instead")
                try onPage(CatalogPage(items: [], pageNumber: 0, totalReported: nil, warnings: [warning]))
                try fullSource().readCatalog(onPage: onPage)
            }
        }
        // Pages already read are still decided and written, even when the listing failed: creates and updates
        // are safe to keep.
        let decided = Result { try deciding.drain() }
        let written = Result { try writer.drain() }
        progress = decider.progress
        progress.listing = kind.storeValue
        try listing.get()
        try decided.get()
        try written.get()
        if cancellation.isCancelled { throw CancellationError() }

        // The listing is complete: now, and only now, archives are decided.
        progress.phase = .archiving
        publish(progress)
        // An incremental read archives only the retirements it reported; disappearance needs a whole listing.
        let toArchive = decider.coursesToArchive(fullListing: kind.isFull)
        decider.releaseKnown()
        let decision = MassArchiveGuard.decide(toArchive: toArchive.count, activeCourses: decider.activeBefore,
                                               threshold: integration.archiveThreshold, confirmed: confirmArchive)
        if case .hold = decision {
            progress.phase = .held
            progress.heldArchive = decision.heldArchive
            progress.message = "\(decision.description); nothing was archived — confirm with: coursebridge sync \(id) --confirm-archive"
            return
        }
        progress.counts.archived = dryRun ? toArchive.count : try store.archiveCourses(toArchive)

        if !dryRun, let statistics, let activity = source as? LearnerActivitySource {
            progress.phase = .pullingStatistics
            publish(progress)
            let since = try store.lastSuccessfulRun(integrationId: id)
            try activity.readLearnerActivity(since: since) { records in
                if cancellation.isCancelled { throw CancellationError() }
                try statistics.applyPulled(records, integration: integration)
            }
        } else if !dryRun, let statistics, let report = source as? SkillsoftReportSource {
            // Percipio's second feed: the daily learning activity report, through the same Skillsoft rules as
            // the pushed statements, so it repairs what a lost push missed without doubling any attempt.
            progress.phase = .pullingStatistics
            publish(progress)
            let window = SkillsoftReportWindow.window(lastSuccess: try store.lastSuccessfulRun(integrationId: id), now: now())
            var waiting = progress
            do {
                try report.readLearningActivityReport(start: window.start, end: window.end, onWait: { seconds in
                    waiting.reportWaitSeconds = seconds
                    waiting.updatedAt = now()
                    publish(waiting)
                }, onRows: { rows in
                    if cancellation.isCancelled { throw CancellationError() }
                    try statistics.applyReport(rows, integration: integration)
                })
            } catch let error as ProviderError where !error.isCancellation {
                throw StatisticsPullError(underlying: error)
            }
        }
        // Index the changed courses now rather than in the first search after the sync (a failure only delays it).
        if !dryRun, progress.counts.created + progress.counts.updated + progress.counts.archived > 0 {
            _ = try? store.refreshSearchIndex()
        }
        progress.phase = .succeeded
        progress.message = dryRun ? "dry run: nothing was written" : nil
    }
}

/// The catalog was applied but the provider's statistics could not be pulled.
struct StatisticsPullError: Error {
    let underlying: ProviderError
}

/// Which days the daily Percipio report asks for: from a day before the last successful run (late
/// activity, a lost push) to now; the first pull goes back a year.
enum SkillsoftReportWindow {
    static let overlap: TimeInterval = 86_400
    static let firstLookBack: TimeInterval = 365 * 86_400

    static func window(lastSuccess: Date?, now: Date) -> (start: Date, end: Date) {
        let start = lastSuccess.map { $0.addingTimeInterval(-overlap) } ?? now.addingTimeInterval(-firstLookBack)
        return (min(start, now), now)
    }
}
