import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import Foundation

/// Course search and course edits. Edits go through the engine's `PlatformEditing` as the acting user, so the
/// role rules are the CLI's.
extension StoreConsoleServices {
    /// Applies the difference between what the course has and what the administrator left in the form.
    public func saveCourseEdits(courseId: Int64, skills: [String], manualTags: [String]) throws {
        guard let actingEmail = actor?.email else {
            throw CLIError("no user to act as: restart the console with --as EMAIL (a group admin, editor or platform administrator)")
        }
        let details = try store.courseDetails(id: courseId)
        let (addSkills, removeSkills) = Self.difference(from: details.skills, to: skills)
        let manual = details.tags.filter { $0.source == .manual }.map(\.name)
        let (addTags, removeTags) = Self.difference(from: manual, to: manualTags)
        let editing = PlatformEditing(store: store)
        for skill in removeSkills { try editing.removeSkill(courseId: courseId, skill: skill, actingEmail: actingEmail) }
        for skill in addSkills { _ = try editing.addSkill(courseId: courseId, skill: skill, actingEmail: actingEmail) }
        for tag in removeTags { try editing.removeTag(courseId: courseId, tag: tag, actingEmail: actingEmail) }
        for tag in addTags { _ = try editing.addTag(courseId: courseId, tag: tag, actingEmail: actingEmail) }
    }

    /// A page of courses whose title, description, tags or skills contain the text.
    func searchCourses(_ query: CourseListQuery) throws -> Page<Course> {
        var page = CourseQuery(integrationId: query.integrationId)
        // One row past the page tells whether there is more without counting every match.
        page.limit = query.limit + 1
        page.offset = query.offset
        let rows = try store.searchCourses(query.search, page)
        let total = rows.count > query.limit ? query.offset + query.limit + 1 : query.offset + rows.count
        return Page(offset: query.offset, rows: Array(rows.prefix(query.limit)), total: total)
    }

    /// Case-insensitive difference of two label lists, ignoring blanks.
    static func difference(from old: [String], to new: [String]) -> (add: [String], remove: [String]) {
        let clean = new.map { $0.trimmed }.filter { !$0.isEmpty }
        let oldKeys = Set(old.map { $0.lowercased() })
        let newKeys = Set(clean.map { $0.lowercased() })
        return (clean.filter { !oldKeys.contains($0.lowercased()) }, old.filter { !newKeys.contains($0.lowercased()) })
    }
}
