import CourseBridgeCore
import Foundation

/// Percipio catalog items and report rows → normalized values.
enum SkillsoftMapper {
    typealias F = SkillsoftFields

    /// Nil without an id.
    static func item(from e: SkillsoftElement) -> CatalogItem? {
        guard let id = e.id?.string, !id.isEmpty else { return nil }
        let typeText = e.percipioType?.string ?? ""
        let rawType = ASCIICase.uppercased(typeText, replacing: UInt8(ascii: " "), with: UInt8(ascii: "_"))
            ?? String(typeText.uppercased().map { $0 == " " ? "_" : $0 })
        let translations = e.localizedMetadata.compactMap { m -> Translation? in
            guard let code = m.localeCode?.string else { return nil }
            return Translation(language: Normalize.language(code), title: m.title?.string ?? "",
                               description: m.description?.string ?? "")
        }
        // The primary text: English when present, else the first language listed.
        let primary = translations.first { $0.language.hasPrefix("en") } ?? translations.first
        var item = CatalogItem(providerId: id, contentType: F.contentTypes[rawType] ?? ContentType.uncategorized,
                               title: primary?.title ?? "")
        item.description = primary?.description ?? ""
        item.translations = translations
        let codes = e.localeCodes.map(Normalize.language)
        var languages = Normalize.unique(codes + translations.map(\.language))
        if let p = primary?.language, let i = languages.firstIndex(of: p) { languages.insert(languages.remove(at: i), at: 0) }
        item.languages = languages
        item.thumbnailURL = e.imageUrl?.string
        item.authors = Normalize.unique(e.by)
        item.durationSeconds = ValueParsing.isoDurationSeconds(e.duration?.string)
        item.difficulty = Normalize.difficulty(e.expertiseLevels.first)
        item.isRetired = e.lifecycleStatus?.string?.uppercased() == F.retired
        item.lastUpdatedAt = ValueParsing.date(e.lastUpdatedDate?.string) ?? ValueParsing.date(e.publishDate?.string)
        let subjects = Normalize.unique(e.subjects)
        item.subjects = subjects
        item.categories = Normalize.unique(Normalize.unique(e.areas) + subjects)
        item.launchURL = e.link?.string
        return item
    }

    /// The same from a parsed item (tests, recorded traffic): read back through the page reader, so both paths
    /// follow one set of rules.
    static func item(from e: ProviderJSON) -> CatalogItem? {
        guard let read = try? JSONScanner.read(Data(e.canonicalText.utf8), SkillsoftElement.read) else { return nil }
        return item(from: read)
    }

    /// Nil without a content uuid.
    static func row(from e: ProviderJSON) -> SkillsoftReportRow? {
        guard let content = e[F.contentUuid]?.string, !content.isEmpty else { return nil }
        return SkillsoftReportRow(
            userId: e[F.userId]?.string, emailAddress: e[F.emailAddress]?.string, userUuid: e[F.userUuid]?.string,
            contentUuid: content, contentId: e[F.contentId]?.string, contentTitle: e[F.contentTitle]?.string,
            contentType: e[F.contentType]?.string, languageCode: e[F.languageCode]?.string,
            status: e[F.status]?.string ?? "", lastScore: e[F.lastScore]?.double,
            durationSeconds: e[F.durationSeconds]?.double?.wholeSeconds,
            completedDate: ValueParsing.date(e[F.completedDate]?.string), firstAccess: ValueParsing.date(e[F.firstAccess]?.string),
            lastAccess: ValueParsing.date(e[F.lastAccess]?.string), totalAccesses: e[F.totalAccesses]?.int)
    }
}
