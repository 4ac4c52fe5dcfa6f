import CourseBridgeCore
import Foundation

/// A window of a long list: only the visible rows are ever read.
public struct Page<Row: Sendable & Equatable>: Sendable, Equatable {
    public var offset: Int
    public var rows: [Row]
    public var total: Int
    public init(offset: Int, rows: [Row], total: Int) {
        self.offset = offset
        self.rows = rows
        self.total = total
    }
    public static var empty: Page { Page(offset: 0, rows: [], total: 0) }
    public func row(at index: Int) -> Row? {
        let i = index - offset
        return rows.indices.contains(i) ? rows[i] : nil
    }
}

/// One dashboard line.
public struct IntegrationSummary: Sendable, Equatable {
    public var integration: Integration
    public var groupName: String
    public var authorEmail: String
    public var lastRun: SyncRunRecord?
    public var nextRun: Date?
    public var activeCourses: Int
    public var archivedCourses: Int
    public var statementsToday: Int?
    public var quarantined: Int?
    /// Which instance runs its sync right now ("host:pid", the sync lease's holder); nil when none does.
    public var syncHolder: String?
    public init(integration: Integration, groupName: String, authorEmail: String = "", lastRun: SyncRunRecord? = nil,
                nextRun: Date? = nil, activeCourses: Int = 0, archivedCourses: Int = 0, statementsToday: Int? = nil,
                quarantined: Int? = nil, syncHolder: String? = nil) {
        self.integration = integration
        self.groupName = groupName
        self.authorEmail = authorEmail
        self.lastRun = lastRun
        self.nextRun = nextRun
        self.activeCourses = activeCourses
        self.archivedCourses = archivedCourses
        self.statementsToday = statementsToday
        self.quarantined = quarantined
        self.syncHolder = syncHolder
    }
}

public struct CourseListQuery: Sendable, Equatable {
    public var integrationId: Int64?
    public var search: String
    public var offset: Int
    public var limit: Int
    public init(integrationId: Int64?, search: String = "", offset: Int = 0, limit: Int = 100) {
        self.integrationId = integrationId
        self.search = search
        self.offset = offset
        self.limit = limit
    }
}

public struct CourseDetail: Sendable, Equatable {
    public var course: Course
    public var syncedTags: [String]
    public var manualTags: [String]
    public var skills: [String]
    /// Other courses with the same launch URL at another provider.
    public var duplicates: [String]
    public init(course: Course, syncedTags: [String] = [], manualTags: [String] = [], skills: [String] = [], duplicates: [String] = []) {
        self.course = course
        self.syncedTags = syncedTags
        self.manualTags = manualTags
        self.skills = skills
        self.duplicates = duplicates
    }
}

/// Languages or content types present in the catalog, with their course counts.
public struct FilterOption: Sendable, Equatable {
    public var value: String
    public var courses: Int
    public init(value: String, courses: Int) {
        self.value = value
        self.courses = courses
    }
}

public struct FilterOptions: Sendable, Equatable {
    public var languages: [FilterOption]
    public var contentTypes: [FilterOption]
    public var current: CatalogFilter
    public init(languages: [FilterOption], contentTypes: [FilterOption], current: CatalogFilter) {
        self.languages = languages
        self.contentTypes = contentTypes
        self.current = current
    }
}

public enum StatsView: String, Sendable, Equatable, CaseIterable { case perCourse = "per course", perLearner = "per learner" }

public enum StatsColumn: String, Sendable, Equatable, CaseIterable {
    case learner, course, progress, score, timeSpent = "time", completion, result, lastActivity = "last activity", attempts
}

public struct StatsQuery: Sendable, Equatable {
    public var view: StatsView
    public var search: String
    public var sort: StatsColumn
    public var descending: Bool
    public var offset: Int
    public var limit: Int
    public init(view: StatsView = .perLearner, search: String = "", sort: StatsColumn = .lastActivity, descending: Bool = true,
                offset: Int = 0, limit: Int = 100) {
        self.view = view
        self.search = search
        self.sort = sort
        self.descending = descending
        self.offset = offset
        self.limit = limit
    }
}

/// One line of learner statistics: a learner on a course (per learner) or a course's totals (per course).
/// The host fills it with exactly what its query read; the screen and the CSV export show it as it is.
public struct StatRow: Sendable, Equatable {
    public var learner: String
    public var course: String
    /// Percent, 0–100.
    public var progress: Double
    /// Percent, 0–100; nil when nothing was scored.
    public var score: Double?
    public var timeSpentSeconds: Int
    public var completion: String
    public var result: String?
    public var lastActivity: Date?
    public var attempts: Int

    public init(learner: String, course: String, progress: Double, score: Double?, timeSpentSeconds: Int, completion: String,
                result: String?, lastActivity: Date?, attempts: Int) {
        self.learner = learner
        self.course = course
        self.progress = progress
        self.score = score
        self.timeSpentSeconds = timeSpentSeconds
        self.completion = completion
        self.result = result
        self.lastActivity = lastActivity
        self.attempts = attempts
    }
}

public struct QuarantineRow: Sendable, Equatable {
    public var integrationId: Int64
    public var statementId: String
    public var receivedAt: Date
    public var reason: String
    public var actor: String
    public var object: String
    public init(integrationId: Int64, statementId: String, receivedAt: Date, reason: String, actor: String, object: String) {
        self.integrationId = integrationId
        self.statementId = statementId
        self.receivedAt = receivedAt
        self.reason = reason
        self.actor = actor
        self.object = object
    }
}

public struct WizardOptions: Sendable, Equatable {
    /// Groups in tree order with their depth.
    public var groups: [(group: Group, depth: Int)]
    /// Everyone who may author some group's courses.
    public var authors: [User]
    /// The providers each group already has an active integration of (a group has at most one per provider).
    public var activeProviders: [Int64: Set<Provider>] = [:]
    /// Who may author each group's courses (its admins and editors, and platform administrators);
    /// nil: no per-group list was given, everyone in `authors` is offered.
    public var authorsByGroup: [Int64: [User]]?
    public init(groups: [(group: Group, depth: Int)], authors: [User], authorsByGroup: [Int64: [User]]? = nil) {
        self.groups = groups
        self.authors = authors
        self.authorsByGroup = authorsByGroup
    }

    /// The authors offered once the synchronized group is chosen: only those the store will accept.
    public func authors(for groupId: Int64?) -> [User] {
        guard let byGroup = authorsByGroup, let groupId else { return authors }
        return byGroup[groupId] ?? []
    }

    public static func == (a: WizardOptions, b: WizardOptions) -> Bool {
        a.authors == b.authors && a.activeProviders == b.activeProviders && a.authorsByGroup == b.authorsByGroup && a.groups.map(\.group) == b.groups.map(\.group)
            && a.groups.map(\.depth) == b.groups.map(\.depth)
    }
}

/// `clientSecret` is there only just after the secret was generated or rotated (shown once); it is empty
/// afterwards, since only its hash is stored.
public struct WebhookInfo: Sendable, Equatable {
    public var clientId: String
    public var clientSecret: String
    public init(clientId: String, clientSecret: String) {
        self.clientId = clientId
        self.clientSecret = clientSecret
    }
}

public struct ConnectionOutcome: Sendable, Equatable {
    public var ok: Bool
    public var message: String
    public init(ok: Bool, message: String) {
        self.ok = ok
        self.message = message
    }
}

/// Everything the console reads or changes. Called by `ConsoleRuntime` off the UI thread; never by `update`.
public protocol ConsoleServices: Sendable {
    // Reads
    func dashboard() throws -> [IntegrationSummary]
    func courses(_ query: CourseListQuery) throws -> Page<Course>
    func courseDetail(_ course: Course) throws -> CourseDetail
    func runs(integrationId: Int64?) throws -> [SyncRunRecord]
    func statistics(_ query: StatsQuery) throws -> Page<StatRow>
    func quarantine(search: String, offset: Int, limit: Int) throws -> Page<QuarantineRow>
    func filterOptions(integrationId: Int64) throws -> FilterOptions
    func filterImpact(integrationId: Int64, filter: CatalogFilter) throws -> Int
    func credentials(integrationId: Int64) throws -> [String: String]
    func webhook(integrationId: Int64, rotate: Bool) throws -> WebhookInfo
    func wizardOptions() throws -> WizardOptions
    /// The event log, newest first.
    func events(_ query: EventQuery) throws -> [PlatformEvent]
    /// Statements pushed to each pushing integration, read from the database.
    func intake() throws -> [IntakeRow]
    // Changes
    func saveCredentials(integrationId: Int64, values: [String: String]) throws
    func testConnection(integrationId: Int64) -> ConnectionOutcome
    func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws
    func setTagSync(integrationId: Int64, enabled: Bool) throws
    func setSchedule(integrationId: Int64, schedule: DailySchedule) throws
    func setFullListingInterval(integrationId: Int64, days: Int) throws
    func deactivate(integrationId: Int64) throws -> Int
    /// Undoes a deactivation; the next sync restores the courses.
    func activate(integrationId: Int64) throws
    /// Deletes an integration with no course and no statistics; throws the store's refusal otherwise.
    func deleteIntegration(integrationId: Int64) throws
    func saveFilters(integrationId: Int64, filter: CatalogFilter) throws -> Int
    func saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String]) throws
    func replay(statementIds: [String]?) throws -> String
    func createIntegration(provider: Provider, groupId: Int64, authorEmail: String) throws -> Int64
    func setSelectedPrograms(integrationId: Int64, programs: [String]) throws
    /// TEST CONNECTION before the integration exists (the wizard): nothing is stored.
    func testCandidate(provider: Provider, credentials: [String: String]) -> ConnectionOutcome
    /// The wizard's last step: creates the integration with its credentials (and Coursera programs) at once.
    func createIntegration(provider: Provider, groupId: Int64, authorEmail: String, credentials: [String: String],
                           programs: [String]?) throws -> Int64
    // Sync engine
    func startSync(integrationId: Int64, confirmArchive: Bool) throws -> Int64
    func cancelSync(integrationId: Int64)
    /// Progress events since the last call, newest per integration.
    func drainProgress() -> [SyncProgress]
}

extension ConsoleServices {
    public func activate(integrationId: Int64) throws { throw NotWired("activating an integration") }
    public func deleteIntegration(integrationId: Int64) throws { throw NotWired("deleting an integration") }

    public func testCandidate(provider: Provider, credentials: [String: String]) -> ConnectionOutcome {
        ConnectionOutcome(ok: false, message: NotWired("testing credentials before saving them").description)
    }

    public func createIntegration(provider: Provider, groupId: Int64, authorEmail: String, credentials: [String: String],
                                  programs: [String]?) throws -> Int64 {
        let id = try createIntegration(provider: provider, groupId: groupId, authorEmail: authorEmail)
        try saveCredentials(integrationId: id, values: credentials)
        if let programs { try setSelectedPrograms(integrationId: id, programs: programs) }
        return id
    }
}

/// An operation this build has not connected yet; the console says so instead of failing.
public struct NotWired: Error, CustomStringConvertible {
    public var what: String
    public init(_ what: String) { self.what = what }
    public var description: String { "\(what) is not available in this build yet" }
}
