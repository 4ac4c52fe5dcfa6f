import Foundation

/// What a running sync publishes: the console and the CLI render it live, never recomputing it.
public struct SyncProgress: Sendable, Equatable, Codable {
    public enum Phase: String, Sendable, Codable, CaseIterable {
        case starting, listing, archiving, pullingStatistics, succeeded, failed, cancelled, held

        public var isFinal: Bool { [.succeeded, .failed, .cancelled, .held].contains(self) }

        public var label: String {
            switch self {
            case .starting: "starting"
            case .listing: "reading catalog"
            case .archiving: "archiving"
            case .pullingStatistics: "pulling learner statistics"
            case .succeeded: "done"
            case .failed: "failed"
            case .cancelled: "cancelled"
            case .held: "held: archive needs confirmation"
            }
        }
    }

    public var runId: Int64
    public var integrationId: Int64
    public var phase: Phase
    public var pages: Int
    public var itemsSeen: Int
    /// The catalog size when the provider reports one (for the bar and the ETA).
    public var totalReported: Int?
    /// Share of the listing read (0…1) when the client reports it; preferred over items/total.
    public var listedFraction: Double?
    public var counts: SyncPlanCounts
    public var startedAt: Date
    public var updatedAt: Date
    public var dryRun: Bool
    /// Why a run failed or was held, for the administrator.
    public var message: String?
    /// How long the run has been waiting for a provider's report to be built (Percipio's learning
    /// activity report), while it waits; nil otherwise.
    public var reportWaitSeconds: Double?
    /// What a held run would archive: the one number every view of the hold shows (set only when held).
    public var heldArchive: HeldArchive?
    /// Which listing the run reads (`ListingKind.storeValue`), once decided.
    public var listing: String?

    public var listingKind: ListingKind? { ListingKind(storeValue: listing) }

    public init(runId: Int64, integrationId: Int64, phase: Phase = .starting, pages: Int = 0, itemsSeen: Int = 0,
                totalReported: Int? = nil, counts: SyncPlanCounts = SyncPlanCounts(), startedAt: Date, updatedAt: Date? = nil,
                dryRun: Bool = false, message: String? = nil) {
        self.runId = runId
        self.integrationId = integrationId
        self.phase = phase
        self.pages = pages
        self.itemsSeen = itemsSeen
        self.totalReported = totalReported
        self.counts = counts
        self.startedAt = startedAt
        self.updatedAt = updatedAt ?? startedAt
        self.dryRun = dryRun
        self.message = message
    }

    /// The phase as people read it, with the report wait when there is one:
    /// "pulling learner statistics (waiting 2 min 30 s for the provider's report)".
    public var phaseText: String {
        guard let wait = reportWaitSeconds, phase == .pullingStatistics else { return phase.label }
        let s = wait.wholeSeconds ?? Int.max
        let text = s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
        return "\(phase.label) (waiting \(text) for the provider's report)"
    }

    public var elapsedSeconds: Double { max(0, updatedAt.timeIntervalSince(startedAt)) }

    public var itemsPerSecond: Double { elapsedSeconds > 0 ? Double(itemsSeen) / elapsedSeconds : 0 }

    /// 0…1 when the total is known.
    public var fraction: Double? {
        if phase == .succeeded { return 1 }
        if let listedFraction { return min(1, max(0, listedFraction)) }
        guard let total = totalReported, total > 0 else { return nil }
        return min(1, Double(itemsSeen) / Double(total))
    }

    /// "453 of 2000" when the reported total is a total of these items; just "453" otherwise.
    public var itemsText: String {
        guard let total = totalReported, itemsSeen <= total else { return "\(itemsSeen)" }
        return "\(itemsSeen) of \(total)"
    }

    public var etaSeconds: Double? {
        if let f = fraction, f > 0, listedFraction != nil, !phase.isFinal { return elapsedSeconds * (1 - f) / f }
        guard let total = totalReported, itemsPerSecond > 0, !phase.isFinal else { return nil }
        return max(0, Double(total - itemsSeen) / itemsPerSecond)
    }
}

/// The mass-archive guard's numbers for a held run (DESIGN §2 Safety), carried with its progress so the console's
/// screen, status line and confirmation, and the CLI, all show the same count.
public struct HeldArchive: Sendable, Equatable, Codable {
    /// Active courses the complete listing no longer contained: what confirming would archive.
    public var courses: Int
    /// Active courses before the run.
    public var activeCourses: Int
    /// The guard's share (0…1) above which a run is held.
    public var threshold: Double

    public init(courses: Int, activeCourses: Int, threshold: Double) {
        self.courses = courses
        self.activeCourses = activeCourses
        self.threshold = threshold
    }

    /// "2306 of 2306 active courses (100%)".
    public var shareText: String {
        let share = activeCourses > 0 ? Double(courses) / Double(activeCourses) : 0
        return "\(courses) of \(activeCourses) active course\(activeCourses == 1 ? "" : "s") (\(MassArchiveDecision.percent(share)))"
    }

    public var thresholdText: String { MassArchiveDecision.percent(threshold) }
}
