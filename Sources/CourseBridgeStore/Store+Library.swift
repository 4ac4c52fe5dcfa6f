import CourseBridgeCore
import CourseBridgeData
import GRDB

extension Store {
    // MARK: - Libraries

    /// Adds a course to a group's library. False when it was already there.
    @discardableResult
    public func addToLibrary(courseId: Int64, groupId: Int64, addedBy userId: Int64) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        _ = try group(id: groupId)
        return try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO library_entry(group_id, course_id, added_by) VALUES (?, ?, ?)",
                           arguments: [groupId, courseId, userId])
            return db.changesCount > 0
        }
    }

    /// Removes a course from a group's library. False when it was not there.
    @discardableResult
    public func removeFromLibrary(courseId: Int64, groupId: Int64) throws(StoreError) -> Bool {
        _ = try course(id: courseId)
        _ = try group(id: groupId)
        return try write { db in
            try db.execute(sql: "DELETE FROM library_entry WHERE group_id = ? AND course_id = ?", arguments: [groupId, courseId])
            return db.changesCount > 0
        }
    }

    /// A group's library, by course id.
    public func library(groupId: Int64) throws(StoreError) -> [LibraryEntry] {
        _ = try group(id: groupId)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.*, u.email AS added_by_email FROM library_entry l JOIN course c ON c.id = l.course_id
                LEFT JOIN user u ON u.id = l.added_by WHERE l.group_id = ? ORDER BY c.id
                """, arguments: [groupId]).map { LibraryEntry(course: Course(row: $0), addedBy: $0["added_by_email"]) }
        }
    }

    /// Whether a group's library holds a course.
    public func libraryContains(groupId: Int64, courseId: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM library_entry WHERE group_id = ? AND course_id = ?)",
                              arguments: [groupId, courseId]) ?? false
        }
    }
}

// MARK: - The acting user

extension Store {
    /// Resolves `--as EMAIL`: platform admin anywhere, the role in `groupId`, and the roles in the groups that hold
    /// `courseId` (its libraries and its synchronized group), `groupId` left out.
    public func actingUser(email: String, groupId: Int64?, courseId: Int64?) throws(StoreError) -> ResolvedActor {
        let user = try user(email: email)
        let userId = user.id ?? 0
        return try read { db in
            let isPlatformAdmin = try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM membership WHERE user_id = ? AND role = 'platform-admin')
                """, arguments: [userId]) ?? false
            let role = try groupId.flatMap { g in
                try String.fetchOne(db, sql: "SELECT role FROM membership WHERE user_id = ? AND group_id = ?", arguments: [userId, g])
            }.flatMap(Role.init(rawValue:))
            var courseRoles: Set<Role> = []
            if let courseId {
                let names = try String.fetchAll(db, sql: """
                    SELECT m.role FROM membership m
                    WHERE m.user_id = ? AND m.group_id IS NOT ?
                      AND (m.group_id IN (SELECT group_id FROM library_entry WHERE course_id = ?)
                           OR m.group_id IN (SELECT i.group_id FROM course c JOIN integration i ON i.id = c.integration_id WHERE c.id = ?))
                    """, arguments: [userId, groupId, courseId, courseId])
                courseRoles = Set(names.compactMap(Role.init(rawValue:)))
            }
            return ResolvedActor(userId: userId, rules: ActingUser(email: user.email, isPlatformAdmin: isPlatformAdmin, role: role,
                                                                  courseGroupRoles: courseRoles))
        }
    }
}
