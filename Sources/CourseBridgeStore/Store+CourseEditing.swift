import CourseBridgeCore
import Foundation
import GRDB

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
}

extension Store {
    // MARK: - Reading

    public func courseDetails(id: Int64) throws(StoreError) -> CourseDetails {
        let course = try course(id: id)
        let tags = try tags(courseId: id).map { CourseDetails.Tag(name: $0.name, source: $0.source) }
        return try read { db in
            let skills = try String.fetchAll(db, sql: "SELECT name FROM course_skill WHERE course_id = ? ORDER BY name", arguments: [id])
            let groups = try Int64.fetchAll(db, sql: "SELECT group_id FROM library_entry WHERE course_id = ? ORDER BY group_id", arguments: [id])
            return CourseDetails(course: course, tags: tags, skills: skills, libraryGroups: groups)
        }
    }

    // MARK: - Skills (editable)

    /// Adds a skill; false when the course already had it.
    @discardableResult
    public func addSkill(courseId: Int64, skill: String, actingEmail: String) throws(StoreError) -> Bool {
        let name = try Self.label(skill, what: "skill")
        try requireCourseEditor(.editSkills(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        return try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO course_skill(course_id, name) VALUES (?, ?)", arguments: [courseId, name])
            return db.changesCount > 0
        }
    }

    public func removeSkill(courseId: Int64, skill: String, actingEmail: String) throws(StoreError) {
        let name = try Self.label(skill, what: "skill")
        try requireCourseEditor(.editSkills(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        let removed = try write { db in
            try db.execute(sql: "DELETE FROM course_skill WHERE course_id = ? AND name = ? COLLATE NOCASE", arguments: [courseId, name])
            return db.changesCount > 0
        }
        if !removed { throw .notFound("course \(courseId) has no skill '\(name)'") }
    }

    // MARK: - Tags (manual ones editable, synced ones follow the tag sync toggle)

    /// Adds a manual tag; false when the course already had it as a manual tag. A manual tag stays through every sync.
    @discardableResult
    public func addTag(courseId: Int64, tag: String, actingEmail: String) throws(StoreError) -> Bool {
        let name = try Self.label(tag, what: "tag")
        try requireCourseEditor(.editManualTags(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        return try write { db in
            if try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM course_tag WHERE course_id = ? AND name = ? COLLATE NOCASE AND source = 'manual')
                """, arguments: [courseId, name]) == true { return false }
            try db.execute(sql: "INSERT INTO course_tag(course_id, name, source) VALUES (?, ?, 'manual')", arguments: [courseId, name])
            return true
        }
    }

    /// Removes a manual tag. A synced tag is refused for everyone: it follows the integration's tag sync setting.
    public func removeTag(courseId: Int64, tag: String, actingEmail: String) throws(StoreError) {
        let name = try Self.label(tag, what: "tag")
        let course = try course(id: courseId)
        let sources = try tags(courseId: courseId).filter { $0.name.lowercased() == name.lowercased() }.map(\.source)
        if !sources.contains(.manual) {
            if sources.contains(.synced),
               let refusal = Permissions.check(.removeSyncedTag(courseId: courseId, tag: name, provider: course.provider),
                                               by: ActingUser(email: actingEmail)) {
                throw .refused(refusal.description)
            }
            throw .notFound("course \(courseId) has no tag '\(name)'; see its tags with: coursebridge course show \(courseId)")
        }
        try requireCourseEditor(.editManualTags(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        try write { db in
            try db.execute(sql: "DELETE FROM course_tag WHERE course_id = ? AND name = ? COLLATE NOCASE AND source = 'manual'",
                           arguments: [courseId, name])
        }
    }

    // MARK: - Read-only parts of a synchronized course

    /// Title, description and content of a synchronized course cannot be edited by anyone (seed 002): always refused.
    public func editCourse(courseId: Int64, title: String?, description: String?, actingEmail: String) throws(StoreError) {
        let course = try course(id: courseId)
        let refusal = Permissions.check(.editCourse(courseId: courseId, provider: course.provider), by: ActingUser(email: actingEmail))
        throw .refused(refusal?.description ?? "course \(courseId) cannot be edited")
    }

    /// A synchronized course cannot be deleted by anyone (seed 002): always refused; the provider retiring it archives it.
    public func deleteCourse(courseId: Int64, actingEmail: String) throws(StoreError) {
        let course = try course(id: courseId)
        let refusal = Permissions.check(.deleteCourse(courseId: courseId, provider: course.provider), by: ActingUser(email: actingEmail))
        throw .refused(refusal?.description ?? "course \(courseId) cannot be deleted")
    }

    // MARK: - Helpers

    private func requireCourseEditor(_ operation: PlatformOperation, courseId: Int64, actingEmail: String) throws(StoreError) {
        _ = try course(id: courseId)
        let actor = try actingUser(email: actingEmail, groupId: nil, courseId: courseId)
        if let refusal = Permissions.check(operation, by: actor.rules) { throw .refused(refusal.description) }
    }

    private static func label(_ text: String, what: String) throws(StoreError) -> String {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a \(what) needs a name") }
        guard trimmed.count <= 100 else { throw .invalid("a \(what) name is at most 100 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("a \(what) name cannot contain control characters")
        }
        return trimmed
    }
}
