import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Crypto
import Foundation
import PostgresNIO

// Statements, attempts, launches, webhook tokens and the statistics pages: Store+Attempts, +Statements, +Launches,
// +StatisticsPages, +Intake and +WebhookTokens on SQLite, with the same messages.

extension PostgresStore: StatisticsStore {
    /// Runs `body` in one transaction on one connection, committed (synchronously, the server's default) before
    /// returning. A try that met a deadlock, a serialization failure or a learner–course lock held out of order
    /// (`LearnerCourseLocks`) is rolled back and run again whole, first locking in order every pair the earlier
    /// tries met; the last try waits for every lock, leaving any deadlock to PostgreSQL's detector.
    public func statisticsTransaction<T: Sendable>(memoizingLookups: Bool, _ body: @Sendable (any StatisticsTransaction) throws -> T) throws(StoreError) -> T {
        let locks = LearnerCourseLocks()
        let memo = memoizingLookups ? ingestLookups : nil
        // Ingestion sends its writes without waiting, until a try sees one of them fail.
        var deferWrites = memoizingLookups
        return try run {
            var tries = 0
            while true {
                tries += 1
                locks.beginTry()
                locks.waitAlways = tries == Self.statisticsTries
                var current: PostgresStatisticsTransaction?
                do {
                    return try pool.transaction { tx in
                        let statistics = PostgresStatisticsTransaction(tx: tx, memo: memo, locks: locks, deferWrites: deferWrites,
                                                                       tokens: memoizingLookups ? webhookTokens : nil)
                        current = statistics
                        try statistics.begin()
                        let value: T
                        do { value = try body(statistics) } catch { throw statistics.doomed ?? error }
                        try statistics.sendRemainingWrites()
                        return value
                    }
                } catch where current?.deferredFailure.error != nil && tries < Self.statisticsTries {
                    // A write sent ahead failed (seen at a later wait, or as a COMMIT that rolled back).
                    deferWrites = false
                    continue
                } catch let error as PostgresAccessError where error.isRetryable && tries < Self.statisticsTries {
                    continue
                }
            }
        }
    }

    /// Tries of one statistics transaction: each retry knows more of the pairs to lock first.
    static let statisticsTries = 6

    // MARK: - Attempts and launches

    /// Attempts filtered by integration, learner and course; by learner, course, then oldest first.
    public func attemptReports(_ query: AttemptReportQuery) throws(StoreError) -> [AttemptReport] {
        if let id = query.integrationId { _ = try integration(id: id) }
        if let email = query.userEmail {
            let known = try run { try pool.query(#"SELECT 1 FROM "user" WHERE lower(email) = lower($1)"#, [email.trimmed]).isEmpty == false }
            guard known else { throw .notFound("no user with email \(email); add one with: coursebridge user add --email \(email)") }
        }
        var sql = """
            SELECT a.*, u.email AS user_email, c.title AS course_title, c.provider AS course_provider,
                   c.provider_id AS course_provider_id, c.integration_id AS course_integration_id
            FROM attempt a JOIN "user" u ON u.id = a.user_id JOIN course c ON c.id = a.course_id WHERE true
            """
        var binds: [PostgresBind?] = []
        if let id = query.integrationId { binds.append(id); sql += " AND c.integration_id = $\(binds.count)" }
        if let email = query.userEmail { binds.append(email.trimmed); sql += " AND lower(u.email) = lower($\(binds.count))" }
        if let id = query.courseId { binds.append(id); sql += " AND c.id = $\(binds.count)" }
        sql += #" ORDER BY lower(u.email) COLLATE "C", c.id, a.started_at, a.id"#
        let text = sql, arguments = binds
        return try run {
            try pool.query(text, arguments).map { row throws(PostgresAccessError) in
                AttemptReport(attempt: try Attempt(postgres: row), userEmail: try row.decode(column: "user_email"),
                              courseTitle: try row.decode(column: "course_title"),
                              provider: Provider(rawValue: try row.decode(column: "course_provider")) ?? .linkedin,
                              providerId: try row.decode(column: "course_provider_id"),
                              integrationId: try row.decode(column: "course_integration_id", as: Int64?.self))
            }
        }
    }

    public func attempts(userId: Int64, courseId: Int64) throws(StoreError) -> [Attempt] {
        try run { try PostgresStatisticsTransaction.attempts(pool, userId: userId, courseId: courseId) }
    }

    public func launches(userId: Int64, courseId: Int64) throws(StoreError) -> [LaunchRecord] {
        try run { try PostgresStatisticsTransaction.launches(pool, userId: userId, courseId: courseId) }
    }

    /// The installation's 32-byte launch key, made and stored (sealed) on first use. Instances starting together
    /// race to make it: each inserts with ON CONFLICT DO NOTHING and then uses the one stored. A key that no
    /// longer opens (the secret key changed) is replaced, once, compare-and-set on the old value.
    public func launchKey() throws(StoreError) -> Data {
        let context = Self.launchKeyContext
        let secrets = self.secrets
        let read = { () throws(StoreError) -> Data? in
            try self.run { () -> Data? in
                try self.pool.query("SELECT key_sealed FROM launch_key WHERE id = 1").first?.decode(index: 0, as: Data.self)
            }
        }
        let stored = try read()
        if let stored, let key = try? secrets.open(stored, boundTo: context), key.count == 32 { return key }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let sealed = try secrets.seal(fresh, boundTo: context)
        let at = now().storeValue
        try run {
            if let stored {
                // A process started before a key rotation must not replace the key sealed under the new one.
                try requireCurrentKey(pool)
                try pool.execute("UPDATE launch_key SET key_sealed = $1, created_at = $2 WHERE id = 1 AND key_sealed = $3",
                                 [sealed, at, stored])
            } else {
                try pool.execute("INSERT INTO launch_key(id, key_sealed, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
                                 [sealed, at])
            }
        }
        guard let winner = try read(), let key = try? secrets.open(winner, boundTo: context), key.count == 32 else {
            throw .badKey("the launch key stored in the database does not open with this instance's key: every instance must use the same key (COURSEBRIDGE_SECRET_KEY or COURSEBRIDGE_KEY_FILE)")
        }
        return key
    }

    // MARK: - Statements

    public func quarantinedStatements() throws(StoreError) -> [StoredStatement] {
        try run { try PostgresStatisticsTransaction.statements(pool, outcome: .quarantined, sequence: nil) }
    }

    public func statements(integrationId: Int64) throws(StoreError) -> [StoredStatement] {
        try run {
            try pool.query("SELECT \(StoredStatement.postgresColumns) FROM statement WHERE integration_id = $1 ORDER BY seq",
                           [integrationId]).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
        }
    }

    // MARK: - Pages the console and the CLI read

    /// One page of learner statistics from `learner_course_summary` (kept by the schema's trigger). Sorted as on
    /// SQLite: text without case in byte order, NULLs first ascending and last descending, ties on the key.
    public func learnerStatistics(grouping: LearnerStatsGrouping, search: String, sort: LearnerStatsSort, descending: Bool,
                                  offset: Int, limit: Int) throws(StoreError) -> (lines: [LearnerStatLine], total: Int) {
        let perCourse = grouping == .perCourse
        let select = perCourse
            ? """
              SELECT COUNT(*) || CASE COUNT(*) WHEN 1 THEN ' learner' ELSE ' learners' END AS learner, c.title AS course, AVG(s.progress)::double precision AS progress,
                     AVG(s.score)::double precision AS score, SUM(s.time_spent)::bigint AS time_spent,
                     COUNT(*) FILTER (WHERE s.completion_rank = 2) || ' completed' AS completion,
                     COUNT(*) FILTER (WHERE s.completion_rank = 2) AS completion_rank,
                     NULLIF(COUNT(*) FILTER (WHERE s.result = 'success'), 0) || ' passed' AS result,
                     MAX(s.last_activity) AS last_activity, SUM(s.attempts)::bigint AS attempts, s.course_id AS k1, 0::bigint AS k2
              """
            : """
              SELECT u.email AS learner, c.title AS course, s.progress, s.score, s.time_spent,
                     CASE s.completion_rank WHEN 2 THEN 'completed' WHEN 1 THEN 'in progress' ELSE 'not started' END AS completion,
                     s.completion_rank, s.result, s.last_activity, s.attempts, s.user_id AS k1, s.course_id AS k2
              """
        var from = #" FROM learner_course_summary s JOIN "user" u ON u.id = s.user_id JOIN course c ON c.id = s.course_id"#
        var binds: [PostgresBind?] = []
        let text = search.trimmed
        if !text.isEmpty {
            binds.append("%" + PostgresTokens.likeEscaped(text) + "%")
            from += #" WHERE (u.email ILIKE $1 ESCAPE '\' OR u.display_name ILIKE $1 ESCAPE '\' OR c.title ILIKE $1 ESCAPE '\')"#
        }
        let group = perCourse ? " GROUP BY s.course_id, c.title" : ""
        let direction = descending ? "DESC" : "ASC"
        let nulls = descending ? "NULLS LAST" : "NULLS FIRST"
        let column: String = switch sort {
        case .learner: #"lower(q.learner) COLLATE "C""#
        case .course: #"lower(q.course) COLLATE "C""#
        case .progress: "q.progress"
        case .score: "q.score"
        case .timeSpent: "q.time_spent"
        case .completion: "q.completion_rank"
        case .result: #"q.result COLLATE "C""#
        case .lastActivity: "q.last_activity"
        case .attempts: "q.attempts"
        }
        let pageSQL = "SELECT * FROM (" + select + from + group + ") q"
            + " ORDER BY \(column) \(direction) \(nulls), q.k1 \(direction), q.k2 \(direction)"
            + " LIMIT $\(binds.count + 1) OFFSET $\(binds.count + 2)"
        let countSQL = text.isEmpty
            ? (perCourse ? "SELECT COUNT(DISTINCT course_id) FROM learner_course_summary" : "SELECT COUNT(*) FROM learner_course_summary")
            : "SELECT COUNT(*) FROM (SELECT 1" + from + group + ") t"
        let countArgs = binds
        let pageArgs = binds + [Int64(limit), Int64(offset)]
        return try run {
            let total = Int(try pool.query(countSQL, countArgs)[0].decode(index: 0, as: Int64.self))
            let lines = try pool.query(pageSQL, pageArgs).map { row throws(PostgresAccessError) in
                LearnerStatLine(learner: try row.decode(column: "learner"), course: try row.decode(column: "course"),
                                progress: try row.decode(column: "progress", as: Double?.self) ?? 0,
                                score: try row.decode(column: "score", as: Double?.self),
                                timeSpentSeconds: Int(try row.decode(column: "time_spent", as: Int64?.self) ?? 0),
                                completion: try row.decode(column: "completion"),
                                result: try row.decode(column: "result", as: String?.self),
                                lastActivity: try row.decode(column: "last_activity", as: Double?.self).map(Date.init(storeValue:)),
                                attempts: Int(try row.decode(column: "attempts", as: Int64.self)))
            }
            return (lines, total)
        }
    }

    public func statementsReceived(integrationId: Int64, since: Date) throws(StoreError) -> Int {
        try count("SELECT count(*) FROM statement WHERE integration_id = $1 AND received_at >= $2", [integrationId, since.storeValue])
    }

    public func quarantinedCount(integrationId: Int64) throws(StoreError) -> Int {
        try count("SELECT count(*) FROM statement WHERE outcome = 'quarantined' AND integration_id = $1", [integrationId])
    }

    private func count(_ sql: String, _ binds: [PostgresBind?]) throws(StoreError) -> Int {
        try run { Int(try pool.query(sql, binds)[0].decode(index: 0, as: Int64.self)) }
    }

    /// A page of quarantined statements, newest first, whose reason or body contains the text.
    public func quarantinePage(search: String, offset: Int, limit: Int) throws(StoreError) -> (lines: [QuarantineLine], total: Int) {
        var filter = "outcome = 'quarantined'"
        var binds: [PostgresBind?] = []
        let text = search.trimmed
        if !text.isEmpty {
            binds.append("%" + PostgresTokens.likeEscaped(text) + "%")
            filter += #" AND (reason ILIKE $1 ESCAPE '\' OR body ILIKE $1 ESCAPE '\')"#
        }
        let countArgs = binds
        let pageArgs = binds + [Int64(limit), Int64(offset)]
        let pageSQL = """
            SELECT seq, integration_id, statement_id, received_at, reason, body FROM statement WHERE \(filter)
            ORDER BY seq DESC LIMIT $\(binds.count + 1) OFFSET $\(binds.count + 2)
            """
        let countSQL = "SELECT count(*) FROM statement WHERE \(filter)"
        return try run {
            let total = Int(try pool.query(countSQL, countArgs)[0].decode(index: 0, as: Int64.self))
            let lines = try pool.query(pageSQL, pageArgs).map { row throws(PostgresAccessError) in
                QuarantineLine(sequence: try row.decode(column: "seq"), integrationId: try row.decode(column: "integration_id"),
                               statementId: try row.decode(column: "statement_id"),
                               receivedAt: Date(storeValue: try row.decode(column: "received_at")),
                               reason: try row.decode(column: "reason", as: String?.self) ?? "", body: try row.decode(column: "body"))
            }
            return (lines, total)
        }
    }

    /// Read from the statement table, so it is right whichever instance received the statements.
    public func statementIntake(integrationId: Int64, recentSince: Date, daySince: Date) throws(StoreError) -> StatementIntake {
        try run {
            let head = try pool.query("""
                SELECT MAX(received_at), count(*) FILTER (WHERE received_at >= $2) FROM statement WHERE integration_id = $1
                """, [integrationId, recentSince.storeValue])[0]
            var intake = StatementIntake(lastReceived: try head.decode(index: 0, as: Double?.self).map(Date.init(storeValue:)),
                                         recent: Int(try head.decode(index: 1, as: Int64.self)))
            for row in try pool.query("""
                SELECT outcome, count(*) FROM statement WHERE integration_id = $1 AND received_at >= $2 GROUP BY outcome
                """, [integrationId, daySince.storeValue]) {
                let n = Int(try row.decode(index: 1, as: Int64.self))
                intake.received += n
                switch try row.decode(index: 0, as: String.self) {
                case "applied": intake.applied += n
                case "quarantined": intake.quarantined += n
                case "pending": intake.pending += n
                default: break
                }
            }
            return intake
        }
    }

    // MARK: - Webhook tokens (only their SHA-256 is stored; valid on every instance)

    public func issueWebhookToken(integrationId: Int64, lifetime: TimeInterval, now: Date) throws(StoreError) -> (token: String, expiresAt: Date) {
        let token = TokenDigest.random(bytes: 32, hex: false)
        let expires = now.addingTimeInterval(lifetime)
        try run {
            try pool.transaction { tx in
                try tx.execute("DELETE FROM webhook_token WHERE expires_at <= $1", [now.storeValue])
                try tx.execute("INSERT INTO webhook_token(token_hash, integration_id, expires_at) VALUES ($1, $2, $3)",
                               [TokenDigest.sha256Hex(token), integrationId, expires.storeValue])
            }
        }
        return (token, expires)
    }

    public func integrationId(forToken token: String, now: Date) throws(StoreError) -> Int64? {
        try run {
            try pool.query("SELECT integration_id FROM webhook_token WHERE token_hash = $1 AND expires_at > $2",
                           [TokenDigest.sha256Hex(token), now.storeValue]).first?.decode(index: 0, as: Int64.self)
        }
    }

    /// The integration an unexpired token was issued for, in one query, kept for `knownIntegration` with the token's
    /// expiry and the token version of the same snapshot.
    public func integration(forToken token: String, now: Date) throws(StoreError) -> Integration? {
        let hash = TokenDigest.sha256Hex(token)
        let sentAt = WebhookTokenCache.clock()
        return try run { () -> Integration? in
            guard let row = try pool.query("""
                SELECT i.*, t.expires_at AS token_expires_at, v.version AS token_version
                FROM webhook_token t JOIN integration i ON i.id = t.integration_id CROSS JOIN webhook_token_version v
                WHERE t.token_hash = $1 AND t.expires_at > $2
                """, [hash, now.storeValue]).first else { return nil }
            let integration = try Integration(postgres: row)
            webhookTokens.remember(integration, tokenHash: hash, expiresAt: try row.decode(column: "token_expires_at"),
                                   version: try row.decode(column: "token_version"), sentAt: sentAt)
            return integration
        }
    }

    /// The token's integration without a round trip, when no token or integration changed since it was read (on any
    /// instance) and that is known from a read of the last 25 ms (`WebhookTokenCache`).
    public func knownIntegration(forToken token: String, now: Date) -> Integration? {
        webhookTokens.integration(tokenHash: TokenDigest.sha256Hex(token), now: now)
    }

    public func integration(webhookClientId: String) throws(StoreError) -> Integration? {
        try run { () -> Integration? in
            guard let row = try pool.query("SELECT * FROM integration WHERE webhook_client_id = $1", [webhookClientId]).first else {
                return nil
            }
            return try Integration(postgres: row)
        }
    }

    /// Whether `secret` is the integration's webhook client secret, compared by hash in constant time.
    public func verifyWebhookSecret(integrationId: Int64, secret: String) throws(StoreError) -> Bool {
        let stored = try run { () -> String? in
            try pool.query("SELECT webhook_secret_hash FROM integration WHERE id = $1", [integrationId]).first?
                .decode(index: 0, as: String?.self)
        }
        return TokenDigest.matches(secret: secret, storedHash: stored)
    }

    /// Reads the database once: for the server's health check.
    public func ping() throws(StoreError) {
        _ = try run { try pool.query("SELECT 1") }
    }
}
