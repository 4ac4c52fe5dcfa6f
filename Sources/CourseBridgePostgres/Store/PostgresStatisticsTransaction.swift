import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

/// One write transaction of the statistics code on PostgreSQL (SQLite's `SQLiteStatisticsTransaction`): every call
/// runs on the transaction's connection; `savepoint` nests PostgreSQL savepoints.
final class PostgresStatisticsTransaction: StatisticsTransaction {
    let tx: PostgresTransaction
    /// Set for statement ingestion, which reads the same few courses and learners over and over and changes
    /// neither: found rows are kept for the transaction (absent ones are always asked again).
    private let memo: Memo?

    private final class Memo {
        var courses: [String: Course] = [:]
        var users: [String: [User]] = [:]
    }

    init(tx: PostgresTransaction, memoizing: Bool) {
        self.tx = tx
        memo = memoizing ? Memo() : nil
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        try tx.savepoint { _ in try body() }
    }

    func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresAccessError { return PostgresStore.mapped(error) }
        return .database("\(error)")
    }

    // MARK: - Learners, courses, integrations

    func users(matching value: String, by mode: LearnerIdentification) throws -> [User] {
        let key = "\(mode.rawValue)\u{0}\(value)"
        if let known = memo?.users[key] { return known }
        let sql = switch mode {
        case .email: #"SELECT * FROM "user" WHERE lower(email) = lower($1) ORDER BY id"#
        case .username: #"SELECT * FROM "user" WHERE username = $1 ORDER BY id"#
        case .externalId: #"SELECT * FROM "user" WHERE external_id = $1 ORDER BY id"#
        }
        let users = try tx.query(sql, [value]).map { row throws(PostgresAccessError) in try User(postgres: row) }
        if !users.isEmpty { memo?.users[key] = users }
        return users
    }

    func course(provider: Provider, providerId: String) throws -> Course? {
        let key = "\(provider.rawValue)\u{0}\(providerId)"
        if let known = memo?.courses[key] { return known }
        guard let row = try tx.query("SELECT * FROM course WHERE provider = $1 AND provider_id = $2",
                                     [provider.rawValue, providerId]).first else { return nil }
        let course = try Course(postgres: row)
        memo?.courses[key] = course
        return course
    }

    /// Launch URLs are not unique: a course of `integrationId` wins over another integration's.
    func course(provider: Provider, launchURL: String, preferring integrationId: Int64?) throws -> Course? {
        guard let row = try tx.query("""
            SELECT * FROM course WHERE provider = $1 AND launch_url = $2
            ORDER BY (integration_id IS NOT DISTINCT FROM $3::bigint) DESC, id LIMIT 1
            """, [provider.rawValue, launchURL, integrationId]).first else { return nil }
        return try Course(postgres: row)
    }

    func course(id: Int64) throws -> Course? {
        guard let row = try tx.query("SELECT * FROM course WHERE id = $1", [id]).first else { return nil }
        return try Course(postgres: row)
    }

    func integration(id: Int64) throws -> Integration? {
        guard let row = try tx.query("SELECT * FROM integration WHERE id = $1", [id]).first else { return nil }
        return try Integration(postgres: row)
    }

    // MARK: - Attempts

    func attempts(userId: Int64, courseId: Int64) throws -> [Attempt] {
        try Self.attempts(tx, userId: userId, courseId: courseId)
    }

    static func attempts(_ db: some PostgresQuerying, userId: Int64, courseId: Int64) throws -> [Attempt] {
        try db.query("SELECT * FROM attempt WHERE user_id = $1 AND course_id = $2 ORDER BY started_at, id", [userId, courseId])
            .map { row throws(PostgresAccessError) in try Attempt(postgres: row) }
    }

    /// Updates the attempts with an id and inserts the others (the summary trigger follows each).
    func saveAttempts(_ attempts: [Attempt]) throws {
        for a in attempts {
            var binds: [PostgresBind?] = [a.startedAt.storeValue, a.progressPercent, a.scorePercent, Int64(a.timeSpentSeconds),
                                          a.completionStatus.rawValue, a.completedAt?.storeValue, a.result?.rawValue,
                                          a.lastActivityAt?.storeValue]
            if let id = a.id {
                binds.append(id)
                try tx.execute("""
                    UPDATE attempt SET started_at = $1, progress = $2, score = $3, time_spent_seconds = $4, completion_status = $5,
                           completed_at = $6, result = $7, last_activity_at = $8 WHERE id = $9
                    """, binds)
            } else {
                binds += [a.userId, a.courseId]
                try tx.execute("""
                    INSERT INTO attempt(started_at, progress, score, time_spent_seconds, completion_status, completed_at, result,
                                        last_activity_at, user_id, course_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """, binds)
            }
        }
    }

    func deleteAttempts(userId: Int64, courseId: Int64) throws {
        try tx.execute("DELETE FROM attempt WHERE user_id = $1 AND course_id = $2", [userId, courseId])
    }

    // MARK: - Statements

    /// Looked up under the (integration, id) lock, so an instance ingesting the same id at the same moment is
    /// waited for and its row seen (`statement_lookup_locked`, schema v5).
    func statement(integrationId: Int64, statementId: String) throws -> StoredStatement? {
        guard let row = try tx.query("SELECT \(StoredStatement.postgresColumns) FROM statement_lookup_locked($1, $2)",
                                     [integrationId, statementId]).first else { return nil }
        return try StoredStatement(postgres: row)
    }

    /// Stores a statement with its outcome; its sequence number (arrival order). An id stored meanwhile by a path
    /// that did not look it up first fails on `statement_unique_id` as a conflict; nothing is written.
    @discardableResult
    func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String, voids: String?,
                         receivedAt: Date, outcome: StatementOutcome, reason: String?, userId: Int64?, courseId: Int64?) throws -> Int64 {
        do {
            let rows = try tx.query("""
                INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                                      reason, user_id, course_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq
                """, [integrationId, statementId, receivedAt.storeValue, body, contentHash, outcome.rawValue, voids, reason,
                      userId, courseId])
            return try rows[0].decode(index: 0, as: Int64.self)
        } catch {
            guard case .uniqueViolation(let constraint, _) = error, constraint == "statement_unique_id" else { throw error }
            throw StoreError.conflict("statement id \(statementId) was already received (by another instance at the same moment); "
                                      + "send it again to get its outcome (nothing in this request was stored)")
        }
    }

    func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?,
                    userId: Int64?, courseId: Int64?) throws {
        try tx.execute("""
            UPDATE statement SET outcome = $1, reason = $2, user_id = $3, course_id = $4 WHERE integration_id = $5 AND statement_id = $6
            """, [outcome.rawValue, reason, userId, courseId, integrationId, statementId])
    }

    func voidingStatement(integrationId: Int64, targetId: String) throws -> StoredStatement? {
        guard let row = try tx.query("""
            SELECT \(StoredStatement.postgresColumns) FROM statement WHERE integration_id = $1 AND voids_statement_id = $2
            ORDER BY seq LIMIT 1
            """, [integrationId, targetId]).first else { return nil }
        return try StoredStatement(postgres: row)
    }

    func appliedStatements(userId: Int64, courseId: Int64) throws -> [StoredStatement] {
        try tx.query("""
            SELECT \(StoredStatement.postgresColumns) FROM statement
            WHERE user_id = $1 AND course_id = $2 AND outcome = 'applied' AND voids_statement_id IS NULL ORDER BY seq
            """, [userId, courseId]).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
    }

    func statements(outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement] {
        try Self.statements(tx, outcome: outcome, sequence: sequence)
    }

    static func statements(_ db: some PostgresQuerying, outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement] {
        var sql = "SELECT \(StoredStatement.postgresColumns) FROM statement WHERE outcome = $1"
        var binds: [PostgresBind?] = [outcome.rawValue]
        if let sequence { sql += " AND seq = $2"; binds.append(sequence) }
        return try db.query(sql + " ORDER BY seq", binds).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
    }

    // MARK: - Launches and paths

    @discardableResult
    func insertLaunch(userId: Int64, courseId: Int64, pathId: Int64?, at: Date) throws -> Int64 {
        try tx.query("INSERT INTO launch(user_id, course_id, path_id, launched_at) VALUES ($1, $2, $3, $4) RETURNING id",
                     [userId, courseId, pathId, at.storeValue])[0].decode(index: 0, as: Int64.self)
    }

    func launches(userId: Int64, courseId: Int64) throws -> [LaunchRecord] {
        try Self.launches(tx, userId: userId, courseId: courseId)
    }

    static func launches(_ db: some PostgresQuerying, userId: Int64, courseId: Int64) throws -> [LaunchRecord] {
        try db.query("SELECT * FROM launch WHERE user_id = $1 AND course_id = $2 ORDER BY launched_at, id", [userId, courseId])
            .map { row throws(PostgresAccessError) in try LaunchRecord(postgres: row) }
    }

    /// A path's steps in order with the learner's status on each (the latest attempt decides), and whether it is linear.
    func pathSteps(pathId: Int64, userId: Int64) throws -> (linear: Bool, steps: [PathStep])? {
        guard let linear = try tx.query(#"SELECT is_linear FROM "path" WHERE id = $1"#, [pathId]).first?
            .decode(index: 0, as: Int64.self) else { return nil }
        let steps = try tx.query("""
            SELECT s.course_id,
                   (SELECT a.completion_status FROM attempt a WHERE a.user_id = $1 AND a.course_id = s.course_id
                    ORDER BY (a.completion_status = 'completed') DESC, a.started_at DESC, a.id DESC LIMIT 1) AS status
            FROM path_step s WHERE s.path_id = $2 ORDER BY s.position
            """, [userId, pathId]).map { row throws(PostgresAccessError) in
            PathStep(courseId: try row.decode(index: 0, as: Int64.self),
                     status: try row.decode(index: 1, as: String?.self).flatMap(CompletionStatus.init(rawValue:)) ?? .notStarted)
        }
        return (linear != 0, steps)
    }
}
