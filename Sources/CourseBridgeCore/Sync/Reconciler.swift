import Foundation

/// The one reconciliation every provider's listing goes through (DESIGN §2).
public enum Reconciler {
    // MARK: - Per item

    /// Decides what to do with one listed item given what the store knows of its provider id.
    public static func decide(_ item: CatalogItem, known: KnownCourse?, settings: SyncSettings) -> SyncAction {
        // Retired first: the seed's words are "archived" (known) and "ignored" (never imported).
        if item.isRetired {
            guard let known else { return .ignored }
            return known.status == .active ? .archived(.retiredAtProvider) : .unchanged
        }
        if let reason = outOfScopeReason(item, settings: settings) {
            guard let known else { return .outOfScope(reason) }
            return known.status == .active ? .archived(.outOfScope(reason)) : .unchanged
        }
        guard let known else { return .created }

        let tagPlan = TagSync.plan(tagSyncEnabled: settings.tagSync, categories: item.categories,
                                   currentSynced: known.syncedTags, manualTags: known.manualTags)
        let changes = CourseChanges(metadata: known.fingerprint != CatalogFingerprint(item),
                                    reactivated: known.status == .archived,
                                    tagsToAdd: tagPlan.add, tagsToRemove: tagPlan.remove)
        return changes.isEmpty ? .unchanged : .updated(changes)
    }

    /// Nil when the integration synchronizes this item; else why not.
    public static func outOfScopeReason(_ item: CatalogItem, settings: SyncSettings) -> OutOfScopeReason? {
        // LinkedIn: COURSE only; Skillsoft: the nine types; Coursera and edX: courses.
        guard ContentType.isSynchronized(item.contentType, provider: settings.provider) else {
            return .contentTypeNotSynchronized(item.contentType)
        }
        if settings.provider == .coursera, !settings.selectedPrograms.isEmpty,
           Set(settings.selectedPrograms).isDisjoint(with: item.programIds) {
            return .programNotSelected
        }
        return FilterRules.mismatch(languages: item.languages, contentType: item.contentType, filter: settings.filter)
    }

    // MARK: - End of listing

    /// What a known-active course that a complete listing did not return means, per provider.
    public enum UnlistedPolicy: Equatable, Sendable {
        case archive
        case keepActive
    }

    public static func unlistedPolicy(for provider: Provider) -> UnlistedPolicy {
        switch provider {
        // Both catalogs return active content only and never mark retirement: disappearing is retiring.
        case .coursera, .edx: .archive
        // The listing is read with includeRetired=true, so retirement arrives as an item marked RETIRED
        // and is handled per item. A course merely absent may be in a locale not read this time
        // (the catalog is read per locale): absence proves nothing, so it is left as it is.
        case .linkedin: .keepActive
        // Seed 004: "it will remain active ... even if the Skillsoft API later stops returning it".
        case .skillsoft: .keepActive
        }
    }

    /// The provider ids of known-active courses to archive once a listing has ended.
    /// An incomplete listing (error, timeout, cancelled) archives nothing.
    public static func unlistedCoursesToArchive(provider: Provider, knownActiveIds: [String],
                                                listedIds: Set<String>, listingComplete: Bool) -> [String] {
        guard listingComplete, unlistedPolicy(for: provider) == .archive else { return [] }
        return knownActiveIds.filter { !listedIds.contains($0) }
    }
}
