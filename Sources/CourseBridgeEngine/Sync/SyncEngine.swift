import CourseBridgeCore
import CourseBridgeProviders
import CourseBridgeData
#if os(Linux)
import CMalloc
#endif
import Dispatch
import Foundation
import Synchronization

/// Runs syncs on background Dispatch queues, one per integration at a time, and publishes their progress.
/// The console and the CLI only read `progress` snapshots or subscribe; they never compute a run's state.
public final class SyncEngine: Sendable {
    public typealias SourceFactory = @Sendable (Integration, [String: String], CatalogSourceOptions) throws -> CatalogSource

    private struct Running {
        var progress: SyncProgress
        let cancellation: CancellationFlag
        let done: DispatchGroup
    }

    let store: any DataStore
    private let now: @Sendable () -> Date
    let makeSource: SourceFactory
    private let statistics: PulledStatistics?
    private let queue = DispatchQueue(label: "coursebridge.sync", qos: .utility, attributes: .concurrent)
    private let running = Mutex<[Int64: Running]>([:])
    private let finished = Mutex<[Int64: SyncProgress]>([:])
    private let subscribers = Mutex<[UUID: @Sendable (SyncProgress) -> Void]>([:])
    /// This process in sync leases, and how long a lease lasts without renewal (a dead holder's run is taken over
    /// after that).
    let leaseHolder: String
    let leaseSeconds: Double

    public init(store: any DataStore, statistics: PulledStatistics? = nil, now: @escaping @Sendable () -> Date = { Date() },
                leaseHolder: String = SyncLeaseKeeper.holderName(), leaseSeconds: Double = 60,
                makeSource: @escaping SourceFactory = SyncEngine.defaultSource) {
        self.store = store
        self.leaseHolder = leaseHolder
        self.leaseSeconds = leaseSeconds
        self.statistics = statistics
        self.now = now
        self.makeSource = makeSource
    }

    /// The real clients over libcurl. Skillsoft's tenant URL credential is its API base unless overridden.
    public static let defaultSource: SourceFactory = { integration, credentials, options in
        var apiBase: String? = integration.apiBase
        if integration.provider == .skillsoft, apiBase == integration.provider.defaultAPIBase { apiBase = nil }
        return try makeCatalogSource(provider: integration.provider, apiBase: apiBase, tokenURL: integration.tokenURL,
                                     credentials: credentials, options: options)
    }

    // MARK: - Starting and stopping

    /// Starts a run in the background and returns its run id (0 for a dry run, which records nothing).
    @discardableResult
    /// `onlyIf`: checked once this process holds the integration's lease (the scheduler's "still due?", since another
    /// instance may have run it between the check and the lease).
    /// `forceFull`: read the whole listing even when only changes would do (`sync ID --full`).
    public func start(integrationId: Int64, trigger: SyncTrigger = .manual, dryRun: Bool = false,
                      confirmArchive: Bool = false, forceFull: Bool = false,
                      onlyIf: (@Sendable () -> Bool)? = nil) throws(EngineError) -> Int64 {
        let (integration, credentials) = try configured(integrationId, mustBeActive: true)

        let cancellation = CancellationFlag()
        let done = DispatchGroup()
        // Claim the integration before any write, so a second request is refused, never doubled.
        let claimed: Int64? = running.withLock { table in
            if let current = table[integrationId] { return current.progress.runId }
            table[integrationId] = Running(progress: SyncProgress(runId: -1, integrationId: integrationId, startedAt: now()),
                                           cancellation: cancellation, done: done)
            return nil
        }
        if let claimed { throw .alreadyRunning(runId: claimed, integrationId: integrationId) }
        let unclaim = { _ = self.running.withLock { $0.removeValue(forKey: integrationId) } }

        // A dry run writes nothing, so it needs no lease; a real one runs in one process at a time.
        var keeper: SyncLeaseKeeper?
        if !dryRun {
            var held: Bool
            do {
                held = try store.acquireSyncLease(integrationId: integrationId, holder: leaseHolder, seconds: leaseSeconds)
                if !held {
                    // A process of this host that was killed mid-run holds it: give its lease up, mark its run
                    // interrupted, and take over at once rather than when the lease expires.
                    if SyncLeaseKeeper.releaseDeadLocalLeases(store: store) > 0 {
                        _ = try store.markInterruptedRuns()
                        held = try store.acquireSyncLease(integrationId: integrationId, holder: leaseHolder, seconds: leaseSeconds)
                    }
                }
            } catch {
                unclaim()
                throw .store(error)
            }
            guard held else {
                unclaim()
                let holder = (try? store.syncLeases())?.first { $0.integrationId == integrationId }?.holder
                throw .heldElsewhere(integrationId: integrationId, holder: holder ?? "another instance")
            }
            if let onlyIf, !onlyIf() {
                try? store.releaseSyncLease(integrationId: integrationId, holder: leaseHolder)
                unclaim()
                throw .noLongerDue(integrationId: integrationId)
            }
            keeper = SyncLeaseKeeper(store: store, integrationId: integrationId, holder: leaseHolder, seconds: leaseSeconds,
                                     cancellation: cancellation)
        }

        let runId: Int64
        let listing: ListingKind
        do {
            // Decided under the lease, from the history as it stands before this run is recorded.
            listing = try listingKind(for: integration, forceFull: forceFull, dryRun: dryRun)
            runId = dryRun ? 0 : try store.createRun(integrationId: integrationId, trigger: trigger)
            if !dryRun {
                try store.recordListing(runId: runId, listing: listing, settingsFingerprint: integration.listingSettingsFingerprint)
            }
        } catch {
            keeper?.stop()
            unclaim()
            throw .store(error)
        }
        let initial: SyncProgress = {
            var progress = SyncProgress(runId: runId, integrationId: integrationId, startedAt: now(), dryRun: dryRun)
            progress.listing = listing.storeValue
            return progress
        }()
        if !dryRun { SyncEvents.started(runId: runId, integration: integration, trigger: trigger, store: store) }
        publish(initial)
        let lease = keeper
        done.enter()
        queue.async { [self] in
            let final = execute(integration: integration, credentials: credentials, runId: runId, dryRun: dryRun,
                                confirmArchive: confirmArchive, listing: listing, cancellation: cancellation, lease: lease,
                                initial: initial)
            finished.withLock { $0[integrationId] = final }
            _ = running.withLock { $0.removeValue(forKey: integrationId) }
            notify(final)
            done.leave()
        }
        return runId
    }

    private func execute(integration: Integration, credentials: [String: String], runId: Int64, dryRun: Bool,
                         confirmArchive: Bool, listing: ListingKind, cancellation: CancellationFlag, lease: SyncLeaseKeeper?,
                         initial: SyncProgress) -> SyncProgress {
        var final = initial
        do {
            var options = CatalogSourceOptions(
                locales: integration.provider == .linkedin && !integration.languageFilter.isEmpty ? integration.languageFilter : nil,
                programIds: integration.selectedPrograms, cancellation: cancellation, now: now)
            ReportPollingSettings.apply(ProcessInfo.processInfo.environment, to: &options)
            let fullOptions = options
            if case .incremental(let since) = listing { options.changedSince = since }
            let source = try makeSource(integration, credentials, options)
            let makeSource = self.makeSource
            let run = SyncRun(store: store, integration: integration, source: source, runId: dryRun ? nil : runId, dryRun: dryRun,
                              confirmArchive: confirmArchive, cancellation: cancellation, now: now, statistics: statistics,
                              publish: { [weak self] in self?.publish($0) }, listing: listing,
                              fullSource: { try makeSource(integration, credentials, fullOptions) })
            final = run.execute(initial: initial)
        } catch {
            final.phase = .failed
            final.message = "\(error) — nothing was archived"
        }
        lease?.stop()
        if lease?.lost == true, final.phase == .cancelled {
            final.phase = .failed
            final.message = "this instance lost the sync lease (another instance took the run over); nothing was archived"
        }
        if !dryRun {
            let outcome = RunOutcome(finalPhase: final.phase) ?? .failed
            try? store.finishRun(runId: runId, progress: final, outcome: outcome, reason: final.message)
            SyncEvents.ended(final, integration: integration, store: store)
        }
        releaseFreedMemory()
        return final
    }

    /// Full or incremental: the one rule (`ListingRule`) over this integration's run history.
    func listingKind(for integration: Integration, forceFull: Bool, dryRun: Bool) throws(StoreError) -> ListingKind {
        let history = try store.runs(integrationId: integration.id ?? 0, limit: 100).map {
            ListingHistoryEntry(startedAt: $0.startedAt, outcome: $0.outcome, listing: $0.listingKind,
                                settingsFingerprint: $0.settingsFingerprint)
        }
        return ListingRule.decide(ListingRule.Input(
            history: history, settingsFingerprint: integration.listingSettingsFingerprint,
            fullListingEveryDays: integration.fullListingEveryDays, providerSupportsChanges: integration.provider.offersChangesSince,
            forceFull: forceFull, dryRun: dryRun, now: now()))
    }

    /// A large run frees tens of megabytes that glibc keeps for later; `serve` lives for months between daily
    /// runs, so give them back (each later run's peak was 15-25 MB higher without this).
    private func releaseFreedMemory() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }

    /// Asks a running sync to stop at the next page; a cancelled run archives nothing.
    public func cancel(integrationId: Int64) {
        running.withLock { $0[integrationId]?.cancellation.cancel() }
    }

    // MARK: - Progress

    /// The running sync's latest progress, else the last finished one of this process.
    public func progress(integrationId: Int64) -> SyncProgress? {
        if let live = running.withLock({ $0[integrationId]?.progress }), live.runId >= 0 { return live }
        return finished.withLock { $0[integrationId] }
    }

    public var isRunning: Bool { running.withLock { !$0.isEmpty } }

    /// Blocks until the integration's run (if any) ends, then returns its final progress.
    @discardableResult
    public func wait(integrationId: Int64) -> SyncProgress? {
        let group = running.withLock { $0[integrationId]?.done }
        group?.wait()
        return finished.withLock { $0[integrationId] }
    }

    /// Every progress event of every run, on the sync queue: keep handlers short.
    public func subscribe(_ handler: @escaping @Sendable (SyncProgress) -> Void) -> UUID {
        let token = UUID()
        subscribers.withLock { $0[token] = handler }
        return token
    }

    public func unsubscribe(_ token: UUID) {
        _ = subscribers.withLock { $0.removeValue(forKey: token) }
    }

    private func publish(_ progress: SyncProgress) {
        running.withLock { table in
            if table[progress.integrationId] != nil { table[progress.integrationId]?.progress = progress }
        }
        notify(progress)
    }

    private func notify(_ progress: SyncProgress) {
        for handler in subscribers.withLock({ Array($0.values) }) { handler(progress) }
    }

    /// An integration with its decrypted credentials; none stored yet is an error that says how to add them.
    private func configured(_ integrationId: Int64, mustBeActive: Bool = false) throws(EngineError) -> (Integration, [String: String]) {
        let integration: Integration
        let credentials: [String: String]?
        do {
            integration = try store.integration(id: integrationId)
            credentials = try store.credentials(integrationId: integrationId)
        } catch { throw .store(error) }
        if mustBeActive, integration.state != .active { throw .deactivated(integrationId: integrationId) }
        guard let credentials else { throw .noCredentials(integrationId: integrationId, provider: integration.provider) }
        return (integration, credentials)
    }

    // MARK: - Test connection

    /// TEST CONNECTION with the integration's stored credentials.
    public func testConnection(integrationId: Int64) throws(EngineError) -> ConnectionTestResult {
        let (integration, credentials) = try configured(integrationId)
        do {
            return try makeSource(integration, credentials, CatalogSourceOptions(totalTimeout: 20)).testConnection()
        } catch let error as ProviderError {
            return ConnectionTestResult(error: error)
        } catch {
            return .unexpectedResponse("\(error)")
        }
    }
}

// MARK: - Coursera programs

extension SyncEngine {
    /// The organisation's Coursera programs, for the program mapping step (all selected by default).
    public func programs(integrationId: Int64) throws -> [ProviderProgram] {
        let integration = try store.integration(id: integrationId)
        guard integration.provider == .coursera else {
            throw EngineError.store(.invalid("program mapping is for Coursera integrations; integration \(integrationId) is \(integration.provider.displayName)"))
        }
        guard let credentials = try store.credentials(integrationId: integrationId) else {
            throw EngineError.noCredentials(integrationId: integrationId, provider: integration.provider)
        }
        guard let listing = try makeSource(integration, credentials, CatalogSourceOptions()) as? ProgramListing else { return [] }
        return try listing.listPrograms()
    }
}
