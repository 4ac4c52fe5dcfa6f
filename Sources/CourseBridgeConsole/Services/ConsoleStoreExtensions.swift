import CourseBridgeCore
import Foundation

/// Queries the console needs from parts of the store written elsewhere (statements, attempts, quarantine,
/// course edits, full-text search). The executable passes an implementation; each missing one shows as
/// "not available" instead of failing.
public protocol ConsoleStoreExtensions: Sendable {
    func statistics(_ query: StatsQuery) throws -> Page<StatRow>
    func quarantine(search: String, offset: Int, limit: Int) throws -> Page<QuarantineRow>
    /// Replays the given statements (nil: all quarantined); returns a sentence for the administrator.
    func replay(statementIds: [String]?) throws -> String
    func statementsToday(integrationId: Int64, now: Date) throws -> Int
    func quarantineCount(integrationId: Int64) throws -> Int
    func skills(courseId: Int64) throws -> [String]
    func saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String]) throws
    /// A page of courses whose title, description, tags or skills contain the text.
    func searchCourses(_ query: CourseListQuery) throws -> Page<Course>
}
