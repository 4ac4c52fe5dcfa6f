import CourseBridgeCore
import Foundation

/// One generated catalog entry of one provider on one day, in provider-neutral form; the
/// per-provider renderers turn it into that provider's JSON.
public struct SimulatedItem: Sendable, Equatable {
    public let provider: Provider
    public let index: Int
    /// The id the provider uses (LinkedIn urn, Coursera id, edX key, Skillsoft UUID).
    public let providerId: String
    /// A second stable id where the provider has one (edX `uuid`, Skillsoft `code`).
    public let secondaryId: String
    /// The provider's own type name (`COURSE`, `Specialization`, `courserun`, `AUDIOBOOK` …).
    public let rawType: String
    /// The normalized `ContentType` a client should derive from `rawType`.
    public let contentType: String
    public let title: String
    public let description: String
    public let authors: [String]
    public let subjects: [String]
    /// LinkedIn libraries/topics, Skillsoft areas: the provider's categories.
    public let categories: [String]
    public let skills: [String]
    public let durationSeconds: Int
    /// `BEGINNER`, `INTERMEDIATE` or `ADVANCED`.
    public let difficulty: String
    /// Primary language, lower case (`en`, `pt`); LinkedIn: the source locale's language.
    public let language: String
    /// Region of the primary locale (`US`, `BR`).
    public let country: String
    /// Other languages the item is offered in (Skillsoft translations), primary excluded.
    public let translations: [Translation]
    public let createdDay: Int
    /// How many times title and description have changed since the item appeared.
    public let revision: Int
    public let publishedAt: Date
    public let lastUpdatedAt: Date
    public let isRetired: Bool
    /// When the item was retired (LinkedIn `retiredAt`), if it is.
    public let retiredAt: Date?
    /// Whether the provider's listing returns the item today.
    public let isListed: Bool
    public let launchURL: String
    public let thumbnailURL: String
    /// Coursera program ids the item belongs to.
    public let programIds: [String]

    /// Listed, not retired, and of a type the integration synchronizes.
    public var isActiveSynchronized: Bool {
        isListed && !isRetired && ContentType.isSynchronized(contentType, provider: provider)
    }
}

// MARK: - Generation

extension SimulatedItem {
    static let difficulties = ["BEGINNER", "INTERMEDIATE", "ADVANCED"]
    static let otherLanguages: [(String, String)] = [("fr", "FR"), ("de", "DE"), ("es", "ES"), ("ja", "JP"),
                                                     ("pt", "BR"), ("it", "IT"), ("zh", "CN"), ("nl", "NL")]

    init(catalog: SimulatedCatalog, provider: Provider, index: Int, traits: ItemTraits) {
        let day = catalog.day
        var h = SeededHash(seed: catalog.seed, salt: "item-\(provider.rawValue)", index)
        let rev = traits.revision(on: day)
        self.provider = provider
        self.index = index
        self.rawType = traits.rawType
        self.contentType = ItemTraits.normalizedType(traits.rawType, provider: provider)
        self.createdDay = traits.createdDay
        self.revision = rev.count
        self.isRetired = traits.isRetired(on: day)
        self.retiredAt = self.isRetired ? traits.retireDay.map { catalog.date(ofDay: $0) + 7_200 } : nil
        self.isListed = catalog.isListed(traits, provider: provider)

        // Identity
        var idGen = SeededHash(seed: catalog.seed, salt: "id-\(provider.rawValue)", index)
        switch provider {
        case .linkedin:
            let ns = ["COURSE": "lyndaCourse", "VIDEO": "lyndaVideo", "EVENT": "learningEvent",
                      "LINK": "learningLink"][traits.rawType] ?? "learningCustom"
            providerId = "urn:li:\(ns):\(100_000 + index)"
            secondaryId = String(100_000 + index)
        case .coursera:
            providerId = idGen.hex(22)
            secondaryId = "course-\(index)"
        case .edx:
            let school = WordLists.edxSchools[index % WordLists.edxSchools.count]
            let code = "\(school)+C\(10_000 + index)x"
            providerId = traits.rawType == "courserun" ? "course-v1:\(code)+2T2025"
                : traits.rawType == "program" ? "program-\(idGen.hex(8))" : code
            secondaryId = idGen.uuid()
        case .skillsoft:
            providerId = idGen.uuid()
            secondaryId = "sk_\(index)"
        }

        // Text
        let topic = h.pick(WordLists.topics)
        let opener = h.pick(WordLists.openers)
        let suffix = h.pick(WordLists.suffixes)
        let edition = rev.count > 0 ? " (rev. \(rev.count + 1))" : ""
        title = "\(opener) \(topic)\(suffix)\(edition)"
        let sentences = h.distinct(WordLists.sentences, count: h.int(in: 1...3))
        description = "\(topic): " + sentences.joined(separator: " ") + (rev.count > 0 ? " Updated content." : "")
        authors = (0..<h.int(in: 1...2)).map { _ in "\(h.pick(WordLists.firstNames)) \(h.pick(WordLists.lastNames))" }
        subjects = h.distinct(WordLists.subjects, count: h.int(in: 1...2))
        categories = [h.pick(WordLists.libraries)] + h.distinct(WordLists.topics, count: 1)
        skills = h.distinct(WordLists.skills, count: h.int(in: 0...3))
        durationSeconds = h.int(in: 6...480) * 60 + h.int(in: 0...59)
        difficulty = h.pick(Self.difficulties)

        // Language
        let primary: (String, String)
        switch provider {
        case .linkedin:
            let locale = LinkedInLocales.all[traits.localeIndex]
            primary = (locale.language, locale.country)
        default:
            primary = h.unit() < 0.7 ? ("en", "US") : h.pick(Self.otherLanguages)
        }
        (language, country) = primary
        if provider == .skillsoft, h.unit() < 0.4 {
            let extra = h.distinct(Self.otherLanguages.filter { $0.0 != primary.0 }, count: h.int(in: 1...3))
            translations = extra.map { lang, _ in
                Translation(language: lang, title: "\(WordLists.localizedOpeners[lang] ?? "") \(topic)\(edition)",
                            description: WordLists.localizedDescriptions[lang] ?? "")
            }
        } else {
            translations = []
        }

        // Dates: published up to ~3 years before day 0, updated at the last change
        let published = catalog.date(ofDay: traits.createdDay) - Double(h.int(in: 0...1000) * 86_400 + h.int(86_400))
        publishedAt = traits.createdDay > 0 ? catalog.date(ofDay: traits.createdDay) : published
        lastUpdatedAt = rev.lastDay.map { catalog.date(ofDay: $0) + 3_600 } ?? publishedAt

        // URLs and programs
        let slug = topic.lowercased().replacingOccurrences(of: " ", with: "-")
        launchURL = "https://\(provider.rawValue).example.com/learn/\(slug)-\(index)"
        thumbnailURL = "https://img.\(provider.rawValue).example.com/\(index).jpg"
        programIds = provider == .coursera ? catalog.courseraProgramIds(index: index) : []
    }
}
