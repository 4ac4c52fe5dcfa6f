import CourseBridgeCore
import Foundation

/// Integrations, their courses, and what a sync writes.
public protocol CatalogStore: Sendable {
    // Integrations
    /// Refuses a second active integration of one provider in one group. Who may author is decided before, by the
    /// engine's `IntegrationAuthoring` (people go through it; fixtures may write directly).
    func addIntegration(provider: Provider, groupId: Int64, authorEmail: String, apiBase: String?, tokenURL: String?) throws(StoreError) -> Integration
    func integrations() throws(StoreError) -> [Integration]
    func integration(id: Int64) throws(StoreError) -> Integration
    /// Sealed at rest; `credentials` opens them.
    func setCredentials(integrationId: Int64, values: [String: String]) throws(StoreError)
    func credentials(integrationId: Int64) throws(StoreError) -> [String: String]?
    func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws(StoreError)
    func setTagSync(integrationId: Int64, enabled: Bool) throws(StoreError)
    func setSchedule(integrationId: Int64, schedule: DailySchedule) throws(StoreError)
    /// How often a whole listing is read (days, at least 1); the runs between read only changes.
    func setFullListingInterval(integrationId: Int64, days: Int) throws(StoreError)
    func setSelectedPrograms(integrationId: Int64, programs: [String]) throws(StoreError)
    func setEndpoints(integrationId: Int64, apiBase: String, tokenURL: String?) throws(StoreError)
    /// Stops synchronization and archives every course of the integration; the number archived.
    @discardableResult func deactivate(integrationId: Int64) throws(StoreError) -> Int
    func activate(integrationId: Int64) throws(StoreError)
    /// Deletes an integration that never brought anything in: no course and no statement (statistics or quarantine).
    /// Its runs, run messages, webhook tokens and lease go with it; its events stay, without the integration.
    /// Otherwise `.conflict` saying to deactivate it instead. `.notFound` when there is no such integration.
    func deleteIntegration(id: Int64) throws(StoreError)
    /// Generates the webhook client id and secret when absent (or a new secret with `rotate`); the secret is
    /// returned only when just generated.
    func webhookCredentials(integrationId: Int64, rotate: Bool) throws(StoreError) -> (WebhookCredentials, generated: Bool)
    /// Saves the filters and archives `courseIds` in one transaction (the engine's `CatalogFilterSettings` decides which).
    func saveFilters(integrationId: Int64, filter: CatalogFilter, archiving courseIds: [Int64]) throws(StoreError)

    // Courses
    func course(id: Int64) throws(StoreError) -> Course
    func courses(_ query: CourseQuery) throws(StoreError) -> [Course]
    func courseCounts(integrationId: Int64) throws(StoreError) -> (active: Int, archived: Int)
    func tags(courseId: Int64) throws(StoreError) -> [(name: String, source: TagSource)]
    func courseDetails(id: Int64) throws(StoreError) -> CourseDetails
    /// False when the course already had the skill.
    @discardableResult func addSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool
    /// False when the course had no such skill.
    @discardableResult func removeSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool
    /// False when the course already had it as a manual tag.
    @discardableResult func addManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool
    /// False when the course had no such manual tag.
    @discardableResult func removeManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool

    // Search
    /// Full-text search over title, description, tags and skills, best matches first.
    func searchCourses(_ text: String, _ query: CourseQuery) throws(StoreError) -> [Course]
    /// Rebuilds the search index; the number of courses indexed.
    @discardableResult func refreshSearchIndex() throws(StoreError) -> Int
    /// The same search by scanning every course (the benchmark's baseline).
    func searchCoursesByScan(_ text: String, limit: Int) throws(StoreError) -> [Course]

    // What a sync reads and writes
    /// Every course of a provider (any integration), keyed by provider id, with its tags.
    func knownCourses(provider: Provider) throws(StoreError) -> [String: KnownCourseRecord]
    /// Applies one page's writes in one transaction: created courses join the catalog and library of `groups`.
    func apply(_ writes: PageWrites, integration: Integration, groups: [Int64], runId: Int64?) throws(StoreError)
    @discardableResult func archiveCourses(_ courseIds: [Int64]) throws(StoreError) -> Int
    func courseId(launchURL: String, excludingProvider provider: Provider, providerId: String) throws(StoreError) -> Int64?
    func activeCourseCount(integrationId: Int64) throws(StoreError) -> Int
    /// Launch URLs of other providers' courses, for duplicate detection.
    func foreignLaunchURLs(provider: Provider) throws(StoreError) -> [String: Int64]
    /// The courses of a provider (any integration) among `providerIds`, keyed by provider id, with their tags: what
    /// an incremental run needs of one page, instead of every known course. Ids the store does not hold are absent.
    func knownCourses(provider: Provider, providerIds: [String]) throws(StoreError) -> [String: KnownCourseRecord]
    /// `foreignLaunchURLs(provider:)` restricted to `launchURLs`: the duplicates warning for one page's new courses.
    func foreignLaunchURLs(provider: Provider, among launchURLs: [String]) throws(StoreError) -> [String: Int64]
}

extension CatalogStore {
    public func searchCourses(_ text: String) throws(StoreError) -> [Course] { try searchCourses(text, CourseQuery()) }
}
