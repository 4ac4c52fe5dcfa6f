import Foundation

// MARK: - Inputs

/// The parts of an integration's configuration that decide what a sync does.
public struct SyncSettings: Sendable, Equatable {
    public var provider: Provider
    public var tagSync: Bool
    public var filter: CatalogFilter
    /// Coursera: selected program ids; empty means all programs ("auto-mapping").
    public var selectedPrograms: [String]

    public init(provider: Provider, tagSync: Bool = false, filter: CatalogFilter = CatalogFilter(),
                selectedPrograms: [String] = []) {
        self.provider = provider
        self.tagSync = tagSync
        self.filter = filter
        self.selectedPrograms = selectedPrograms
    }

    public init(integration: Integration) {
        self.init(provider: integration.provider, tagSync: integration.tagSync,
                  filter: CatalogFilter(languages: integration.languageFilter, contentTypes: integration.contentTypeFilter),
                  selectedPrograms: integration.selectedPrograms)
    }
}

/// What the store knows of one provider id.
public struct KnownCourse: Sendable, Equatable {
    public var status: CourseStatus
    /// Fingerprint of the item as last written; nil (never computed) counts as changed.
    public var fingerprint: CatalogFingerprint?
    /// Names of the course's tags whose source is `synced`.
    public var syncedTags: [String]
    /// Names of the course's manual tags: never touched, and never duplicated by a synced tag.
    public var manualTags: [String]

    public init(status: CourseStatus, fingerprint: CatalogFingerprint?, syncedTags: [String] = [], manualTags: [String] = []) {
        self.status = status
        self.fingerprint = fingerprint
        self.syncedTags = syncedTags
        self.manualTags = manualTags
    }
}

// MARK: - Decision

/// Why an item is outside what the integration synchronizes.
public enum OutOfScopeReason: Equatable, Sendable, CustomStringConvertible {
    case contentTypeNotSynchronized(String)
    case languageFiltered(languages: [String])
    case contentTypeFiltered(String)
    case programNotSelected

    public var description: String {
        switch self {
        case .contentTypeNotSynchronized(let t): "content type '\(t)' is not synchronized by this provider"
        case .languageFiltered(let l):
            "language \(l.isEmpty ? "(none given)" : l.joined(separator: ", ")) is not in the language filter"
        case .contentTypeFiltered(let t): "content type '\(t)' is not in the content-type filter"
        case .programNotSelected: "the course belongs to no selected Coursera program"
        }
    }
}

public enum ArchiveReason: Equatable, Sendable, CustomStringConvertible {
    case retiredAtProvider
    case outOfScope(OutOfScopeReason)
    /// A complete listing no longer returned it, and for this provider that means retired.
    case noLongerListed

    public var description: String {
        switch self {
        case .retiredAtProvider: "retired at the provider"
        case .outOfScope(let r): "no longer in scope: \(r)"
        case .noLongerListed: "no longer returned by the provider's catalog (retired)"
        }
    }
}

/// What an update writes.
public struct CourseChanges: Equatable, Sendable {
    public var metadata: Bool
    /// Archived here, active again at the provider.
    public var reactivated: Bool
    public var tagsToAdd: [String]
    public var tagsToRemove: [String]

    public init(metadata: Bool = false, reactivated: Bool = false, tagsToAdd: [String] = [], tagsToRemove: [String] = []) {
        self.metadata = metadata
        self.reactivated = reactivated
        self.tagsToAdd = tagsToAdd
        self.tagsToRemove = tagsToRemove
    }

    public var isEmpty: Bool { !metadata && !reactivated && tagsToAdd.isEmpty && tagsToRemove.isEmpty }
}

public enum SyncAction: Equatable, Sendable {
    case created
    case updated(CourseChanges)
    /// Known and identical: no write.
    case unchanged
    case archived(ArchiveReason)
    /// Retired at the provider and never imported.
    case ignored
    /// Never imported and outside the integration's scope: nothing to do (counted as ignored).
    case outOfScope(OutOfScopeReason)
}

// MARK: - Counts

/// The counts a sync run reports and keeps in its history.
public struct SyncPlanCounts: Equatable, Sendable, Codable {
    public var created = 0
    public var updated = 0
    public var archived = 0
    public var ignored = 0
    public var unchanged = 0

    public init(created: Int = 0, updated: Int = 0, archived: Int = 0, ignored: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.archived = archived
        self.ignored = ignored
        self.unchanged = unchanged
    }

    public mutating func record(_ action: SyncAction) {
        switch action {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .archived: archived += 1
        case .ignored, .outOfScope: ignored += 1
        }
    }

    public static func counting(_ actions: [SyncAction]) -> SyncPlanCounts {
        var counts = SyncPlanCounts()
        for a in actions { counts.record(a) }
        return counts
    }

    public var total: Int { created + updated + archived + ignored + unchanged }
}
