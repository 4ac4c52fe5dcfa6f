import CourseBridgeCore
import Foundation

/// One element of `elements[]` → a `CatalogItem`.
enum LinkedInItemMapper {
    typealias F = LinkedInFields

    /// Nil when the element has no urn (the caller fails the page: it cannot be identified).
    static func item(from element: LinkedInElement, sourceLocale: String) -> CatalogItem? {
        guard let urn = element.urn?.string, !urn.isEmpty else { return nil }
        let d = element.details
        let rawType = element.type?.string?.uppercased() ?? F.courseType
        var item = CatalogItem(providerId: urn, contentType: F.contentTypes[rawType] ?? ContentType.custom,
                               title: element.title?.string ?? "")
        item.description = d.description?.string ?? d.shortDescription?.string ?? ""
        item.thumbnailURL = d.thumbnail?.string
        item.authors = authors(d.contributors ?? [])
        item.durationSeconds = ValueParsing.durationSeconds(value: d.duration?.double, unit: d.durationUnit?.string)
        item.difficulty = Normalize.difficulty(d.level?.string)
        item.languages = languages(d.availableLocales ?? [], sourceLocale: sourceLocale)
        item.lastUpdatedAt = ValueParsing.date(epochMillis: d.lastUpdatedAt?.double ?? d.publishedAt?.double)
        item.isRetired = d.availability?.string?.uppercased() == F.retired
        item.launchURL = d.webLaunch?.string ?? d.ssoLaunch?.string
        applyClassifications(d.classifications ?? [], to: &item)
        return item
    }

    /// The same from a parsed element (tests, recorded traffic): read back through the page reader, so both paths
    /// follow one set of rules.
    static func item(from element: ProviderJSON, sourceLocale: String) -> CatalogItem? {
        guard let read = try? JSONScanner.read(Data(element.canonicalText.utf8), LinkedInElement.read) else { return nil }
        return item(from: read, sourceLocale: sourceLocale)
    }

    /// Contributors whose `contributionType` is AUTHOR (one without a type is taken as an author);
    /// PUBLISHER entries (LinkedIn itself, a partner) are not authors.
    static func authors(_ contributors: [LinkedInElement.Contributor]) -> [String] {
        Normalize.unique(contributors.compactMap { c -> String? in
            let type = c.contributionType?.string?.uppercased() ?? F.authorContribution
            return type == F.authorContribution ? c.name?.string : nil
        })
    }

    /// `availableLocales`, else the locale the listing was read in.
    private static func languages(_ locales: [LinkedInElement.LocaleEntry], sourceLocale: String) -> [String] {
        let listed = locales.compactMap { locale -> String? in
            guard let lang = locale.language?.string, !lang.isEmpty else { return nil }
            let country = locale.country?.string ?? ""
            return Normalize.language(country.isEmpty ? lang : "\(lang)_\(country)")
        }
        return listed.isEmpty ? [Normalize.language(sourceLocale)] : Normalize.unique(listed)
    }

    private static func applyClassifications(_ list: [LinkedInElement.Classification], to item: inout CatalogItem) {
        var subjects: [String] = [], tags: [String] = [], skills: [String] = []
        for c in list {
            guard let name = c.name?.string, !name.isEmpty else { continue }
            let type = c.type?.string?.uppercased() ?? ""
            if type == F.subjectType { subjects.append(name) }
            if F.tagTypes.contains(type) { tags.append(name) }
            if type == F.skillType { skills.append(name) }
        }
        item.subjects = Normalize.unique(subjects)
        item.categories = Normalize.unique(tags)
        item.skills = Normalize.unique(skills)
    }
}
