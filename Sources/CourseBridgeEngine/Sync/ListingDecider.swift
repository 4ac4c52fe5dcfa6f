import CourseBridgeCore
import CourseBridgeProviders
import CourseBridgeData
import Foundation

/// The deciding stage of a sync: what the store knows, and the reconciler's verdict on each listed page.
///
/// Runs on its own serial queue (a `SerialStage`), so the listing thread only fetches and parses pages: loading
/// the known courses overlaps the first requests, and deciding a page overlaps fetching the next. Every property is
/// touched only on that queue, or after the stage has drained.
final class ListingDecider: @unchecked Sendable {
    let store: any DataStore
    let integration: Integration
    let runId: Int64?
    let dryRun: Bool
    let now: @Sendable () -> Date
    let publish: @Sendable (SyncProgress) -> Void
    let writer: SerialStage

    private(set) var progress: SyncProgress
    private(set) var activeBefore = 0
    private var known: [String: KnownCourseRecord] = [:]
    /// A changes-only read: the known courses and foreign launch URLs are looked up per page, not loaded whole.
    private var perPage: Bool
    private var listed = Set<String>()
    private var pendingArchive: [Int64] = []
    private let settings: SyncSettings
    private var groups: [Int64] = []
    private var foreignURLs: [String: Int64] = [:]
    private var otherOwnerIsActive: [Int64: Bool] = [:]

    init(store: any DataStore, integration: Integration, runId: Int64?, dryRun: Bool, progress: SyncProgress,
         now: @escaping @Sendable () -> Date, publish: @escaping @Sendable (SyncProgress) -> Void, writer: SerialStage,
         incremental: Bool = false) {
        (self.store, self.integration, self.runId, self.dryRun, self.progress) = (store, integration, runId, dryRun, progress)
        perPage = incremental
        (self.now, self.publish, self.writer) = (now, publish, writer)
        settings = SyncSettings(integration: integration)
    }

    private var integrationId: Int64 { integration.id ?? 0 }

    /// Reads what the platform holds before the first page is decided (and before anything of this run is written).
    /// An incremental run reads only what it needs per page (`take`), so its cost follows what changed.
    func load() throws {
        groups = [integration.groupId]
        if integration.provider == .coursera { groups += try store.publicSubgroups(of: integration.groupId) }
        // One indexed count (the mass-archive guard's denominator), not a load.
        activeBefore = try store.activeCourseCount(integrationId: integrationId)
        if !perPage { try loadWhole() }
    }

    /// The changes read was rejected and the whole listing follows: disappearance needs every known course.
    func beginFullListing() throws {
        guard perPage else { return }
        perPage = false
        try loadWhole()
    }

    private func loadWhole() throws {
        known = try store.knownCourses(provider: integration.provider)
        foreignURLs = try store.foreignLaunchURLs(provider: integration.provider)
    }

    /// The page's courses the store holds (one query), replacing the previous page's: nothing of the catalog is kept.
    private func lookUp(_ page: CatalogPage) throws {
        let ids = page.items.lazy.map(\.providerId).filter { !self.listed.contains($0) }
        known = try store.knownCourses(provider: integration.provider, providerIds: Array(ids))
    }

    /// Decides one page, hands its writes to the writer, and publishes the progress.
    func take(_ page: CatalogPage) throws {
        var writes = PageWrites()
        // Sized once for the whole listing: growing a 100,000-id set doubles it ~15 times.
        if listed.isEmpty { listed.reserveCapacity(min(max(known.count, page.totalReported ?? 0), 1_000_000)) }
        writes.warnings += page.warnings.map { (providerId: $0.subject, message: $0.message) }
        if perPage { try lookUp(page) }
        var createdURLs: [String] = []
        for item in page.items {
            // The same provider id twice in one listing (several locales or programs) is handled once.
            guard listed.insert(item.providerId).inserted else { continue }
            let record = known[item.providerId]
            if let record, let owner = record.integrationId, owner != integrationId, try isActive(owner) {
                writes.warnings.append((item.providerId, "duplicate: \(item.providerId) already exists through integration \(owner); not imported twice"))
                progress.counts.ignored += 1
                continue
            }
            switch Reconciler.decide(item, known: record?.known, settings: settings) {
            case .created:
                if perPage, let url = item.launchURL { createdURLs.append(url) }
                if let url = item.launchURL, let other = foreignURLs[url] {
                    writes.warnings.append(Self.duplicateWarning(item.providerId, launchedBy: other, url: url))
                }
                writes.create(item, tagSync: settings.tagSync)
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
        if !createdURLs.isEmpty { try warnOfForeignDuplicates(createdURLs, in: &writes) }
        if !dryRun, !writes.isEmpty {
            let (store, integration, groups, runId, pageWrites) = (store, integration, groups, runId, writes)
            try writer.submit(cost: max(1, writes.created.count + writes.updated.count)) {
                try store.apply(pageWrites, integration: integration, groups: groups, runId: runId)
            }
        }
        progress.pages = page.pageNumber
        progress.itemsSeen += page.items.count
        if let total = page.totalReported { progress.totalReported = max(progress.totalReported ?? 0, total) }
        if let fraction = page.listedFraction { progress.listedFraction = fraction }
        progress.updatedAt = now()
        publish(progress)
        if let runId, page.pageNumber % 20 == 0 {
            let (store, snapshot) = (store, progress)
            try writer.submit { try store.recordProgress(runId: runId, progress: snapshot) }
        }
    }

    /// Known active courses of this integration that the complete listing did not return, per the provider's rule,
    /// plus those the listing marked retired or out of scope; after a changes-only read, only the latter.
    func coursesToArchive(fullListing: Bool = true) -> [Int64] {
        // Providers whose absent courses stay active need no pass over the known courses.
        guard fullListing, Reconciler.unlistedPolicy(for: integration.provider) == .archive else { return pendingArchive }
        let knownActiveIds = known.compactMap { $0.value.integrationId == integrationId && $0.value.known.status == .active ? $0.key : nil }
        let unlisted = Reconciler.unlistedCoursesToArchive(provider: integration.provider, knownActiveIds: knownActiveIds,
                                                           listedIds: listed, listingComplete: true)
        return pendingArchive + unlisted.compactMap { known[$0]?.courseId }
    }

    /// Frees the known courses (the largest allocation of a run) once archives are decided.
    /// Freeing them is left to another thread: ~100,000 records took half a second at the end of every run.
    func releaseKnown() {
        let released = (known, listed)
        known = [:]
        listed = []
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(released) {} }
    }

    /// A new course whose launch URL another provider's course (or a course of no integration) already launches.
    private static func duplicateWarning(_ providerId: String, launchedBy other: Int64, url: String) -> (providerId: String, message: String) {
        (providerId, "duplicate: course \(other) already launches \(url); learners may record progress twice")
    }

    /// The duplicates warning of an incremental run: the page's new launch URLs looked up, in one query.
    private func warnOfForeignDuplicates(_ urls: [String], in writes: inout PageWrites) throws {
        let found = try store.foreignLaunchURLs(provider: integration.provider, among: urls)
        guard !found.isEmpty else { return }
        for new in writes.created {
            if let url = new.item.launchURL, let other = found[url] {
                writes.warnings.append(Self.duplicateWarning(new.item.providerId, launchedBy: other, url: url))
            }
        }
    }

    private func isActive(_ owner: Int64) throws -> Bool {
        if let cached = otherOwnerIsActive[owner] { return cached }
        let active = (try? store.integration(id: owner))?.state == .active
        otherOwnerIsActive[owner] = active
        return active
    }
}
