import CourseBridgeCore
import CourseBridgeData
import GRDB

extension User {
    init(row: Row) {
        self.init(id: row["id"], email: row["email"], username: row["username"], externalId: row["external_id"],
                  displayName: row["display_name"])
    }
}

extension Store {
    public func addUser(_ user: User) throws(StoreError) -> User {
        let problems = try addUsers([(line: 0, user: user)])
        if let first = problems.first { throw .conflict(first.reason) }
        return try self.user(email: user.email)
    }

    /// Adds every user or none. Returns the problems found (then nothing was written).
    public func addUsers(_ rows: [(line: Int, user: User)]) throws(StoreError) -> [ImportProblem] {
        let created = now().storeValue
        let rows = rows.map { (line: $0.line, user: $0.user.cleaned) }
        return try write { db in
            var problems: [ImportProblem] = []
            var seenEmails: [String: Int] = [:]
            var seenUsernames: [String: Int] = [:]
            let emailTaken = try db.cachedStatement(sql: "SELECT 1 FROM user WHERE email = ?")
            let usernameTaken = try db.cachedStatement(sql: "SELECT 1 FROM user WHERE username = ?")
            for (line, user) in rows {
                if user.email.isEmpty { problems.append(.init(line: line, reason: "missing email")); continue }
                guard EmailAddress.isValid(user.email) else {
                    problems.append(.init(line: line, reason: "bad email '\(user.email)'")); continue
                }
                let key = user.email.lowercased()
                if let other = seenEmails[key] {
                    problems.append(.init(line: line, reason: "duplicate email \(user.email) (also on line \(other))"))
                } else if try Row.fetchOne(emailTaken, arguments: [user.email]) != nil {
                    problems.append(.init(line: line, reason: "duplicate email: a user with email \(user.email) already exists"))
                }
                seenEmails[key] = seenEmails[key] ?? line
                if let username = user.username {
                    if let other = seenUsernames[username] {
                        problems.append(.init(line: line, reason: "duplicate username \(username) (also on line \(other))"))
                    } else if try Row.fetchOne(usernameTaken, arguments: [username]) != nil {
                        problems.append(.init(line: line, reason: "duplicate username: \(username) is already taken"))
                    }
                    seenUsernames[username] = seenUsernames[username] ?? line
                }
            }
            guard problems.isEmpty else { return problems }
            let insert = try db.makeStatement(sql: """
                INSERT INTO user(email, username, external_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)
                """)
            for (_, user) in rows {
                try insert.execute(arguments: [user.email, user.username, user.externalId, user.displayName, created])
            }
            return []
        }
    }

    public func users() throws(StoreError) -> [User] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY id").map(User.init(row:)) }
    }

    public func user(email: String) throws(StoreError) -> User {
        let found = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ?", arguments: [email.trimmed])
                .map(User.init(row:))
        }
        guard let found else { throw .notFound("no user with email \(email); add one with: coursebridge user add --email \(email)") }
        return found
    }

    /// Users whose identifier of the given kind equals `value`: email case-insensitively; external ids may match several.
    public func users(matching value: String, by mode: LearnerIdentification) throws(StoreError) -> [User] {
        let column = switch mode {
        case .email: "email"
        case .username: "username"
        case .externalId: "external_id"
        }
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM user WHERE \(column) = ? ORDER BY id", arguments: [value]).map(User.init(row:))
        }
    }
}
