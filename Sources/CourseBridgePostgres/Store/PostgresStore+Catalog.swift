import CourseBridgeCore
import CourseBridgeData
import Foundation

extension PostgresStore: CatalogStore {
    public func addIntegration(provider: Provider, groupId: Int64, authorEmail: String, apiBase: String?, tokenURL: String?) throws(StoreError) -> Integration {
        throw StoreError.database("TODO(pg): addIntegration")
    }

    public func integrations() throws(StoreError) -> [Integration] {
        throw StoreError.database("TODO(pg): integrations")
    }

    public func integration(id: Int64) throws(StoreError) -> Integration {
        throw StoreError.database("TODO(pg): integration")
    }

    public func setCredentials(integrationId: Int64, values: [String: String]) throws(StoreError) {
        throw StoreError.database("TODO(pg): setCredentials")
    }

    public func credentials(integrationId: Int64) throws(StoreError) -> [String: String]? {
        throw StoreError.database("TODO(pg): credentials")
    }

    public func setLearnerIdentification(integrationId: Int64, mode: LearnerIdentification) throws(StoreError) {
        throw StoreError.database("TODO(pg): setLearnerIdentification")
    }

    public func setTagSync(integrationId: Int64, enabled: Bool) throws(StoreError) {
        throw StoreError.database("TODO(pg): setTagSync")
    }

    public func setSchedule(integrationId: Int64, schedule: DailySchedule) throws(StoreError) {
        throw StoreError.database("TODO(pg): setSchedule")
    }

    public func setSelectedPrograms(integrationId: Int64, programs: [String]) throws(StoreError) {
        throw StoreError.database("TODO(pg): setSelectedPrograms")
    }

    public func setEndpoints(integrationId: Int64, apiBase: String, tokenURL: String?) throws(StoreError) {
        throw StoreError.database("TODO(pg): setEndpoints")
    }

    public func deactivate(integrationId: Int64) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): deactivate")
    }

    public func activate(integrationId: Int64) throws(StoreError) {
        throw StoreError.database("TODO(pg): activate")
    }

    public func webhookCredentials(integrationId: Int64, rotate: Bool) throws(StoreError) -> (WebhookCredentials, generated: Bool) {
        throw StoreError.database("TODO(pg): webhookCredentials")
    }

    public func saveFilters(integrationId: Int64, filter: CatalogFilter, archiving courseIds: [Int64]) throws(StoreError) {
        throw StoreError.database("TODO(pg): saveFilters")
    }

    public func course(id: Int64) throws(StoreError) -> Course {
        throw StoreError.database("TODO(pg): course")
    }

    public func courses(_ query: CourseQuery) throws(StoreError) -> [Course] {
        throw StoreError.database("TODO(pg): courses")
    }

    public func courseCounts(integrationId: Int64) throws(StoreError) -> (active: Int, archived: Int) {
        throw StoreError.database("TODO(pg): courseCounts")
    }

    public func tags(courseId: Int64) throws(StoreError) -> [(name: String, source: TagSource)] {
        throw StoreError.database("TODO(pg): tags")
    }

    public func courseDetails(id: Int64) throws(StoreError) -> CourseDetails {
        throw StoreError.database("TODO(pg): courseDetails")
    }

    public func addSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): addSkill")
    }

    public func removeSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): removeSkill")
    }

    public func addManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): addManualTag")
    }

    public func removeManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): removeManualTag")
    }

    public func searchCourses(_ text: String, _ query: CourseQuery) throws(StoreError) -> [Course] {
        throw StoreError.database("TODO(pg): searchCourses")
    }

    public func refreshSearchIndex() throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): refreshSearchIndex")
    }

    public func searchCoursesByScan(_ text: String, limit: Int) throws(StoreError) -> [Course] {
        throw StoreError.database("TODO(pg): searchCoursesByScan")
    }

    public func knownCourses(provider: Provider) throws(StoreError) -> [String: KnownCourseRecord] {
        throw StoreError.database("TODO(pg): knownCourses")
    }

    public func apply(_ writes: PageWrites, integration: Integration, groups: [Int64], runId: Int64?) throws(StoreError) {
        throw StoreError.database("TODO(pg): apply")
    }

    public func archiveCourses(_ courseIds: [Int64]) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): archiveCourses")
    }

    public func courseId(launchURL: String, excludingProvider provider: Provider, providerId: String) throws(StoreError) -> Int64? {
        throw StoreError.database("TODO(pg): courseId")
    }

    public func activeCourseCount(integrationId: Int64) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): activeCourseCount")
    }

    public func foreignLaunchURLs(provider: Provider) throws(StoreError) -> [String: Int64] {
        throw StoreError.database("TODO(pg): foreignLaunchURLs")
    }
}
