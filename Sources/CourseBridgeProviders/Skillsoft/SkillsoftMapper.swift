import CourseBridgeCore
import Foundation

/// Percipio catalog items and report rows → normalized values.
enum SkillsoftMapper {
    typealias F = SkillsoftFields

    /// Nil without an id.
    static func item(from e: ProviderJSON) -> CatalogItem? {
        guard let id = e[F.id]?.string, !id.isEmpty else { return nil }
        let rawType = String((e.at(F.percipioType)?.string?.uppercased() ?? "").map { $0 == " " ? "_" : $0 })
        let translations = (e[F.localizedMetadata]?.array ?? []).compactMap { m -> Translation? in
            guard let code = m[F.localeCode]?.string else { return nil }
            return Translation(language: Normalize.language(code), title: m[F.title]?.string ?? "",
                               description: m[F.description]?.string ?? "")
        }
        // The primary text: English when present, else the first language listed.
        let primary = translations.first { $0.language.hasPrefix("en") } ?? translations.first
        var item = CatalogItem(providerId: id, contentType: F.contentTypes[rawType] ?? ContentType.uncategorized,
                               title: primary?.title ?? "")
        item.description = primary?.description ?? ""
        item.translations = translations
        let codes = (e[F.localeCodes]?.strings ?? []).map(Normalize.language)
        var languages = Normalize.unique(codes + translations.map(\.language))
        if let p = primary?.language, let i = languages.firstIndex(of: p) { languages.insert(languages.remove(at: i), at: 0) }
        item.languages = languages
        item.thumbnailURL = e[F.imageUrl]?.string
        item.authors = names(e[F.by])
        item.durationSeconds = ValueParsing.isoDurationSeconds(e[F.duration]?.string)
        item.difficulty = Normalize.difficulty(e[F.expertiseLevels]?.strings.first)
        item.isRetired = e.at(F.lifecycleStatus)?.string?.uppercased() == F.retired
        item.lastUpdatedAt = ValueParsing.date(e.at(F.lastUpdatedDate)?.string) ?? ValueParsing.date(e.at(F.publishDate)?.string)
        let subjects = names(e.at(F.subjects))
        item.subjects = subjects
        item.categories = Normalize.unique(names(e.at(F.areas)) + subjects)
        item.launchURL = e[F.link]?.string
        return item
    }

    /// Strings, or objects with a `name`/`title` (the API has used both).
    static func names(_ value: ProviderJSON?) -> [String] {
        Normalize.unique((value?.array ?? []).compactMap { $0.string ?? $0["name"]?.string ?? $0["title"]?.string })
    }

    /// Nil without a content uuid.
    static func row(from e: ProviderJSON) -> SkillsoftReportRow? {
        guard let content = e[F.contentUuid]?.string, !content.isEmpty else { return nil }
        return SkillsoftReportRow(
            userId: e[F.userId]?.string, emailAddress: e[F.emailAddress]?.string, userUuid: e[F.userUuid]?.string,
            contentUuid: content, contentId: e[F.contentId]?.string, contentTitle: e[F.contentTitle]?.string,
            contentType: e[F.contentType]?.string, languageCode: e[F.languageCode]?.string,
            status: e[F.status]?.string ?? "", lastScore: e[F.lastScore]?.double,
            durationSeconds: e[F.durationSeconds]?.double.map { Int($0.rounded()) },
            completedDate: ValueParsing.date(e[F.completedDate]?.string), firstAccess: ValueParsing.date(e[F.firstAccess]?.string),
            lastAccess: ValueParsing.date(e[F.lastAccess]?.string), totalAccesses: e[F.totalAccesses]?.int)
    }
}
