import CourseBridgeCore
import CourseBridgeProviders
import CourseBridgeStore
import Foundation

/// One sync run, executed on a background queue: list page by page, write creates and updates per page,
/// and archive only after a complete listing that passed the mass-archive guard.
struct SyncRun {
    let store: Store
    let integration: Integration
    let source: CatalogSource
    let runId: Int64?
    let dryRun: Bool
    let confirmArchive: Bool
    let cancellation: CancellationFlag
    let now: @Sendable () -> Date
    let statistics: PulledStatisticsApplier?
    let publish: @Sendable (SyncProgress) -> Void

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
        let settings = SyncSettings(integration: integration)
        var known = try store.knownCourses(provider: integration.provider)
        var groups = [integration.groupId]
        if integration.provider == .coursera { groups += try store.publicSubgroups(of: integration.groupId) }
        let activeBefore = try store.activeCourseCount(integrationId: id)
        var seen = Set<String>()
        var pendingArchive: [Int64] = []
        var otherOwners: [Int64: Bool] = [:]
        let foreignURLs = try store.foreignLaunchURLs(provider: integration.provider)
        let writer = PageWriter()
        let (store, integration, dryRun, runId) = (self.store, self.integration, self.dryRun, self.runId)

        progress.phase = .listing
        publish(progress)
        do {
        try source.readCatalog { page in
            if cancellation.isCancelled { throw CancellationError() }
            var writes = PageWrites()
            for item in page.items {
                // The same provider id twice in one listing (several locales or programs) is handled once.
                guard seen.insert(item.providerId).inserted else { continue }
                let record = known[item.providerId]
                if let record, let owner = record.integrationId, owner != id,
                   try isActive(owner, cache: &otherOwners) {
                    writes.warnings.append((item.providerId, "duplicate: \(item.providerId) already exists through integration \(owner); not imported twice"))
                    progress.counts.ignored += 1
                    continue
                }
                let action = Reconciler.decide(item, known: record?.known, settings: settings)
                switch action {
                case .created:
                    if let url = item.launchURL, let other = foreignURLs[url] {
                        writes.warnings.append((item.providerId, "duplicate: course \(other) already launches \(url); learners may record progress twice"))
                    }
                    writes.created.append(item)
                    progress.counts.created += 1
                case .updated(let changes):
                    writes.updated.append((record!.courseId, item, changes))
                    progress.counts.updated += 1
                case .archived:
                    pendingArchive.append(record!.courseId)
                case .unchanged:
                    progress.counts.unchanged += 1
                case .ignored, .outOfScope:
                    progress.counts.ignored += 1
                }
            }
            if !dryRun, !writes.isEmpty {
                let pageWrites = writes
                let targetGroups = groups
                try writer.submit { try store.apply(pageWrites, integration: integration, groups: targetGroups, runId: runId) }
            }
            progress.pages = page.pageNumber
            progress.itemsSeen += page.items.count
            if let total = page.totalReported { progress.totalReported = max(progress.totalReported ?? 0, total) }
            if let fraction = page.listedFraction { progress.listedFraction = fraction }
            progress.updatedAt = now()
            publish(progress)
            if let runId, page.pageNumber % 20 == 0 {
                let snapshot = progress
                try writer.submit { try store.recordProgress(runId: runId, progress: snapshot) }
            }
        }
        } catch {
            // Pages already read are still written: creates and updates are safe to keep.
            try? writer.drain()
            throw error
        }
        try writer.drain()
        if cancellation.isCancelled { throw CancellationError() }

        // The listing is complete: now, and only now, archives are decided.
        progress.phase = .archiving
        publish(progress)
        let knownActive = known.filter { $0.value.integrationId == id && $0.value.known.status == .active }
        let unlisted = Reconciler.unlistedCoursesToArchive(provider: integration.provider, knownActiveIds: Array(knownActive.keys),
                                                           listedIds: seen, listingComplete: true)
        let toArchive = pendingArchive + unlisted.compactMap { knownActive[$0]?.courseId }
        known.removeAll()
        let decision = MassArchiveGuard.decide(toArchive: toArchive.count, activeCourses: activeBefore,
                                               threshold: integration.archiveThreshold, confirmed: confirmArchive)
        if case .hold = decision {
            progress.phase = .held
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
        }
        // Index the changed courses now rather than in the first search after the sync (a failure only delays it).
        if !dryRun, progress.counts.created + progress.counts.updated + progress.counts.archived > 0 {
            _ = try? store.refreshSearchIndex()
        }
        progress.phase = .succeeded
        progress.message = dryRun ? "dry run: nothing was written" : nil
    }

    private func isActive(_ integrationId: Int64, cache: inout [Int64: Bool]) throws -> Bool {
        if let cached = cache[integrationId] { return cached }
        let active = (try? store.integration(id: integrationId))?.state == .active
        cache[integrationId] = active
        return active
    }
}

/// Applies pulled learner activity (Coursera, edX) through the one implementation of the attempt rules.
public protocol PulledStatisticsApplier: Sendable {
    func applyPulled(_ records: [LearnerActivityRecord], integration: Integration) throws
}
