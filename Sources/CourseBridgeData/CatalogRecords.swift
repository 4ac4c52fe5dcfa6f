import CourseBridgeCore
import Foundation

/// A course with what the platform adds to it: tags (synced and manual) and skills.
public struct CourseDetails: Sendable, Equatable, Codable {
    public struct Tag: Sendable, Equatable, Codable {
        public var name: String
        public var source: TagSource
        public init(name: String, source: TagSource) {
            self.name = name
            self.source = source
        }
    }
    public var course: Course
    public var tags: [Tag]
    public var skills: [String]
    /// Groups whose library holds the course.
    public var libraryGroups: [Int64]

    public init(course: Course, tags: [Tag], skills: [String], libraryGroups: [Int64]) {
        self.course = course
        self.tags = tags
        self.skills = skills
        self.libraryGroups = libraryGroups
    }
}

public struct CourseQuery: Sendable {
    public var integrationId: Int64?
    public var status: CourseStatus?
    public var limit: Int?
    public var offset: Int
    public init(integrationId: Int64? = nil, status: CourseStatus? = nil, limit: Int? = nil, offset: Int = 0) {
        self.integrationId = integrationId
        self.status = status
        self.limit = limit
        self.offset = offset
    }
}

/// The webhook credentials a provider uses to push statements to CourseBridge. Only the secret's SHA-256 is
/// stored: `clientSecret` is there just after it was generated or rotated (shown once), nil afterwards.
public struct WebhookCredentials: Sendable, Equatable {
    public var clientId: String
    public var clientSecret: String?

    public init(clientId: String, clientSecret: String? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}

/// What the sync engine needs to know of a course already on the platform.
public struct KnownCourseRecord: Sendable {
    public var courseId: Int64
    public var integrationId: Int64?
    public var launchURL: String?
    public var known: KnownCourse

    public init(courseId: Int64, integrationId: Int64? = nil, launchURL: String? = nil, known: KnownCourse) {
        self.courseId = courseId
        self.integrationId = integrationId
        self.launchURL = launchURL
        self.known = known
    }
}

/// One page's writes, decided by the reconciler; archives are never part of a page (they wait for a complete listing).
public struct PageWrites: Sendable {
    public var created: [NewCourse] = []
    public var updated: [(courseId: Int64, item: CatalogItem, changes: CourseChanges)] = []
    public var warnings: [(providerId: String, message: String)] = []
    public init() {}
    public var isEmpty: Bool { created.isEmpty && updated.isEmpty && warnings.isEmpty }
}

/// A course a page creates, with the synced tags the sync rules gave it.
public struct NewCourse: Sendable {
    public let item: CatalogItem
    public var syncedTags: [String]
    /// Computed where the page is decided, so the store's writer (a sync's busiest thread) does not.
    public let fingerprint: CatalogFingerprint
    public init(_ item: CatalogItem, syncedTags: [String]) {
        self.item = item
        self.syncedTags = syncedTags
        fingerprint = CatalogFingerprint(item)
    }
}

extension PageWrites {
    /// Adds a new course with the synced tags `TagSync` decides for it (none when tag sync is off).
    public mutating func create(_ item: CatalogItem, tagSync: Bool) {
        created.append(NewCourse(item, syncedTags: TagSync.desiredSyncedTags(tagSyncEnabled: tagSync, categories: item.categories)))
    }

    public mutating func create(_ items: [CatalogItem], tagSync: Bool) {
        for item in items { create(item, tagSync: tagSync) }
    }
}
