import Foundation

/// One course as a provider lists it, normalized: every provider client produces these and the
/// sync engine reconciles them. Field names follow DESIGN §2; providers.md says where each comes from.
public struct CatalogItem: Sendable, Equatable, Codable {
    public var providerId: String
    /// Normalized content type, see `ContentType`.
    public var contentType: String
    public var title: String
    public var description: String
    public var thumbnailURL: String?
    public var authors: [String]
    public var subjects: [String]
    /// Provider categories (LinkedIn libraries/subjects/topics, Skillsoft areas and subjects):
    /// they become `synced` tags while tag sync is on.
    public var categories: [String]
    public var skills: [String]
    public var durationSeconds: Int?
    public var difficulty: String?
    /// Language codes, lower case (`en`, `fr`, `pt-br`); the primary language first.
    public var languages: [String]
    /// Translated name and description per language (Skillsoft: one course, several languages).
    public var translations: [Translation]
    public var lastUpdatedAt: Date?
    public var isRetired: Bool
    public var launchURL: String?
    /// Coursera: the programs this content belongs to.
    public var programIds: [String]

    public init(providerId: String, contentType: String = ContentType.course, title: String, description: String = "",
                thumbnailURL: String? = nil, authors: [String] = [], subjects: [String] = [], categories: [String] = [],
                skills: [String] = [], durationSeconds: Int? = nil, difficulty: String? = nil, languages: [String] = [],
                translations: [Translation] = [], lastUpdatedAt: Date? = nil, isRetired: Bool = false,
                launchURL: String? = nil, programIds: [String] = []) {
        self.providerId = providerId
        self.contentType = contentType
        self.title = title
        self.description = description
        self.thumbnailURL = thumbnailURL
        self.authors = authors
        self.subjects = subjects
        self.categories = categories
        self.skills = skills
        self.durationSeconds = durationSeconds
        self.difficulty = difficulty
        self.languages = languages
        self.translations = translations
        self.lastUpdatedAt = lastUpdatedAt
        self.isRetired = isRetired
        self.launchURL = launchURL
        self.programIds = programIds
    }
}

public struct Translation: Sendable, Equatable, Codable {
    public var language: String
    public var title: String
    public var description: String
    public init(language: String, title: String, description: String) {
        self.language = language
        self.title = title
        self.description = description
    }
}

/// Normalized content types. Skillsoft's nine synchronized types (seed 004) and the LinkedIn
/// asset types that are *not* synchronized (seed 002).
public enum ContentType {
    public static let course = "course"
    public static let book = "book"
    public static let audiobook = "audiobook"
    public static let channel = "channel"
    public static let journey = "journey"
    public static let linkedContent = "linked-content"
    public static let assessment = "assessment"
    public static let benchmark = "benchmark"
    public static let uncategorized = "uncategorized"
    public static let video = "video"
    public static let event = "event"
    public static let link = "link"
    public static let custom = "custom"
    public static let specialization = "specialization"
    public static let program = "program"

    public static let skillsoftTypes = [course, book, audiobook, channel, journey, linkedContent, assessment, benchmark, uncategorized]

    /// Which content types a provider's integration synchronizes.
    public static func isSynchronized(_ type: String, provider: Provider) -> Bool {
        switch provider {
        case .skillsoft: skillsoftTypes.contains(type)
        case .linkedin, .coursera, .edx: type == course
        }
    }
}

/// Learner activity pulled from Coursera's enrollment report or edX's learner progress.
/// Fields a provider does not report stay nil (edX: completion and last activity only).
public struct LearnerActivityRecord: Sendable, Equatable, Codable {
    public var email: String?
    public var externalId: String?
    public var contentId: String
    public var isCompleted: Bool
    public var completedAt: Date?
    public var progressPercent: Double?
    public var scorePercent: Double?
    public var lastActivityAt: Date?
    public var resources: [ResourceTime]

    public init(email: String?, externalId: String? = nil, contentId: String, isCompleted: Bool, completedAt: Date? = nil,
                progressPercent: Double? = nil, scorePercent: Double? = nil, lastActivityAt: Date? = nil,
                resources: [ResourceTime] = []) {
        self.email = email
        self.externalId = externalId
        self.contentId = contentId
        self.isCompleted = isCompleted
        self.completedAt = completedAt
        self.progressPercent = progressPercent
        self.scorePercent = scorePercent
        self.lastActivityAt = lastActivityAt
        self.resources = resources
    }

    /// Time spent is reported per resource (Coursera); the attempt holds their sum.
    public var timeSpentSeconds: Int? { resources.isEmpty ? nil : resources.reduce(0) { $0 + $1.timeSpentSeconds } }
}

public struct ResourceTime: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var timeSpentSeconds: Int
    public init(id: String, name: String, timeSpentSeconds: Int) {
        self.id = id
        self.name = name
        self.timeSpentSeconds = timeSpentSeconds
    }
}
