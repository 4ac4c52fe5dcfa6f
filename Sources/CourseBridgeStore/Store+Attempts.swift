import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// One write transaction of the statistics code: statements, learners, courses and attempts read and
/// written together, so a batch of statements is stored and applied all-or-nothing.
struct SQLiteStatisticsTransaction: StatisticsTransaction {
    let db: Database
    /// Set for statement ingestion, which reads the same courses and learners over and over and changes
    /// neither: found rows are kept across its transactions until something else writes (`IngestLookupCache`).
    let memo: IngestLookupCache?
    /// Set when a request's writes could not be undone: the transaction must not commit (`run`).
    let undoFailed = UndoFailure()
    init(db: Database, memo: IngestLookupCache? = nil) {
        self.db = db
        self.memo = memo
    }

    final class UndoFailure: @unchecked Sendable {  // on the writer's queue only, inside one transaction
        var happened = false
    }

    /// `body` on this transaction, then what every statistics transaction does before its commit: it throws, so
    /// that the transaction is rolled back rather than committed, if a request's writes stayed behind, and
    /// indexes the statements it added.
    func run<T>(_ body: (any StatisticsTransaction) throws -> T) throws -> T {
        let result = try body(self)
        if undoFailed.happened {
            throw StoreError.database("a request's writes could not be undone: nothing of its group was stored")
        }
        try StatementPairIndex.catchUpIfDue(db)
        return result
    }

    /// Runs `body` in a savepoint: a thrown error undoes only what `body` wrote, then is rethrown, and the
    /// enclosing transaction goes on (one request's failure inside a group commit leaves the others).
    ///
    /// Cached statements, not GRDB's `inSavepoint`: it prepares `SAVEPOINT` and `RELEASE` anew each time, a fixed
    /// cost paid by every request of a group. Always inside the transaction `statisticsTransaction` opened.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        // Outside a transaction SAVEPOINT would open one of its own, committed at its RELEASE.
        guard db.isInsideTransaction else { throw StoreError.database("a request's savepoint outside its transaction") }
        try db.cachedStatement(sql: "SAVEPOINT request").execute()
        do {
            let result = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT request").execute()
            return result
        } catch {
            memo?.forgetAllAttempts()  // kept attempts may hold what the rollback undoes
            memo?.voiderFound = nil
            do {
                // Rolling back alone leaves the savepoint on SQLite's stack: it is released too.
                try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT request").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT request").execute()
            } catch {
                // This request's writes could not be undone alone (after a disk-full error SQLite may have ended
                // the transaction already): the whole group is, so its commit fails and nothing half-written is
                // answered 2xx.
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                if db.isInsideTransaction { undoFailed.happened = true }
            }
            throw error  // the body's error, as GRDB's `inSavepoint` throws the first
        }
    }

    /// SQLite 3.40 releases a statement's own journal by walking the sub-journal from its start; a savepoint held
    /// across a request keeps that journal growing with every statement of it, so each statement of a batch cost
    /// more than the one before (~13 % of the commit thread under Percipio batches, in `sqlite3PagerSavepoint`).
    public var rerunsRatherThanSavepoints: Bool { true }

    func storeError(_ error: any Error) -> StoreError { Store.mapAccessError(error) }
}

extension Store {
    /// Runs `body` in one write transaction (committed with synchronous=FULL before returning).
    /// A thrown error rolls everything back. `memoizingLookups`: only when `body` changes no course or user.
    public func statisticsTransaction<T: Sendable>(memoizingLookups: Bool,
                                                   _ body: @Sendable (any StatisticsTransaction) throws -> T) throws(StoreError) -> T {
        guard memoizingLookups else {
            return try write { db in
                try SQLiteStatisticsTransaction(db: db).run(body)
            }
        }
        // `write`'s transaction, spelt out so that a rollback is seen on the writer's queue, before any other write.
        do {
            return try writer.writeWithoutTransaction { db in
                do {
                    var result: T?
                    try db.inTransaction {
                        let memo = try ingestLookups.begin(db)
                        defer { memo.end(db) }
                        // Vouches for the token checks kept under this version (or ends them) for the next 25 ms.
                        let sentAt = WebhookTokenCache.clock()
                        webhookTokens.observed(version: try WebhookTokenVersion.read(db), sentAt: sentAt)
                        result = try SQLiteStatisticsTransaction(db: db, memo: memo).run(body)
                        return .commit
                    }
                    return result!
                } catch {
                    ingestLookups.forgetAllAttempts()  // rolled back (a failed body or commit): never stored
                    throw error
                }
            }
        } catch {
            throw Self.mapAccessError(error)
        }
    }
}

extension Attempt {
    /// The columns `init(columns:)` reads by position: every statement reads its learner's attempts, and looking
    /// columns up by name (case-insensitively, per row and column) cost more than the query.
    static let columnNames = ["id", "user_id", "course_id", "started_at", "progress", "score", "time_spent_seconds",
                              "completion_status", "completed_at", "result", "last_activity_at"]
    static let columns = columnNames.joined(separator: ", ")
    /// The same columns of a joined table's alias, in the same order (`a.id, a.user_id, …`).
    static func columns(of alias: String) -> String { columnNames.map { "\(alias).\($0)" }.joined(separator: ", ") }

    /// The attempt as reading it back returns it: dates go through their stored form (seconds since 1970).
    var asStored: Attempt {
        var a = self
        a.startedAt = Date(storeValue: startedAt.storeValue)
        a.completedAt = completedAt.map { Date(storeValue: $0.storeValue) }
        a.lastActivityAt = lastActivityAt.map { Date(storeValue: $0.storeValue) }
        return a
    }

    init(columns row: Row) {
        self.init(id: row[0], userId: row[1], courseId: row[2], startedAt: Date(storeValue: row[3]),
                  progressPercent: row[4], scorePercent: row[5], timeSpentSeconds: row[6],
                  completionStatus: CompletionStatus(rawValue: row[7]) ?? .inProgress,
                  completedAt: (row[8] as Double?).map(Date.init(storeValue:)),
                  result: (row[9] as String?).flatMap(AttemptResult.init(rawValue:)),
                  lastActivityAt: (row[10] as Double?).map(Date.init(storeValue:)))
    }
}

// MARK: - Attempts, learners and courses inside the transaction

extension SQLiteStatisticsTransaction {
    /// A user's attempts on a course, oldest first.
    public func attempts(userId: Int64, courseId: Int64) throws -> [Attempt] {
        let pair = IngestLookupCache.AttemptPair(userId: userId, courseId: courseId)
        if let known = memo?.attempts(pair) { return known }
        let found = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Attempt.columns) FROM attempt WHERE user_id = ? AND course_id = ? ORDER BY started_at, id"),
                                     arguments: [userId, courseId]).map(Attempt.init(columns:))
        memo?.remember(found, pair)
        return found
    }

    /// Updates the attempts with an id and inserts the others.
    public func saveAttempts(_ attempts: [Attempt]) throws {
        let written: [(attempt: Attempt, inserted: Bool)]
        if attempts.count > 1, let first = attempts.first,
           attempts.allSatisfy({ $0.userId == first.userId && $0.courseId == first.courseId }) {
            // One summary refresh for the pair instead of one per attempt (Percipio rewrites them all).
            written = try LearnerCourseSummary.holding(userId: first.userId, courseId: first.courseId, db) { try writeAttempts(attempts) }
        } else {
            written = try writeAttempts(attempts)
        }
        guard let memo else { return }
        // Each kept pair becomes what a read would now return; an update of an attempt its pair did not hold is
        // something not understood: everything is read again.
        for (pair, saved) in Dictionary(grouping: written, by: { IngestLookupCache.AttemptPair(userId: $0.attempt.userId, courseId: $0.attempt.courseId) }) {
            guard var kept = memo.attempts(pair) else { continue }
            for (a, inserted) in saved {
                if inserted {
                    kept.append(a)
                } else if let i = kept.firstIndex(where: { $0.id == a.id }) {
                    kept[i] = a
                } else {
                    return memo.forgetAllAttempts()
                }
            }
            kept.sort { ($0.startedAt.storeValue, $0.id ?? 0) < ($1.startedAt.storeValue, $1.id ?? 0) }  // ORDER BY started_at, id
            memo.remember(kept, pair)
        }
    }

    /// Writes the attempts; returns each as a read would now return it (a new one with its id).
    private func writeAttempts(_ attempts: [Attempt]) throws -> [(attempt: Attempt, inserted: Bool)] {
        let update = try db.cachedStatement(sql: """
            UPDATE attempt SET started_at = ?, progress = ?, score = ?, time_spent_seconds = ?, completion_status = ?,
                   completed_at = ?, result = ?, last_activity_at = ? WHERE id = ?
            """)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO attempt(started_at, progress, score, time_spent_seconds, completion_status, completed_at, result,
                                last_activity_at, user_id, course_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        return try attempts.map { a -> (attempt: Attempt, inserted: Bool) in
            var args: StatementArguments = [a.startedAt.storeValue, a.progressPercent, a.scorePercent, a.timeSpentSeconds,
                                            a.completionStatus.rawValue, a.completedAt?.storeValue, a.result?.rawValue,
                                            a.lastActivityAt?.storeValue]
            var stored = a.asStored
            if let id = a.id {
                args += [id]
                try update.execute(arguments: args)
                return (stored, false)
            }
            args += [a.userId, a.courseId]
            try insert.execute(arguments: args)
            stored.id = db.lastInsertedRowID
            return (stored, true)
        }
    }

    /// Removes a user's attempts on a course before they are recomputed from what is still valid.
    public func deleteAttempts(userId: Int64, courseId: Int64) throws {
        try db.execute(sql: "DELETE FROM attempt WHERE user_id = ? AND course_id = ?", arguments: [userId, courseId])
        memo?.remember([], IngestLookupCache.AttemptPair(userId: userId, courseId: courseId))
    }

    /// Users whose identifier of the given kind equals `value` (email case-insensitively).
    public func users(matching value: String, by mode: LearnerIdentification) throws -> [User] {
        let sql = switch mode {
        case .email: "SELECT * FROM user WHERE email = ? ORDER BY id"
        case .username: "SELECT * FROM user WHERE username = ? ORDER BY id"
        case .externalId: "SELECT * FROM user WHERE external_id = ? ORDER BY id"
        }
        let key = "\(mode.rawValue)\u{0}\(value)"
        if let known = memo?.users(key) { return known }
        let users = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [value]).map(User.init(row:))
        if !users.isEmpty { memo?.remember(users, key) }
        return users
    }

    public func course(provider: Provider, providerId: String) throws -> Course? {
        let key = "\(provider.rawValue)\u{0}\(providerId)"
        if let known = memo?.course(key) { return known }
        let course = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM course WHERE provider = ? AND provider_id = ?"),
                                      arguments: [provider.rawValue, providerId]).map(Course.init(row:))
        if let course { memo?.remember(course, key) }
        return course
    }

    /// A course found by its launch URL (Percipio's `xapiActivityId` is sometimes the item's link). Launch URLs
    /// are not unique: a course of `integrationId` wins over another integration's.
    public func course(provider: Provider, launchURL: String, preferring integrationId: Int64?) throws -> Course? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM course WHERE provider = ? AND launch_url = ? ORDER BY (integration_id IS ?) DESC, id LIMIT 1
            """), arguments: [provider.rawValue, launchURL, integrationId]).map(Course.init(row:))
    }

    public func course(id: Int64) throws -> Course? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM course WHERE id = ?"), arguments: [id]).map(Course.init(row:))
    }

    public func integration(id: Int64) throws -> Integration? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM integration WHERE id = ?"), arguments: [id]).map(Integration.init(row:))
    }
}

// MARK: - Statistics for `coursebridge stats`

extension Store {
    /// Attempts filtered by integration, learner and course; by learner, course, then oldest first.
    public func attemptReports(_ query: AttemptReportQuery) throws(StoreError) -> [AttemptReport] {
        if let id = query.integrationId { _ = try integration(id: id) }
        if let email = query.userEmail { _ = try user(email: email) }
        return try read { db in
            var sql = """
                SELECT \(Attempt.columns(of: "a")), u.email AS user_email, c.title AS course_title, c.provider AS course_provider,
                       c.provider_id AS course_provider_id, c.integration_id AS course_integration_id
                FROM attempt a JOIN user u ON u.id = a.user_id JOIN course c ON c.id = a.course_id WHERE 1 = 1
                """
            var args: [any DatabaseValueConvertible & Sendable] = []
            if let id = query.integrationId { sql += " AND c.integration_id = ?"; args.append(id) }
            if let email = query.userEmail { sql += " AND u.email = ?"; args.append(email.trimmed) }
            if let id = query.courseId { sql += " AND c.id = ?"; args.append(id) }
            sql += " ORDER BY u.email COLLATE NOCASE, c.id, a.started_at, a.id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                AttemptReport(attempt: Attempt(columns: row), userEmail: row["user_email"], courseTitle: row["course_title"],
                              provider: Provider(rawValue: row["course_provider"]) ?? .linkedin,
                              providerId: row["course_provider_id"], integrationId: row["course_integration_id"])
            }
        }
    }

    /// A user's attempts on a course, oldest first.
    public func attempts(userId: Int64, courseId: Int64) throws(StoreError) -> [Attempt] {
        try read { db in try SQLiteStatisticsTransaction(db: db).attempts(userId: userId, courseId: courseId) }
    }

    public func course(id: Int64) throws(StoreError) -> Course {
        let found = try read { db in try SQLiteStatisticsTransaction(db: db).course(id: id) }
        guard let found else { throw .notFound("no course with id \(id); list them with: coursebridge courses") }
        return found
    }
}

extension Store {
    /// Reads the database once: for the server's health check.
    public func ping() throws(StoreError) {
        _ = try read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
