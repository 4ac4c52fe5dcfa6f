import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

// MARK: - Users

extension PostgresStore: PlatformStore {
    public func addUser(_ user: User) throws(StoreError) -> User {
        let problems = try addUsers([(line: 0, user: user)])
        if let first = problems.first { throw .conflict(first.reason) }
        return try self.user(email: user.email)
    }

    /// Adds every user or none, in one transaction; the problems found (then nothing was written). The rows are
    /// checked against the database in two queries and inserted a thousand per statement, not one round trip each.
    public func addUsers(_ rows: [(line: Int, user: User)]) throws(StoreError) -> [ImportProblem] {
        let created = now().storeValue
        let rows = rows.map { (line: $0.line, user: $0.user.cleaned) }
        return try run {
            try pool.transaction { tx in
                let emails = rows.map(\.user.email).filter { !$0.isEmpty }
                let usernames = rows.compactMap(\.user.username)
                let takenEmails = Set(try tx.query("""
                    SELECT e FROM unnest($1::text[]) AS e WHERE EXISTS (SELECT 1 FROM "user" u WHERE lower(u.email) = lower(e))
                    """, [emails]).map { try $0.decode(index: 0, as: String.self) })
                let takenUsernames = Set(try tx.query("""
                    SELECT n FROM unnest($1::text[]) AS n WHERE EXISTS (SELECT 1 FROM "user" u WHERE u.username = n)
                    """, [usernames]).map { try $0.decode(index: 0, as: String.self) })
                let problems = Self.importProblems(rows, takenEmails: takenEmails, takenUsernames: takenUsernames)
                guard problems.isEmpty else { return problems }
                for chunk in stride(from: 0, to: rows.count, by: 1_000).map({ rows[$0..<min($0 + 1_000, rows.count)] }) {
                    var values: [String] = []
                    var binds: [PostgresBind?] = []
                    for (_, user) in chunk {
                        let n = binds.count
                        values.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5))")
                        binds += [user.email, user.username, user.externalId, user.displayName, created]
                    }
                    try tx.execute(#"INSERT INTO "user"(email, username, external_id, display_name, created_at) VALUES "#
                                   + values.joined(separator: ", "), binds)
                }
                return []
            }
        }
    }

    /// The same checks and reasons as the SQLite store, in the file's order.
    private static func importProblems(_ rows: [(line: Int, user: User)], takenEmails: Set<String>,
                                       takenUsernames: Set<String>) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        var seenEmails: [String: Int] = [:]
        var seenUsernames: [String: Int] = [:]
        for (line, user) in rows {
            if user.email.isEmpty { problems.append(.init(line: line, reason: "missing email")); continue }
            guard EmailAddress.isValid(user.email) else {
                problems.append(.init(line: line, reason: "bad email '\(user.email)'")); continue
            }
            let key = user.email.lowercased()
            if let other = seenEmails[key] {
                problems.append(.init(line: line, reason: "duplicate email \(user.email) (also on line \(other))"))
            } else if takenEmails.contains(user.email) {
                problems.append(.init(line: line, reason: "duplicate email: a user with email \(user.email) already exists"))
            }
            seenEmails[key] = seenEmails[key] ?? line
            if let username = user.username {
                if let other = seenUsernames[username] {
                    problems.append(.init(line: line, reason: "duplicate username \(username) (also on line \(other))"))
                } else if takenUsernames.contains(username) {
                    problems.append(.init(line: line, reason: "duplicate username: \(username) is already taken"))
                }
                seenUsernames[username] = seenUsernames[username] ?? line
            }
        }
        return problems
    }

    public func users() throws(StoreError) -> [User] {
        try run { try pool.query(#"SELECT * FROM "user" ORDER BY id"#).map(PostgresRows.user) }
    }

    /// E-mails match whatever their case (the unique index is on `lower(email)`).
    public func user(email: String) throws(StoreError) -> User {
        let found = try run {
            try pool.query(#"SELECT * FROM "user" WHERE lower(email) = lower($1)"#, [email.trimmed]).first.map(PostgresRows.user)
        }
        guard let found else { throw .notFound("no user with email \(email); add one with: coursebridge user add --email \(email)") }
        return found
    }

    /// Users whose identifier of the given kind equals `value`: email case-insensitively; external ids may match several.
    public func users(matching value: String, by mode: LearnerIdentification) throws(StoreError) -> [User] {
        let condition = switch mode {
        case .email: "lower(email) = lower($1)"
        case .username: "username = $1"
        case .externalId: "external_id = $1"
        }
        return try run { try pool.query(#"SELECT * FROM "user" WHERE "# + condition + " ORDER BY id", [value]).map(PostgresRows.user) }
    }

    /// Emails of the platform administrators, oldest account first: the console acts as the first by default.
    public func platformAdminEmails() throws(StoreError) -> [String] {
        try run {
            try pool.query("""
                SELECT u.email FROM "user" u
                WHERE EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.role = 'platform-admin') ORDER BY u.id
                """).map { try $0.decode(index: 0, as: String.self) }
        }
    }
}

// MARK: - Groups and members

extension PostgresStore {
    public func addGroup(name: String, parentId: Int64?, isPrivate: Bool) throws(StoreError) -> Group {
        let trimmed = name.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a group needs a name") }
        let created = now().storeValue
        return try run {
            try pool.transaction { tx in
                if let parentId, try tx.query(#"SELECT 1 FROM "group" WHERE id = $1"#, [parentId]).isEmpty {
                    throw StoreError.notFound("no group with id \(parentId); list groups with: coursebridge group list")
                }
                let rows = try tx.query(#"INSERT INTO "group"(name, parent_id, is_private, created_at) VALUES ($1, $2, $3, $4) RETURNING id"#,
                                        [trimmed, parentId, isPrivate.storeFlag, created])
                let id = try rows.first?.decode(index: 0, as: Int64.self) ?? 0
                return Group(id: id, name: trimmed, parentId: parentId, isPrivate: isPrivate)
            }
        }
    }

    public func groups() throws(StoreError) -> [Group] {
        try run { try pool.query(#"SELECT * FROM "group" ORDER BY id"#).map(PostgresRows.group) }
    }

    public func group(id: Int64) throws(StoreError) -> Group {
        let found = try run { try pool.query(#"SELECT * FROM "group" WHERE id = $1"#, [id]).first.map(PostgresRows.group) }
        guard let found else { throw .notFound("no group with id \(id); list groups with: coursebridge group list") }
        return found
    }

    /// The public groups below `groupId`, at any depth. A private subgroup hides its own subtree.
    public func publicSubgroups(of groupId: Int64) throws(StoreError) -> [Int64] {
        try run {
            try pool.query("""
                WITH RECURSIVE sub(id) AS (
                    SELECT id FROM "group" WHERE parent_id = $1 AND is_private = 0
                    UNION ALL
                    SELECT g.id FROM "group" g JOIN sub ON g.parent_id = sub.id WHERE g.is_private = 0
                ) SELECT id FROM sub ORDER BY id
                """, [groupId]).map { try $0.decode(index: 0, as: Int64.self) }
        }
    }

    public func setMember(groupId: Int64, email: String, role: Role) throws(StoreError) {
        _ = try group(id: groupId)
        let user = try user(email: email)
        try run {
            try pool.execute("""
                INSERT INTO membership(group_id, user_id, role) VALUES ($1, $2, $3)
                ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role
                """, [groupId, user.id, role.rawValue])
        }
    }

    public func members(groupId: Int64) throws(StoreError) -> [Member] {
        _ = try group(id: groupId)
        return try run {
            try pool.query("""
                SELECT u.*, m.role FROM membership m JOIN "user" u ON u.id = m.user_id WHERE m.group_id = $1
                ORDER BY lower(u.email), u.id
                """, [groupId]).map { row in
                Member(user: try PostgresRows.user(row), role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .learner)
            }
        }
    }

    public func role(userId: Int64, groupId: Int64) throws(StoreError) -> Role? {
        try run {
            try pool.query("SELECT role FROM membership WHERE group_id = $1 AND user_id = $2", [groupId, userId]).first
                .map { try $0.decode(index: 0, as: String.self) }.flatMap(Role.init(rawValue:))
        }
    }

    /// Resolves `--as EMAIL` in one query: platform admin anywhere, the role in `groupId`, and the roles in the
    /// groups that hold `courseId` (its libraries and its synchronized group), `groupId` left out.
    public func actingUser(email: String, groupId: Int64?, courseId: Int64?) throws(StoreError) -> ResolvedActor {
        let user = try user(email: email)
        let userId = user.id ?? 0
        return try run {
            let row = try pool.query("""
                SELECT EXISTS (SELECT 1 FROM membership WHERE user_id = $1 AND role = 'platform-admin') AS admin,
                       (SELECT role FROM membership WHERE user_id = $1 AND group_id = $2::bigint) AS role,
                       ARRAY (SELECT m.role FROM membership m
                              WHERE $3::bigint IS NOT NULL AND m.user_id = $1 AND m.group_id IS DISTINCT FROM $2::bigint
                                AND (m.group_id IN (SELECT group_id FROM library_entry WHERE course_id = $3::bigint)
                                     OR m.group_id IN (SELECT i.group_id FROM course c JOIN integration i ON i.id = c.integration_id
                                                       WHERE c.id = $3::bigint))) AS course_roles
                """, [userId, groupId, courseId]).first
            let isPlatformAdmin = try row?.decode(column: "admin", as: Bool.self) ?? false
            let role = try row?.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:))
            let courseRoles = Set(try row?.decode(column: "course_roles", as: [String].self).compactMap(Role.init(rawValue:)) ?? [])
            return ResolvedActor(userId: userId, rules: ActingUser(email: user.email, isPlatformAdmin: isPlatformAdmin, role: role,
                                                                  courseGroupRoles: courseRoles))
        }
    }
}

// MARK: - Libraries

extension PostgresStore {
    /// Adds a course to a group's library. False when it was already there.
    public func addToLibrary(courseId: Int64, groupId: Int64, addedBy userId: Int64) throws(StoreError) -> Bool {
        try requireCourse(courseId)
        _ = try group(id: groupId)
        return try run {
            try pool.execute("INSERT INTO library_entry(group_id, course_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             [groupId, courseId, userId]) > 0
        }
    }

    /// Removes a course from a group's library. False when it was not there.
    public func removeFromLibrary(courseId: Int64, groupId: Int64) throws(StoreError) -> Bool {
        try requireCourse(courseId)
        _ = try group(id: groupId)
        return try run {
            try pool.execute("DELETE FROM library_entry WHERE group_id = $1 AND course_id = $2", [groupId, courseId]) > 0
        }
    }

    /// A group's library, by course id.
    public func library(groupId: Int64) throws(StoreError) -> [LibraryEntry] {
        _ = try group(id: groupId)
        return try run {
            try pool.query("""
                SELECT c.*, u.email AS added_by_email FROM library_entry l JOIN course c ON c.id = l.course_id
                LEFT JOIN "user" u ON u.id = l.added_by WHERE l.group_id = $1 ORDER BY c.id
                """, [groupId]).map { row in
                LibraryEntry(course: try PostgresRows.course(row), addedBy: try row.decode(column: "added_by_email", as: String?.self))
            }
        }
    }

    public func libraryContains(groupId: Int64, courseId: Int64) throws(StoreError) -> Bool {
        try run {
            try pool.query("SELECT EXISTS (SELECT 1 FROM library_entry WHERE group_id = $1 AND course_id = $2)", [groupId, courseId])
                .first?.decode(index: 0, as: Bool.self) ?? false
        }
    }

    /// The same refusal as the catalog's `course(id:)`, without reading the whole course.
    private func requireCourse(_ id: Int64) throws(StoreError) {
        let exists = try run { try !pool.query("SELECT 1 FROM course WHERE id = $1", [id]).isEmpty }
        guard exists else { throw .notFound("no course with id \(id); list them with: coursebridge courses") }
    }
}

// MARK: - Paths

extension PostgresStore {
    public func addPath(name: String, groupId: Int64, linear: Bool, createdBy userId: Int64) throws(StoreError) -> LearningPath {
        let trimmed = name.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a path needs a name") }
        _ = try group(id: groupId)
        let at = now().storeValue
        let created = try run {
            try pool.query("""
                INSERT INTO "path"(group_id, name, is_linear, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *
                """, [groupId, trimmed, linear.storeFlag, userId, at]).first.map(PostgresRows.path)
        }
        guard let created else { throw .database("the new path was not returned") }
        return created
    }

    public func path(id: Int64) throws(StoreError) -> LearningPath {
        let found = try run { try pool.query(#"SELECT * FROM "path" WHERE id = $1"#, [id]).first.map(PostgresRows.path) }
        guard let found else { throw .notFound("no path with id \(id); create one with: coursebridge path add NAME --group ID --as EMAIL") }
        return found
    }

    /// Appends a course as the path's last step; returns its position (1-based). The path's row is locked, so two
    /// instances adding steps at once take the next positions in turn.
    public func addPathStep(pathId: Int64, courseId: Int64) throws(StoreError) -> Int {
        _ = try path(id: pathId)
        try requireCourse(courseId)
        return try run {
            try pool.transaction { tx in
                _ = try tx.query(#"SELECT id FROM "path" WHERE id = $1 FOR UPDATE"#, [pathId])
                if let position = try tx.query("SELECT position FROM path_step WHERE path_id = $1 AND course_id = $2",
                                               [pathId, courseId]).first?.decode(index: 0, as: Int64.self) {
                    throw StoreError.conflict("course \(courseId) is already step \(position) of path \(pathId)")
                }
                let last = try tx.query("SELECT MAX(position) FROM path_step WHERE path_id = $1", [pathId]).first?
                    .decode(index: 0, as: Int64?.self) ?? 0
                let position = last + 1
                try tx.execute("INSERT INTO path_step(path_id, position, course_id) VALUES ($1, $2, $3)", [pathId, position, courseId])
                return Int(position)
            }
        }
    }

    /// Enrolls a learner. False when already enrolled.
    public func enroll(pathId: Int64, userId: Int64) throws(StoreError) -> Bool {
        _ = try path(id: pathId)
        let at = now().storeValue
        return try run {
            try pool.execute("INSERT INTO path_enrollment(path_id, user_id, enrolled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             [pathId, userId, at]) > 0
        }
    }

    /// The path's steps in order; with a learner, each step's attempt status (the latest attempt decides, a
    /// completed one first) and availability (linear paths lock the steps after an uncompleted one).
    public func pathReport(pathId: Int64, learnerEmail: String?) throws(StoreError) -> PathReport {
        let path = try path(id: pathId)
        let learner = try learnerEmail.map { email throws(StoreError) in try user(email: email) }
        return try run {
            try pool.transaction(isolation: .repeatableRead) { tx in
                let rows = try tx.query("""
                    SELECT s.position, c.*,
                           (SELECT a.completion_status FROM attempt a WHERE a.user_id = $2::bigint AND a.course_id = s.course_id
                            ORDER BY (a.completion_status = 'completed') DESC, a.started_at DESC, a.id DESC LIMIT 1) AS attempt_status
                    FROM path_step s JOIN course c ON c.id = s.course_id WHERE s.path_id = $1 ORDER BY s.position
                    """, [pathId, learner?.id])
                var steps: [PathStepReport] = []
                var states: [PathStep] = []
                for row in rows {
                    let course = try PostgresRows.course(row)
                    steps.append(PathStepReport(position: Int(try row.decode(column: "position", as: Int64.self)), course: course))
                    let status = try row.decode(column: "attempt_status", as: String?.self).flatMap(CompletionStatus.init(rawValue:))
                    states.append(PathStep(courseId: course.id ?? 0, status: status ?? .notStarted))
                }
                guard let learner, let userId = learner.id else {
                    return PathReport(path: path, steps: steps, learner: nil, enrolled: nil, status: nil)
                }
                let enrolled = try tx.query("SELECT EXISTS (SELECT 1 FROM path_enrollment WHERE path_id = $1 AND user_id = $2)",
                                            [pathId, userId]).first?.decode(index: 0, as: Bool.self) ?? false
                let progress = PathProgress(steps: states, linear: path.isLinear)
                for i in steps.indices {
                    steps[i].status = states[i].status.rawValue
                    steps[i].availability = progress.steps[i].rawValue
                }
                return PathReport(path: path, steps: steps, learner: learner.email, enrolled: enrolled, status: progress.status.rawValue)
            }
        }
    }
}

// MARK: - The event log

extension PostgresStore {
    public func appendEvent(_ kind: PlatformEvent.Kind, severity: PlatformEvent.Severity, integrationId: Int64?,
                            message: String) throws(StoreError) {
        let at = now().storeValue
        try run {
            let id = try pool.query("""
                INSERT INTO event(at, kind, severity, integration_id, message) VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [at, kind.rawValue, severity.rawValue, integrationId, message]).first?.decode(index: 0, as: Int64.self) ?? 0
            // Pruned in steps of a thousand, so the delete runs once per thousand events, not on each. Ids come from
            // one sequence shared by every instance, so exactly one of them prunes at each thousand.
            if id > 0, id % 1_000 == 0 {
                try pool.execute("DELETE FROM event WHERE id <= $1", [id - Int64(PlatformEvent.kept)])
            }
        }
    }

    public func events(_ query: EventQuery) throws(StoreError) -> [PlatformEvent] {
        var sql = "SELECT id, at, kind, severity, integration_id, message FROM event WHERE true"
        var binds: [PostgresBind?] = []
        if !query.kinds.isEmpty {
            binds.append(query.kinds.map(\.rawValue).sorted())
            sql += " AND kind = ANY($\(binds.count)::text[])"
        }
        if let id = query.integrationId {
            binds.append(id)
            sql += " AND integration_id = $\(binds.count)"
        }
        if let text = query.text, !text.isEmpty {
            binds.append(text)
            sql += " AND strpos(lower(message), lower($\(binds.count))) > 0"
        }
        binds.append(Int64(max(1, query.limit)))
        sql += " ORDER BY id DESC LIMIT $\(binds.count)"
        return try run {
            try pool.query(sql, binds).compactMap { row -> PlatformEvent? in
                guard let kind = PlatformEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
                      let severity = PlatformEvent.Severity(rawValue: try row.decode(column: "severity", as: String.self)) else { return nil }
                return PlatformEvent(id: try row.decode(column: "id", as: Int64.self), at: Date(storeValue: try row.decode(column: "at")),
                                     kind: kind, severity: severity, integrationId: try row.decode(column: "integration_id", as: Int64?.self),
                                     message: try row.decode(column: "message"))
            }
        }
    }
}
