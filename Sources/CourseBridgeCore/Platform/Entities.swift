import Foundation

/// A group of the platform; an integration is set on one of them, the synchronized group.
public struct Group: Sendable, Equatable, Codable {
    public var id: Int64?
    public var name: String
    public var parentId: Int64?
    public var isPrivate: Bool
    public init(id: Int64? = nil, name: String, parentId: Int64? = nil, isPrivate: Bool = false) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.isPrivate = isPrivate
    }
}

/// A platform user: email unique case-insensitively, username unique, external id not unique.
public struct User: Sendable, Equatable, Codable {
    public var id: Int64?
    public var email: String
    public var username: String?
    public var externalId: String?
    public var displayName: String?
    public init(id: Int64? = nil, email: String, username: String? = nil, externalId: String? = nil, displayName: String? = nil) {
        self.id = id
        self.email = email
        self.username = username
        self.externalId = externalId
        self.displayName = displayName
    }
}

/// An integration's configuration; secrets live elsewhere, encrypted, and never in this value.
public struct Integration: Sendable, Equatable, Codable {
    public var id: Int64?
    public var provider: Provider
    public var groupId: Int64
    public var authorUserId: Int64
    public var apiBase: String
    public var tokenURL: String?
    public var learnerIdentification: LearnerIdentification
    public var languageFilter: [String]
    public var contentTypeFilter: [String]
    public var tagSync: Bool
    public var schedule: DailySchedule
    public var state: IntegrationState
    public var hasCredentials: Bool
    public var webhookClientId: String?
    /// When the integration was set up: LinkedIn completions before it are not shown (seed 002).
    public var configuredAt: Date
    /// Coursera program selection; empty means all programs ("auto-mapping").
    public var selectedPrograms: [String]
    public var archiveThreshold: Double
    /// A whole listing at least this often; the daily runs between read only what changed (issue 18).
    public var fullListingEveryDays: Int

    public init(id: Int64? = nil, provider: Provider, groupId: Int64, authorUserId: Int64, apiBase: String? = nil,
                tokenURL: String? = nil, learnerIdentification: LearnerIdentification = .email, languageFilter: [String] = [],
                contentTypeFilter: [String] = [], tagSync: Bool = false, schedule: DailySchedule? = nil,
                state: IntegrationState = .active, hasCredentials: Bool = false, webhookClientId: String? = nil,
                configuredAt: Date, selectedPrograms: [String] = [], archiveThreshold: Double = 0.2,
                fullListingEveryDays: Int = ListingRule.defaultFullListingDays) {
        self.id = id
        self.provider = provider
        self.groupId = groupId
        self.authorUserId = authorUserId
        self.apiBase = apiBase ?? provider.defaultAPIBase
        self.tokenURL = tokenURL ?? provider.defaultTokenURL
        self.learnerIdentification = learnerIdentification
        self.languageFilter = languageFilter
        self.contentTypeFilter = contentTypeFilter
        self.tagSync = tagSync
        self.schedule = schedule ?? provider.defaultSchedule
        self.state = state
        self.hasCredentials = hasCredentials
        self.webhookClientId = webhookClientId
        self.configuredAt = configuredAt
        self.selectedPrograms = selectedPrograms
        self.archiveThreshold = archiveThreshold
        self.fullListingEveryDays = fullListingEveryDays
    }

    /// The fingerprint of what shapes this integration's listing (`ListingRule.settingsFingerprint`).
    public var listingSettingsFingerprint: String {
        ListingRule.settingsFingerprint(languageFilter: languageFilter, contentTypeFilter: contentTypeFilter,
                                        programs: selectedPrograms, tagSync: tagSync, apiBase: apiBase)
    }
}

/// A synchronized course as the platform holds it.
public struct Course: Sendable, Equatable, Codable {
    public var id: Int64?
    public var integrationId: Int64?
    public var provider: Provider
    public var providerId: String
    public var title: String
    public var description: String
    public var thumbnailURL: String?
    public var authors: [String]
    public var subjects: [String]
    public var durationSeconds: Int?
    public var difficulty: String?
    public var languages: [String]
    public var contentType: String
    public var lastUpdatedAt: Date?
    public var status: CourseStatus
    public var launchURL: String?
    public var mainAuthorUserId: Int64?

    public init(id: Int64? = nil, integrationId: Int64?, provider: Provider, providerId: String, title: String,
                description: String = "", thumbnailURL: String? = nil, authors: [String] = [], subjects: [String] = [],
                durationSeconds: Int? = nil, difficulty: String? = nil, languages: [String] = [],
                contentType: String = ContentType.course, lastUpdatedAt: Date? = nil, status: CourseStatus = .active,
                launchURL: String? = nil, mainAuthorUserId: Int64? = nil) {
        self.id = id
        self.integrationId = integrationId
        self.provider = provider
        self.providerId = providerId
        self.title = title
        self.description = description
        self.thumbnailURL = thumbnailURL
        self.authors = authors
        self.subjects = subjects
        self.durationSeconds = durationSeconds
        self.difficulty = difficulty
        self.languages = languages
        self.contentType = contentType
        self.lastUpdatedAt = lastUpdatedAt
        self.status = status
        self.launchURL = launchURL
        self.mainAuthorUserId = mainAuthorUserId
    }
}
