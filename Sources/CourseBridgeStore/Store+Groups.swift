import CourseBridgeCore
import CourseBridgeData
import GRDB

extension Group {
    init(row: Row) {
        self.init(id: row["id"], name: row["name"], parentId: row["parent_id"], isPrivate: row["is_private"])
    }
}

extension Store {
    // MARK: - Groups

    public func addGroup(name: String, parentId: Int64?, isPrivate: Bool) throws(StoreError) -> Group {
        let trimmed = name.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a group needs a name") }
        let created = now().storeValue
        return try write { db in
            if let parentId, try Row.fetchOne(db, sql: #"SELECT 1 FROM "group" WHERE id = ?"#, arguments: [parentId]) == nil {
                throw StoreError.notFound("no group with id \(parentId); list groups with: coursebridge group list")
            }
            try db.execute(sql: #"INSERT INTO "group"(name, parent_id, is_private, created_at) VALUES (?, ?, ?, ?)"#,
                           arguments: [trimmed, parentId, isPrivate, created])
            return Group(id: db.lastInsertedRowID, name: trimmed, parentId: parentId, isPrivate: isPrivate)
        }
    }

    public func groups() throws(StoreError) -> [Group] {
        try read { db in try Row.fetchAll(db, sql: #"SELECT * FROM "group" ORDER BY id"#).map(Group.init(row:)) }
    }

    public func group(id: Int64) throws(StoreError) -> Group {
        let found = try read { db in try Row.fetchOne(db, sql: #"SELECT * FROM "group" WHERE id = ?"#, arguments: [id]).map(Group.init(row:)) }
        guard let found else { throw .notFound("no group with id \(id); list groups with: coursebridge group list") }
        return found
    }

    /// The public groups below `groupId`, at any depth (Coursera courses go to all of them). A private
    /// subgroup hides its own subtree.
    public func publicSubgroups(of groupId: Int64) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                WITH RECURSIVE sub(id) AS (
                    SELECT id FROM "group" WHERE parent_id = ? AND is_private = 0
                    UNION ALL
                    SELECT g.id FROM "group" g JOIN sub ON g.parent_id = sub.id WHERE g.is_private = 0
                ) SELECT id FROM sub ORDER BY id
                """, arguments: [groupId])
        }
    }

    // MARK: - Members

    public func setMember(groupId: Int64, email: String, role: Role) throws(StoreError) {
        _ = try group(id: groupId)
        let user = try user(email: email)
        try write { db in
            try db.execute(sql: """
                INSERT INTO membership(group_id, user_id, role) VALUES (?, ?, ?)
                ON CONFLICT(group_id, user_id) DO UPDATE SET role = excluded.role
                """, arguments: [groupId, user.id, role.rawValue])
        }
    }

    public func members(groupId: Int64) throws(StoreError) -> [Member] {
        _ = try group(id: groupId)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.*, m.role FROM membership m JOIN user u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.email
                """, arguments: [groupId]).map { row in
                Member(user: User(row: row), role: Role(rawValue: row["role"]) ?? .learner)
            }
        }
    }

    public func role(userId: Int64, groupId: Int64) throws(StoreError) -> Role? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT role FROM membership WHERE group_id = ? AND user_id = ?",
                                arguments: [groupId, userId]).flatMap(Role.init(rawValue:))
        }
    }
}
