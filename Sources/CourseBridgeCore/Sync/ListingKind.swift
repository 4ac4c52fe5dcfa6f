import Foundation

/// Whether a sync run reads the provider's whole listing or only what changed since a time, and why.
/// Stored on the run record as its `storeValue` (`incremental`, `full:weekly` …).
public enum ListingKind: Sendable, Equatable, Hashable {
    case full(FullListingReason)
    /// Changes since `since` (the start of the last complete run, minus the safety overlap).
    case incremental(since: Date)

    public var isFull: Bool { if case .full = self { true } else { false } }

    /// One word for tables and JSON: `full` or `incremental`.
    public var word: String { isFull ? "full" : "incremental" }

    public var fullReason: FullListingReason? { if case .full(let reason) = self { reason } else { nil } }

    /// `full (weekly)`, `incremental`: what `runs` and the console show.
    public var label: String {
        switch self {
        case .full(let reason): "full (\(reason.label))"
        case .incremental: "incremental"
        }
    }

    /// The run record's column: the `since` time is not needed to read history back.
    public var storeValue: String {
        switch self {
        case .full(let reason): "full:\(reason.rawValue)"
        case .incremental: "incremental"
        }
    }

    /// Reads a stored value back (an incremental one with an unknown `since`, which history does not need).
    public init?(storeValue: String?) {
        guard let storeValue else { return nil }
        if storeValue == "incremental" { self = .incremental(since: .distantPast); return }
        guard storeValue.hasPrefix("full:"), let reason = FullListingReason(rawValue: String(storeValue.dropFirst(5))) else {
            return nil
        }
        self = .full(reason)
    }
}

/// Why a run reads the whole listing.
public enum FullListingReason: String, Sendable, Codable, CaseIterable {
    /// `sync ID --full`.
    case forced
    /// No complete run yet.
    case firstRun = "first-run"
    /// The provider offers no changes-since read (edX).
    case notSupported = "not-supported"
    /// The last run failed, was cancelled or interrupted: what it missed is read again.
    case afterFailure = "after-failure"
    /// Filters or tag sync changed since the last complete run.
    case settingsChanged = "settings-changed"
    /// The integration's "full listing every N days" is due.
    case periodic
    /// The provider's changes-since answer looked wrong (finding L5): the run read everything instead.
    case deltaLooksWrong = "delta-looks-wrong"
    /// A dry run lists everything, to show what a full sync would do.
    case dryRun = "dry-run"
    /// The last run was held by the mass-archive guard: the archive it would have done needs a whole listing (an
    /// incremental read does not show what disappeared), so the confirming run reads everything again.
    case afterHold = "after-hold"

    public var label: String {
        switch self {
        case .forced: "forced"
        case .firstRun: "first run"
        case .notSupported: "provider has no changes-since read"
        case .afterFailure: "previous run did not complete"
        case .settingsChanged: "filters or tag sync changed"
        case .periodic: "periodic"
        case .deltaLooksWrong: "provider's changes looked wrong"
        case .dryRun: "dry run"
        case .afterHold: "previous run was held"
        }
    }
}

/// What the rule needs to know of one earlier run (newest first in `ListingRule.Input.history`).
public struct ListingHistoryEntry: Sendable, Equatable {
    public var startedAt: Date
    public var outcome: RunOutcome
    /// nil for runs recorded before listing kinds existed: they were full listings.
    public var listing: ListingKind?
    public var settingsFingerprint: String?

    public init(startedAt: Date, outcome: RunOutcome, listing: ListingKind?, settingsFingerprint: String?) {
        self.startedAt = startedAt
        self.outcome = outcome
        self.listing = listing
        self.settingsFingerprint = settingsFingerprint
    }

    var wasFull: Bool { listing?.isFull ?? true }
}

/// Which listing a run reads: the one decision `sync ID`, the scheduler and the console share.
public enum ListingRule {
    /// Provider clocks and indexing lag: an incremental run reads from this long before the last complete run started.
    public static let safetyOverlap: TimeInterval = 3_600
    public static let defaultFullListingDays = 7

    public struct Input: Sendable {
        /// The integration's earlier runs, newest first (running ones included; they are skipped).
        public var history: [ListingHistoryEntry]
        /// The fingerprint of the settings that shape a listing (filters, programs, tag sync) now.
        public var settingsFingerprint: String
        public var fullListingEveryDays: Int
        public var providerSupportsChanges: Bool
        public var forceFull: Bool
        public var dryRun: Bool
        public var now: Date

        public init(history: [ListingHistoryEntry], settingsFingerprint: String, fullListingEveryDays: Int = ListingRule.defaultFullListingDays,
                    providerSupportsChanges: Bool, forceFull: Bool = false, dryRun: Bool = false, now: Date) {
            self.history = history
            self.settingsFingerprint = settingsFingerprint
            self.fullListingEveryDays = fullListingEveryDays
            self.providerSupportsChanges = providerSupportsChanges
            self.forceFull = forceFull
            self.dryRun = dryRun
            self.now = now
        }
    }

    public static func decide(_ input: Input) -> ListingKind {
        if input.forceFull { return .full(.forced) }
        if input.dryRun { return .full(.dryRun) }
        guard input.providerSupportsChanges else { return .full(.notSupported) }
        let finished = input.history.filter { $0.outcome != .running }
        guard let lastComplete = finished.first(where: { $0.outcome.completedListing }),
              let lastFull = finished.first(where: { $0.outcome.completedListing && $0.wasFull }) else {
            return .full(.firstRun)
        }
        // A failed, cancelled or interrupted run after the last complete one may have missed changes it was the
        // only one to be shown (an incremental window moves on): read everything once.
        if let latest = finished.first, !latest.outcome.completedListing { return .full(.afterFailure) }
        if let latest = finished.first, latest.outcome == .held { return .full(.afterHold) }
        if lastComplete.settingsFingerprint != input.settingsFingerprint { return .full(.settingsChanged) }
        let days = max(1, input.fullListingEveryDays)
        // A little slack, so a daily run at the same time is not skipped by a few seconds of drift.
        if input.now.timeIntervalSince(lastFull.startedAt) >= Double(days) * 86_400 - safetyOverlap { return .full(.periodic) }
        return .incremental(since: lastComplete.startedAt.addingTimeInterval(-safetyOverlap))
    }

    /// The settings that change what a listing yields or how it is applied: a change makes the next run full.
    /// `apiBase`: another address is another catalog (a moved tenant, a sandbox): changes since the last run there
    /// say nothing about what this one holds, so the next run reads everything.
    public static func settingsFingerprint(languageFilter: [String], contentTypeFilter: [String], programs: [String],
                                           tagSync: Bool, apiBase: String = "") -> String {
        func list(_ values: [String]) -> String { values.map { $0.lowercased() }.sorted().joined(separator: ",") }
        let base = apiBase.isEmpty ? "" : ";api=\(apiBase)"
        return "lang=\(list(languageFilter));type=\(list(contentTypeFilter));programs=\(list(programs));tags=\(tagSync ? 1 : 0)" + base
    }
}

extension Provider {
    /// Whether the catalog API can list only what changed since a time: LinkedIn `lastModifiedAfter`,
    /// Coursera `modifiedSinceTimestamp`, Percipio `updatedSince`; edX has none.
    public var offersChangesSince: Bool { self != .edx }
}
