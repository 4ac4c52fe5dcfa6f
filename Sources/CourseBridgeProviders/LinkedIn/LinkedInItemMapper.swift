import CourseBridgeCore
import Foundation

/// One element of `elements[]` → a `CatalogItem`.
enum LinkedInItemMapper {
    typealias F = LinkedInFields

    /// Nil when the element has no urn (the caller fails the page: it cannot be identified).
    static func item(from element: ProviderJSON, sourceLocale: String) -> CatalogItem? {
        guard let urn = element[F.urn]?.string, !urn.isEmpty else { return nil }
        let rawType = element[F.type]?.string?.uppercased() ?? F.courseType
        var item = CatalogItem(providerId: urn, contentType: F.contentTypes[rawType] ?? ContentType.custom,
                               title: element.at(F.title)?.string ?? "")
        item.description = element.at(F.description)?.string ?? element.at(F.shortDescription)?.string ?? ""
        item.thumbnailURL = element.at(F.thumbnail)?.string
        item.authors = authors(element.at(F.contributors)?.array ?? [])
        item.durationSeconds = ValueParsing.durationSeconds(value: element.at(F.duration)?.double,
                                                            unit: element.at(F.durationUnit)?.string)
        item.difficulty = Normalize.difficulty(element.at(F.level)?.string)
        item.languages = languages(of: element, sourceLocale: sourceLocale)
        item.lastUpdatedAt = ValueParsing.date(epochMillis: element.at(F.lastUpdatedAt)?.double ?? element.at(F.publishedAt)?.double)
        item.isRetired = element.at(F.availability)?.string?.uppercased() == F.retired
        item.launchURL = element.at(F.webLaunch)?.string ?? element.at(F.ssoLaunch)?.string
        applyClassifications(element.at(F.classifications)?.array ?? [], to: &item)
        return item
    }

    /// Contributors whose `contributionType` is AUTHOR (one without a type is taken as an author);
    /// PUBLISHER entries (LinkedIn itself, a partner) are not authors.
    static func authors(_ contributors: [ProviderJSON]) -> [String] {
        Normalize.unique(contributors.compactMap { c -> String? in
            let type = c[F.contributionType]?.string?.uppercased() ?? F.authorContribution
            return type == F.authorContribution ? c.at(F.contributorName)?.string : nil
        })
    }

    /// `availableLocales`, else the locale the listing was read in.
    private static func languages(of element: ProviderJSON, sourceLocale: String) -> [String] {
        let listed = (element.at(F.availableLocales)?.array ?? []).compactMap { locale -> String? in
            guard let lang = locale[F.localeLanguage]?.string, !lang.isEmpty else { return nil }
            let country = locale[F.localeCountry]?.string ?? ""
            return Normalize.language(country.isEmpty ? lang : "\(lang)_\(country)")
        }
        return listed.isEmpty ? [Normalize.language(sourceLocale)] : Normalize.unique(listed)
    }

    private static func applyClassifications(_ list: [ProviderJSON], to item: inout CatalogItem) {
        var subjects: [String] = [], tags: [String] = [], skills: [String] = []
        for entry in list {
            let c = entry[F.classification] ?? entry
            guard let name = c.at(F.classificationName)?.string, !name.isEmpty else { continue }
            let type = c[F.classificationType]?.string?.uppercased() ?? ""
            if type == F.subjectType { subjects.append(name) }
            if F.tagTypes.contains(type) { tags.append(name) }
            if type == F.skillType { skills.append(name) }
        }
        item.subjects = Normalize.unique(subjects)
        item.categories = Normalize.unique(tags)
        item.skills = Normalize.unique(skills)
    }
}
