import CourseBridgeCore
import CourseBridgeData

/// An integration's catalog filters: Core's `FilterRules` decide which active courses a new filter archives at once,
/// and the store writes the filter and those archivals together. The CLI and the console both go through here, so the
/// preview shows exactly what saving archives.
public struct CatalogFilterSettings: Sendable {
    let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    /// The active courses saving `filter` would archive: shown to the administrator before saving.
    public func impact(integrationId: Int64, filter: CatalogFilter) throws(StoreError) -> [Course] {
        let active = try store.courses(CourseQuery(integrationId: integrationId, status: .active))
        return FilterRules.archiveImpact(courses: active, filter: filter)
    }

    /// Saves the filters and archives at once the active courses that no longer match; matching ones are unchanged.
    /// Returns the archived course ids.
    @discardableResult
    public func save(integrationId: Int64, filter: CatalogFilter) throws(StoreError) -> [Int64] {
        _ = try store.integration(id: integrationId)
        let toArchive = try impact(integrationId: integrationId, filter: filter).compactMap(\.id)
        try store.saveFilters(integrationId: integrationId, filter: filter, archiving: toArchive)
        return toArchive
    }
}
