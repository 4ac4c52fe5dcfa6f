import Foundation

/// An integration's catalog filters. Empty lists mean "everything".
public struct CatalogFilter: Sendable, Equatable, Codable {
    public var languages: [String]
    public var contentTypes: [String]

    public init(languages: [String] = [], contentTypes: [String] = []) {
        self.languages = languages
        self.contentTypes = contentTypes
    }

    public var isEmpty: Bool { languages.isEmpty && contentTypes.isEmpty }
}

/// Seeds 002 and 004: several values of one filter are OR, different filters are AND.
public enum FilterRules {
    // MARK: - Language

    /// `en-US`, `en_us`, `EN` → (`en`, `us`), (`en`, `us`), (`en`, nil).
    static func languageParts(_ code: String) -> (primary: String, region: String?) {
        let parts = code.trimmed.lowercased()
            .split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : nil)
    }

    /// Matches on the primary language code, case-insensitively: `en` matches `en-US` both ways.
    /// When both sides name a region they must agree (`pt-BR` does not match `pt-PT`).
    public static func languageMatches(_ language: String, filterValue: String) -> Bool {
        let a = languageParts(language), b = languageParts(filterValue)
        guard !a.primary.isEmpty, a.primary == b.primary else { return false }
        if let ra = a.region, let rb = b.region { return ra == rb }
        return true
    }

    /// True when any of the item's languages matches any filter value; an empty filter matches all.
    /// An item that states no language matches no non-empty language filter.
    public static func matchesLanguages(_ languages: [String], filter: [String]) -> Bool {
        filter.isEmpty || languages.contains { lang in filter.contains { languageMatches(lang, filterValue: $0) } }
    }

    // MARK: - Content type

    /// `LINKED_CONTENT`, `Linked content` and `linked-content` are the same type.
    public static func normalizedContentType(_ type: String) -> String {
        type.trimmed.lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
    }

    public static func matchesContentType(_ type: String, filter: [String]) -> Bool {
        filter.isEmpty || filter.map(normalizedContentType).contains(normalizedContentType(type))
    }

    // MARK: - Both

    /// Nil when the item passes both filters; else the first filter it fails.
    public static func mismatch(languages: [String], contentType: String, filter: CatalogFilter) -> OutOfScopeReason? {
        if !matchesLanguages(languages, filter: filter.languages) { return .languageFiltered(languages: languages) }
        if !matchesContentType(contentType, filter: filter.contentTypes) { return .contentTypeFiltered(contentType) }
        return nil
    }

    public static func matches(_ item: CatalogItem, filter: CatalogFilter) -> Bool {
        mismatch(languages: item.languages, contentType: item.contentType, filter: filter) == nil
    }

    public static func matches(_ course: Course, filter: CatalogFilter) -> Bool {
        mismatch(languages: course.languages, contentType: course.contentType, filter: filter) == nil
    }

    // MARK: - Archive impact

    /// The active courses that saving `filter` would archive at once (the preview shown before saving).
    /// Archived courses stay as they are, matching or not.
    public static func archiveImpact(courses: [Course], filter: CatalogFilter) -> [Course] {
        courses.filter { $0.status == .active && !matches($0, filter: filter) }
    }
}
