import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

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

    // MARK: - Skills and manual tags (who may edit them is the engine's decision)

    @discardableResult
    public func addSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO course_skill(course_id, name) VALUES (?, ?)", arguments: [courseId, skill])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func removeSkill(courseId: Int64, skill: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try write { db in
            try db.execute(sql: "DELETE FROM course_skill WHERE course_id = ? AND name = ? COLLATE NOCASE", arguments: [courseId, skill])
            return db.changesCount > 0
        }
    }

    /// A manual tag stays through every sync.
    @discardableResult
    public func addManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try write { db in
            if try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM course_tag WHERE course_id = ? AND name = ? COLLATE NOCASE AND source = 'manual')
                """, arguments: [courseId, tag]) == true { return false }
            try db.execute(sql: "INSERT INTO course_tag(course_id, name, source) VALUES (?, ?, 'manual')", arguments: [courseId, tag])
            return true
        }
    }

    @discardableResult
    public func removeManualTag(courseId: Int64, tag: String) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        return try write { db in
            try db.execute(sql: "DELETE FROM course_tag WHERE course_id = ? AND name = ? COLLATE NOCASE AND source = 'manual'",
                           arguments: [courseId, tag])
            return db.changesCount > 0
        }
    }
}
