import Foundation

/// A recorded sync run: `coursebridge runs` prints it and the console's history shows it.
public struct SyncRunRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var integrationId: Int64
    public var trigger: SyncTrigger
    public var startedAt: Date
    public var endedAt: Date?
    public var outcome: RunOutcome
    public var reason: String?
    public var counts: SyncPlanCounts
    public var pages: Int
    public var itemsSeen: Int
    public var warnings: Int
    public var errors: [RunMessage]
    /// Which listing the run read (`ListingKind.storeValue`: `incremental`, `full:periodic` …); nil for runs
    /// recorded before the kinds existed (full listings).
    public var listing: String?
    /// The listing-shaping settings the run used (`ListingRule.settingsFingerprint`).
    public var settingsFingerprint: String?

    public var listingKind: ListingKind? { ListingKind(storeValue: listing) }

    public var durationSeconds: Double? { endedAt.map { $0.timeIntervalSince(startedAt) } }

    public init(id: Int64, integrationId: Int64, trigger: SyncTrigger, startedAt: Date, endedAt: Date? = nil, outcome: RunOutcome, reason: String? = nil, counts: SyncPlanCounts, pages: Int, itemsSeen: Int, warnings: Int, errors: [RunMessage], listing: String? = nil, settingsFingerprint: String? = nil) {
        self.id = id
        self.integrationId = integrationId
        self.trigger = trigger
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.reason = reason
        self.counts = counts
        self.pages = pages
        self.itemsSeen = itemsSeen
        self.warnings = warnings
        self.errors = errors
        self.listing = listing
        self.settingsFingerprint = settingsFingerprint
    }
}

/// An error or warning a run recorded; `providerId` names the catalog item it is about, if any.
public struct RunMessage: Sendable, Codable, Equatable {
    /// Stored and printed (`runs --json`) as its raw value.
    public enum Kind: String, Sendable, Codable, CaseIterable { case error, warning }

    public var kind: Kind
    public var providerId: String?
    public var message: String

    public init(kind: Kind, providerId: String? = nil, message: String) {
        self.kind = kind
        self.providerId = providerId
        self.message = message
    }
}
