import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

/// One write transaction of the statistics code on PostgreSQL (SQLite's `SQLiteStatisticsTransaction`): every call
/// runs on the transaction's connection.
///
/// Built for group commit across instances (schema v6):
/// - a learner–course pair's attempts are written only under the pair's lock, taken in ascending order
///   (`LearnerCourseLocks`); a lock that would be waited for out of order, or a deadlock or serialization failure,
///   dooms the transaction: every later call fails at once, and `PostgresStore.statisticsTransaction` runs the
///   whole of it again (instead of one request answering 500 while its group commits);
/// - a savepoint is opened only before its body's first write and never released (released savepoints cost a
///   round trip and keep their subtransaction anyway); a body that only read (a duplicate) costs none;
/// - the statement lookup also fetches the statement voiding it, and inserting an applied statement also locks
///   and reads its pair's attempts: the engine asks for them next, and gets them without a round trip;
/// - attempts saved unchanged from how they were read are not written again.
///
/// For statement ingestion (schema v9, `memoizing`), a group costs about two waits however many statements it
/// holds: one `prefetch` of every statement, voider and pair's attempts the group reads (locks in order), with the
/// BEGIN and the lookup cache's version, and the COMMIT. Learners and courses come from `PostgresIngestLookupCache`,
/// and writes are sent without waiting (`deferWrites`): the connection runs them in order, so a later wait
/// answers after them. New statements and attempt writes are held (`GroupWriteBuffer`) until the next wait or the
/// COMMIT and sent as one multi-row statement per kind; a request that fails before they were sent only has its
/// own discarded. A failed deferred write dooms the try; the store then runs the group again with every write
/// waited for, so a failure undoes only its own request as before.
final class PostgresStatisticsTransaction: StatisticsTransaction {
    let tx: PostgresTransaction
    /// Set for statement ingestion, which reads the same courses and learners over and over and changes neither:
    /// found rows are kept across transactions while no learner or course changes (absent ones are asked again).
    private let memo: PostgresIngestLookupCache?
    let locks: LearnerCourseLocks
    /// Told the token version each group reads with the lookup cache's (ingestion only).
    private let tokens: WebhookTokenCache?
    /// Writes are sent without waiting for their answers (statement ingestion, until one of them fails).
    let deferWrites: Bool
    let deferredFailure = DeferredWriteFailure()
    /// Row writes not sent yet (only when `deferWrites`).
    private var buffered = GroupWriteBuffer()
    /// Why this try cannot commit: set by a retryable failure (the store runs the transaction again) or by a failure
    /// outside any savepoint (the transaction is lost).
    private(set) var doomed: PostgresAccessError?

    /// What `prefetch` fetched, each entry valid while this transaction has not written what it read.
    private var knownStatements: [StatementPrefetch.Key: StoredStatement?] = [:]
    private var knownVoiders: [StatementPrefetch.Key: StoredStatement?] = [:]
    private var knownAttempts: [LearnerCourseLocks.Pair: [Attempt]] = [:]

    private struct Savepoint {
        let name: String
        /// Buffered writes from this position on are the savepoint's own: sent only after it is opened.
        let mark: Int
        var isOpen = false
        /// Locks held when it was opened: rolling back to it releases the ones taken later.
        var locksHeld = 0
    }
    private var savepoints: [Savepoint] = []
    private var savepointsMade = 0

    /// Answers kept for the engine's next call, valid only until any other call.
    private var prefetchedVoider: (integrationId: Int64, targetId: String, statement: StoredStatement?)?
    private var prefetchedAttempts: (pair: LearnerCourseLocks.Pair, attempts: [Attempt])?
    /// The lookup cache's version is read with the try's first wait instead of a wait of its own; until then the cache
    /// answers as if it still held. If it did not and it answered, the try is run again (`checkVersion`).
    private var versionUnread = false
    private var answeredFromUnreadVersion = false
    static let versionQuery = "SELECT lookup, token FROM ingest_versions_now()"
    /// Attempts as last read per pair in this try, so that unchanged ones are not written back.
    private var lastRead: [LearnerCourseLocks.Pair: [Attempt]] = [:]

    init(tx: PostgresTransaction, memo: PostgresIngestLookupCache?, locks: LearnerCourseLocks, deferWrites: Bool = false,
         tokens: WebhookTokenCache? = nil) {
        self.tx = tx
        self.memo = memo
        self.tokens = tokens
        self.locks = locks
        self.deferWrites = deferWrites
    }

    convenience init(tx: PostgresTransaction, memoizing: Bool) {
        self.init(tx: tx, memo: memoizing ? PostgresIngestLookupCache() : nil, locks: LearnerCourseLocks())
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        if let doomed { throw doomed }
        savepointsMade += 1
        savepoints.append(Savepoint(name: "cb_request_\(savepointsMade)", mark: buffered.end))
        let value: T
        do {
            value = try body()
        } catch {
            let level = savepoints.removeLast()
            buffered.discard(from: level.mark)
            forgetReads()
            if level.isOpen, doomed == nil {
                do {
                    if deferWrites {
                        try send("ROLLBACK TO SAVEPOINT \(level.name)", [])
                    } else {
                        try tx.execute("ROLLBACK TO SAVEPOINT \(level.name)", [])
                    }
                    locks.released(downTo: level.locksHeld)
                } catch {
                    doomed = error
                }
            }
            throw error
        }
        // Left open: its writes belong to the enclosing transaction from now on, and a later rollback to an
        // enclosing savepoint still undoes them.
        savepoints.removeLast()
        return value
    }

    func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresAccessError { return PostgresStore.mapped(error) }
        return .database("\(error)")
    }

    /// The try's first wait (with its BEGIN): the pairs earlier tries met, locked in order before anything else,
    /// and for ingestion the version that says whether cached learners and courses still hold.
    func begin() throws {
        let pairs = locks.toLockFirst
        if pairs.isEmpty {
            versionUnread = memo != nil
            return
        }
        var queries: [(sql: String, binds: [PostgresBind?])] = []
        if memo != nil { queries.append((Self.versionQuery, [])) }
        if !pairs.isEmpty { queries.append(("SELECT learner_course_lock_all($1, $2)", [pairs.map(\.user), pairs.map(\.course)])) }
        guard !queries.isEmpty else { return }
        let sentAt = WebhookTokenCache.clock()
        let answers = try waited { () throws(PostgresAccessError) in try tx.queries(queries) }
        if let memo { memo.begin(version: try versions(answers[0], sentAt: sentAt)) }
        locks.took(all: pairs)
    }

    // MARK: - Running queries

    /// A query that writes nothing: it runs before the enclosing savepoints are opened.
    private func read(_ sql: String, _ binds: [PostgresBind?]) throws -> [PostgresRow] {
        guard versionUnread else { return try waited { () throws(PostgresAccessError) in try tx.query(sql, binds) } }
        return try readAll([(sql, binds)])[0]
    }

    /// Queries that write nothing, in one wait, the cache's version first while it is unread.
    private func readAll(_ queries: [(sql: String, binds: [PostgresBind?])]) throws -> [[PostgresRow]] {
        guard versionUnread, let memo else { return try waited { () throws(PostgresAccessError) in try tx.queries(queries) } }
        let sentAt = WebhookTokenCache.clock()
        let answers = try waited { () throws(PostgresAccessError) in try tx.queries([(Self.versionQuery, [])] + queries) }
        versionUnread = false
        let held = memo.begin(version: try versions(answers[0], sentAt: sentAt))
        if !held, answeredFromUnreadVersion {
            // Learners or courses this try already used changed: what it did with them is redone with fresh ones.
            doom(.serializationFailure("learners or courses changed since they were cached: run the group again"))
            throw doomed!
        }
        return Array(answers.dropFirst())
    }

    /// The lookup cache's version from `versionQuery`'s answer; its token version goes to the token cache.
    private func versions(_ rows: [PostgresRow], sentAt: UInt64) throws -> Int64 {
        guard let row = rows.first else { return -1 }
        tokens?.observed(version: try row.decode(index: 1, as: Int64.self), sentAt: sentAt)
        return try row.decode(index: 0, as: Int64.self)
    }

    /// Before anything is written with waits or committed, the cache's version must be known.
    private func checkVersion() throws {
        if versionUnread { _ = try readAll([]) }
    }

    /// Runs `body`'s waited query (or queries), after which every deferred write has answered: one that failed
    /// dooms the try.
    private func waited<T>(_ body: () throws(PostgresAccessError) -> T) throws -> T {
        if let doomed { throw doomed }
        do {
            try sendBuffered()
            let value = try body()
            if deferredFailure.error != nil { doomByDeferredWrite() }
            if let doomed { throw doomed }
            return value
        } catch let error as PostgresAccessError {
            if deferredFailure.error != nil { doomByDeferredWrite() }
            // A failed statement leaves the transaction refusing every other until rolled back: with no open
            // savepoint to roll back to, nothing else of it can succeed.
            if savepoints.last?.isOpen != true || Self.isRetryable(error) { doom(error) }
            throw doomed ?? error
        }
    }

    /// A query that writes: the enclosing savepoints are opened first, so a failure undoes only the request.
    private func write(_ sql: String, _ binds: [PostgresBind?]) throws -> [PostgresRow] {
        if let doomed { throw doomed }
        try checkVersion()
        try sendBuffered(openingAll: true)
        do {
            let rows = try tx.query(sql, binds)
            if deferredFailure.error != nil { doomByDeferredWrite() }
            if let doomed { throw doomed }
            return rows
        } catch let error as PostgresAccessError {
            if deferredFailure.error != nil { doomByDeferredWrite() }
            if Self.isRetryable(error) { doom(error) }
            throw doomed ?? error
        }
    }

    /// A write whose answer nobody reads: sent without waiting when `deferWrites` (as a prepared statement: ingestion
    /// sends the same few writes for every statement), else as `write`. `sql` is fixed, its binds typed as its columns.
    private func writeDeferrable(_ sql: String, _ binds: [PostgresBind?]) throws {
        guard deferWrites else { _ = try write(sql, binds); return }
        if let doomed { throw doomed }
        try sendBuffered(openingAll: true)
        let failure = deferredFailure
        try tx.sendPrepared(sql, binds) { failure.record($0) }
    }

    /// A row write held for the group's next multi-row statement when `deferWrites`, else `write(sql, binds)`.
    private func bufferDeferrable(_ row: GroupWriteBuffer.Write, else sql: String, _ binds: [PostgresBind?]) throws {
        guard deferWrites else { _ = try write(sql, binds); return }
        if let doomed { throw doomed }
        buffered.add(row)
    }

    /// Sends the buffered writes, each savepoint they belong after opened first (writes of earlier requests go
    /// before it, so rolling it back leaves them). `openingAll`: every savepoint is opened, for a write that follows.
    private func sendBuffered(openingAll: Bool = false) throws {
        for i in savepoints.indices where !savepoints[i].isOpen {
            if !openingAll && buffered.end <= savepoints[i].mark { break }
            try sendRows(buffered.take(upTo: savepoints[i].mark))
            try openSavepoint(i)
        }
        try sendRows(buffered.take(upTo: buffered.end))
    }

    private func sendRows(_ rows: [GroupWriteBuffer.Write]) throws(PostgresAccessError) {
        let failure = deferredFailure
        for (sql, binds) in MultiRowWrites.queries(for: rows) {
            try tx.sendPrepared(sql, binds) { failure.record($0) }
        }
    }

    /// What is still buffered, sent before the COMMIT (whose answer comes after theirs).
    func sendRemainingWrites() throws {
        if let doomed { throw doomed }
        try checkVersion()
        try sendBuffered()
    }

    private func send(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) {
        let failure = deferredFailure
        try tx.send(sql, binds) { failure.record($0) }
    }

    private func openSavepoint(_ i: Int) throws {
        if deferWrites {
            try send("SAVEPOINT \(savepoints[i].name)", [])
        } else {
            _ = try read("SAVEPOINT \(savepoints[i].name)", [])
        }
        savepoints[i].isOpen = true
        savepoints[i].locksHeld = locks.heldCount
    }

    /// A write sent without waiting failed: what followed it ran in a transaction PostgreSQL refuses, and which
    /// request it belonged to is lost. The store runs the group again, every write waited for.
    private func doomByDeferredWrite() {
        guard doomed == nil, let error = deferredFailure.error else { return }
        doomed = .serializationFailure("a write sent ahead failed (\(error.description)): run the group again one write at a time")
    }

    private static func isRetryable(_ error: PostgresAccessError) -> Bool {
        if error.isRetryable { return true }
        if case .server(let state, _) = error, state == "55P03" { return true }  // lock_not_available: taken out of order
        return false
    }

    private func doom(_ error: PostgresAccessError) {
        guard doomed == nil else { return }
        if Self.isRetryable(error), !error.isRetryable {
            doomed = .serializationFailure("a learner's course was locked by another instance's transaction: run again in order")
        } else {
            doomed = error
        }
    }

    private func forgetReads() {
        prefetchedVoider = nil
        prefetchedAttempts = nil
        lastRead = [:]
        // A savepoint rolled back: what was prefetched may describe writes undone or locks released.
        knownStatements = [:]
        knownVoiders = [:]
        knownAttempts = [:]
    }

    /// Takes `pair`'s lock unless held: waits when in order, else only tries.
    private func lock(_ pair: LearnerCourseLocks.Pair) throws {
        let mode = locks.mode(for: pair)
        guard mode != .held else { return }
        _ = try read("SELECT learner_course_lock($1, $2, $3)", [pair.user, pair.course, mode == .wait])
        locks.took(pair)
    }

    // MARK: - Learners, courses, integrations

    func users(matching value: String, by mode: LearnerIdentification) throws -> [User] {
        forgetPrefetched()
        let key = Self.userKey(value, mode)
        if let known = memo?.users(key) {
            answeredFromUnreadVersion = answeredFromUnreadVersion || versionUnread
            return known
        }
        let sql = #"SELECT u.* FROM "user" u WHERE "# + Self.userMatches(mode, "$1") + " ORDER BY u.id"
        let users = try read(sql, [value]).map { row throws(PostgresAccessError) in try User(postgres: row) }
        if !users.isEmpty { memo?.remember(users, key) }
        return users
    }

    func course(provider: Provider, providerId: String) throws -> Course? {
        forgetPrefetched()
        let key = Self.courseKey(provider, providerId)
        if let known = memo?.course(key) {
            answeredFromUnreadVersion = answeredFromUnreadVersion || versionUnread
            return known
        }
        guard let row = try read("SELECT * FROM course WHERE provider = $1 AND provider_id = $2",
                                 [provider.rawValue, providerId]).first else { return nil }
        let course = try Course(postgres: row)
        memo?.remember(course, key)
        return course
    }

    /// Launch URLs are not unique: a course of `integrationId` wins over another integration's.
    func course(provider: Provider, launchURL: String, preferring integrationId: Int64?) throws -> Course? {
        forgetPrefetched()
        guard let row = try read("""
            SELECT * FROM course WHERE provider = $1 AND launch_url = $2
            ORDER BY (integration_id IS NOT DISTINCT FROM $3::bigint) DESC, id LIMIT 1
            """, [provider.rawValue, launchURL, integrationId]).first else { return nil }
        return try Course(postgres: row)
    }

    func course(id: Int64) throws -> Course? {
        forgetPrefetched()
        guard let row = try read("SELECT * FROM course WHERE id = $1", [id]).first else { return nil }
        return try Course(postgres: row)
    }

    func integration(id: Int64) throws -> Integration? {
        forgetPrefetched()
        guard let row = try read("SELECT * FROM integration WHERE id = $1", [id]).first else { return nil }
        return try Integration(postgres: row)
    }

    private func forgetPrefetched() {
        prefetchedVoider = nil
        prefetchedAttempts = nil
    }

    // MARK: - Attempts

    /// Read under the pair's lock, which stays held until the commit: no other transaction changes them meanwhile.
    func attempts(userId: Int64, courseId: Int64) throws -> [Attempt] {
        let pair = LearnerCourseLocks.Pair(user: userId, course: courseId)
        if let prefetched = prefetchedAttempts, prefetched.pair == pair {
            forgetPrefetched()
            lastRead[pair] = prefetched.attempts
            return prefetched.attempts
        }
        forgetPrefetched()
        if let known = knownAttempts[pair] {
            lastRead[pair] = known
            return known
        }
        if let doomed { throw doomed }
        let mode = locks.mode(for: pair)
        let attempts = try read("SELECT * FROM attempts_locked($1, $2, $3::integer)", [userId, courseId, mode.rawValue])
            .map { row throws(PostgresAccessError) in try Attempt(postgres: row) }
        locks.took(pair)
        lastRead[pair] = attempts
        return attempts
    }

    static func attempts(_ db: some PostgresQuerying, userId: Int64, courseId: Int64) throws -> [Attempt] {
        try db.query("SELECT * FROM attempt WHERE user_id = $1 AND course_id = $2 ORDER BY started_at, id", [userId, courseId])
            .map { row throws(PostgresAccessError) in try Attempt(postgres: row) }
    }

    /// Updates the attempts with an id and inserts the others (the summary trigger follows each), under their pair's
    /// lock; an attempt unchanged since it was read is left as it is.
    func saveAttempts(_ attempts: [Attempt]) throws {
        forgetPrefetched()
        for a in attempts {
            let pair = LearnerCourseLocks.Pair(user: a.userId, course: a.courseId)
            if a.id != nil, lastRead[pair]?.contains(a) == true { continue }
            try lock(pair)
            knownAttempts[pair] = nil
            var binds: [PostgresBind?] = [a.startedAt.storeValue, a.progressPercent, a.scorePercent, Int64(a.timeSpentSeconds),
                                          a.completionStatus.rawValue, a.completedAt?.storeValue, a.result?.rawValue,
                                          a.lastActivityAt?.storeValue]
            if let id = a.id {
                binds.append(id)
                try bufferDeferrable(.attemptUpdate(a), else: """
                    UPDATE attempt SET started_at = $1, progress = $2, score = $3, time_spent_seconds = $4, completion_status = $5,
                           completed_at = $6, result = $7, last_activity_at = $8 WHERE id = $9
                    """, binds)
            } else {
                binds += [a.userId, a.courseId]
                try bufferDeferrable(.attemptInsert(a), else: """
                    INSERT INTO attempt(started_at, progress, score, time_spent_seconds, completion_status, completed_at, result,
                                        last_activity_at, user_id, course_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """, binds)
            }
        }
        for pair in Set(attempts.map { LearnerCourseLocks.Pair(user: $0.userId, course: $0.courseId) }) {
            knownAttempts[pair] = Self.attempts(lastRead[pair], updatedWith: attempts.filter { $0.userId == pair.user && $0.courseId == pair.course })
            lastRead[pair] = nil
        }
    }

    /// A pair's attempts after `saved` were written over `read` (what this transaction last read of it), in the order
    /// PostgreSQL returns them; nil when unknown: a new attempt's id comes only from PostgreSQL.
    /// Known, the next statement of the pair in the group reads them without a round trip.
    static func attempts(_ read: [Attempt]?, updatedWith saved: [Attempt]) -> [Attempt]? {
        guard var attempts = read else { return nil }
        for a in saved {
            guard let i = attempts.firstIndex(where: { $0.id != nil && $0.id == a.id }) else { return nil }
            // As read back: times go through their stored Double.
            var stored = a
            stored.startedAt = Date(storeValue: a.startedAt.storeValue)
            stored.completedAt = a.completedAt.map { Date(storeValue: $0.storeValue) }
            stored.lastActivityAt = a.lastActivityAt.map { Date(storeValue: $0.storeValue) }
            attempts[i] = stored
        }
        return attempts.sorted { ($0.startedAt, $0.id ?? 0) < ($1.startedAt, $1.id ?? 0) }
    }

    func deleteAttempts(userId: Int64, courseId: Int64) throws {
        forgetPrefetched()
        let pair = LearnerCourseLocks.Pair(user: userId, course: courseId)
        try lock(pair)
        lastRead[pair] = nil
        knownAttempts[pair] = nil
        try writeDeferrable("DELETE FROM attempt WHERE user_id = $1 AND course_id = $2", [userId, courseId])
    }

    // MARK: - Statements

    /// Looked up under the (integration, id) lock, so an instance ingesting the same id at the same moment is
    /// waited for and its row seen (schema v5); the statement voiding it comes along (schema v6), for the
    /// `voidingStatement` the engine asks next.
    func statement(integrationId: Int64, statementId: String) throws -> StoredStatement? {
        forgetPrefetched()
        let key = StatementPrefetch.Key(integrationId: integrationId, statementId: statementId)
        if let known = knownStatements[key], let voider = knownVoiders[key] {
            prefetchedVoider = (integrationId, statementId, voider)
            return known
        }
        let rows = try read("SELECT \(StoredStatement.postgresColumns) FROM statement_lookup_with_voider($1, $2)",
                            [integrationId, statementId]).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
        // The statement itself comes first; the voider is the row after it (the statement again when it voids itself).
        let found = rows.first.flatMap { $0.statementId == statementId ? $0 : nil }
        let voider = rows.dropFirst(found == nil ? 0 : 1).first
        prefetchedVoider = (integrationId, statementId, voider)
        return found
    }

    /// Stores a statement with its outcome; its sequence number (arrival order). An id stored meanwhile by a path
    /// that did not look it up first fails on `statement_unique_id` as a conflict; nothing is written. An applied
    /// statement's insert also locks its learner and course and reads their attempts, which the engine asks next.
    @discardableResult
    func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String, voids: String?,
                         receivedAt: Date, outcome: StatementOutcome, reason: String?, userId: Int64?, courseId: Int64?) throws -> Int64 {
        forgetPrefetched()
        forgetKnown(integrationId, statementId, voids: voids)
        do {
            if deferWrites {
                // The sequence is not known without waiting for it; ingestion does not ask for it.
                if let doomed { throw doomed }
                buffered.add(.statement(.init(integrationId: integrationId, statementId: statementId, receivedAt: receivedAt.storeValue,
                                              body: body, contentHash: contentHash, outcome: outcome.rawValue, voids: voids,
                                              reason: reason, userId: userId, courseId: courseId)))
                return 0
            }
            if outcome == .applied, let userId, let courseId, knownAttempts[.init(user: userId, course: courseId)] == nil {
                if let doomed { throw doomed }
                let pair = LearnerCourseLocks.Pair(user: userId, course: courseId)
                let rows = try write("SELECT * FROM statement_insert_then_attempts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::integer)",
                                     [integrationId, statementId, receivedAt.storeValue, body, contentHash, outcome.rawValue, voids,
                                      reason, userId, courseId, locks.mode(for: pair).rawValue])
                locks.took(pair)
                var attempts: [Attempt] = []
                for row in rows where try row.decode(column: "id", as: Int64?.self) != nil { attempts.append(try Attempt(postgres: row)) }
                prefetchedAttempts = (pair, attempts)
                return try rows[0].decode(column: "statement_seq", as: Int64.self)
            }
            let rows = try write("""
                INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                                      reason, user_id, course_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq
                """, [integrationId, statementId, receivedAt.storeValue, body, contentHash, outcome.rawValue, voids, reason,
                      userId, courseId])
            return try rows[0].decode(index: 0, as: Int64.self)
        } catch PostgresAccessError.uniqueViolation(let constraint, _) where constraint == "statement_unique_id" {
            throw StoreError.conflict("statement id \(statementId) was already received (by another instance at the same moment); "
                                      + "send it again to get its outcome (nothing in this request was stored)")
        }
    }

    func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?,
                    userId: Int64?, courseId: Int64?) throws {
        forgetPrefetched()
        forgetKnown(integrationId, statementId, voids: nil)
        try writeDeferrable("""
            UPDATE statement SET outcome = $1, reason = $2, user_id = $3, course_id = $4 WHERE integration_id = $5 AND statement_id = $6
            """, [outcome.rawValue, reason, userId, courseId, integrationId, statementId])
    }

    func voidingStatement(integrationId: Int64, targetId: String) throws -> StoredStatement? {
        if let prefetched = prefetchedVoider, prefetched.integrationId == integrationId, prefetched.targetId == targetId {
            forgetPrefetched()
            return prefetched.statement
        }
        forgetPrefetched()
        if let known = knownVoiders[.init(integrationId: integrationId, statementId: targetId)] { return known }
        guard let row = try read("""
            SELECT \(StoredStatement.postgresColumns) FROM statement WHERE integration_id = $1 AND voids_statement_id = $2
            ORDER BY seq LIMIT 1
            """, [integrationId, targetId]).first else { return nil }
        return try StoredStatement(postgres: row)
    }

    func appliedStatements(userId: Int64, courseId: Int64) throws -> [StoredStatement] {
        forgetPrefetched()
        return try read("""
            SELECT \(StoredStatement.postgresColumns) FROM statement
            WHERE user_id = $1 AND course_id = $2 AND outcome = 'applied' AND voids_statement_id IS NULL ORDER BY seq
            """, [userId, courseId]).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
    }

    func statements(outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement] {
        forgetPrefetched()
        var sql = "SELECT \(StoredStatement.postgresColumns) FROM statement WHERE outcome = $1"
        var binds: [PostgresBind?] = [outcome.rawValue]
        if let sequence { sql += " AND seq = $2"; binds.append(sequence) }
        return try read(sql + " ORDER BY seq", binds).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
    }

    static func statements(_ db: some PostgresQuerying, outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement] {
        var sql = "SELECT \(StoredStatement.postgresColumns) FROM statement WHERE outcome = $1"
        var binds: [PostgresBind?] = [outcome.rawValue]
        if let sequence { sql += " AND seq = $2"; binds.append(sequence) }
        return try db.query(sql + " ORDER BY seq", binds).map { row throws(PostgresAccessError) in try StoredStatement(postgres: row) }
    }

    // MARK: - Group prefetch (schema v9)

    var prefetches: Bool { memo != nil }

    static func userKey(_ value: String, _ mode: LearnerIdentification) -> String { "\(mode.rawValue)\u{0}\(value)" }

    /// The condition on `"user" u` that a learner looked up by `mode` meets, for the SQL expression `value`: the one
    /// lookup (`users(matching:by:)`) and the group's (`preload`) match alike.
    static func userMatches(_ mode: LearnerIdentification, _ value: String) -> String {
        switch mode {
        case .email: "lower(u.email) = lower(\(value))"
        case .username: "u.username = \(value)"
        case .externalId: "u.external_id = \(value)"
        }
    }
    static func courseKey(_ provider: Provider, _ providerId: String) -> String { "\(provider.rawValue)\u{0}\(providerId)" }

    /// The learners and courses not in the lookup cache, in one wait, each with the condition of its own lookup
    /// (`users(matching:by:)`, `course(provider:providerId:)`); found ones are cached for the calls that follow. With
    /// thousands of learners, a new instance (or one past the cache's bound) met most of them one wait at a time
    /// inside the group's transaction.
    func preload(_ lookups: StatementLookups) throws {
        guard let memo else { return }
        var learners: [LearnerIdentification: [String]] = [:]
        for learner in Set(lookups.learners) where memo.users(Self.userKey(learner.value, learner.mode)) == nil {
            learners[learner.mode, default: []].append(learner.value)
        }
        let courses = Set(lookups.courses).filter { memo.course(Self.courseKey($0.provider, $0.providerId)) == nil }
        var queries: [(sql: String, binds: [PostgresBind?])] = []
        let modes = learners.keys.sorted { $0.rawValue < $1.rawValue }
        for mode in modes {
            queries.append((#"SELECT t.v AS lookup_value, u.* FROM unnest($1::text[]) AS t(v) JOIN "user" u ON "#
                            + Self.userMatches(mode, "t.v") + " ORDER BY u.id", [learners[mode]!]))
        }
        if !courses.isEmpty {
            queries.append(("""
                SELECT t.p AS lookup_provider, t.i AS lookup_id, c.* FROM unnest($1::text[], $2::text[]) AS t(p, i)
                JOIN course c ON c.provider = t.p AND c.provider_id = t.i
                """, [courses.map(\.provider.rawValue), courses.map(\.providerId)]))
        }
        guard !queries.isEmpty else { return }
        let answers = try readAll(queries)
        for (mode, rows) in zip(modes, answers) {
            var found: [String: [User]] = [:]
            for row in rows { found[try row.decode(column: "lookup_value", as: String.self), default: []].append(try User(postgres: row)) }
            for (value, users) in found { memo.remember(users, Self.userKey(value, mode)) }
        }
        if !courses.isEmpty, let rows = answers.last {
            for row in rows {
                let provider = Provider(rawValue: try row.decode(column: "lookup_provider", as: String.self)) ?? .linkedin
                memo.remember(try Course(postgres: row), Self.courseKey(provider, try row.decode(column: "lookup_id", as: String.self)))
            }
        }
    }

    /// In one wait: the statements and their first voiders (each id's lock taken, in key order), and the pairs'
    /// attempts (each pair's lock taken in ascending order, waiting only above the highest held, as `lock`).
    func prefetch(_ wanted: StatementPrefetch) throws {
        forgetPrefetched()
        let keys = Set(wanted.statements).filter { !knownStatements.keys.contains($0) || !knownVoiders.keys.contains($0) }
            .sorted { ($0.integrationId, $0.statementId) < ($1.integrationId, $1.statementId) }
        let pairs = Set(wanted.pairs.map { LearnerCourseLocks.Pair(user: $0.userId, course: $0.courseId) })
            .filter { knownAttempts[$0] == nil }.sorted()
        guard !keys.isEmpty || !pairs.isEmpty else { return }
        var queries: [(sql: String, binds: [PostgresBind?])] = []
        if !keys.isEmpty {
            let binds: [PostgresBind?] = [keys.map(\.integrationId), keys.map(\.statementId)]
            queries.append(("SELECT \(StoredStatement.postgresColumns) FROM statements_locked($1, $2)", binds))
            queries.append(("SELECT \(StoredStatement.postgresColumns) FROM first_voiders($1, $2)", binds))
        }
        var modes: [Int64] = []
        for pair in pairs {
            modes.append(locks.mode(for: pair).rawValue)
            // Taken in this order by the query: the next pair's mode depends on it. A failure dooms the try.
            locks.took(pair)
        }
        if !pairs.isEmpty {
            queries.append(("SELECT * FROM attempts_locked_all($1, $2, $3::integer[])", [pairs.map(\.user), pairs.map(\.course), modes]))
        }
        let answers = try readAll(queries)
        if !keys.isEmpty {
            var found: [StatementPrefetch.Key: StoredStatement] = [:]
            for row in answers[0] {
                let statement = try StoredStatement(postgres: row)
                found[.init(integrationId: statement.integrationId, statementId: statement.statementId)] = statement
            }
            var voiders: [StatementPrefetch.Key: StoredStatement] = [:]
            for row in answers[1] {
                let voider = try StoredStatement(postgres: row)
                if let target = voider.voidsStatementId { voiders[.init(integrationId: voider.integrationId, statementId: target)] = voider }
            }
            for key in keys {
                knownStatements.updateValue(found[key], forKey: key)
                knownVoiders.updateValue(voiders[key], forKey: key)
            }
        }
        if !pairs.isEmpty {
            var attempts: [LearnerCourseLocks.Pair: [Attempt]] = [:]
            for row in answers[keys.isEmpty ? 0 : 2] {
                let attempt = try Attempt(postgres: row)
                attempts[.init(user: attempt.userId, course: attempt.courseId), default: []].append(attempt)
            }
            for pair in pairs { knownAttempts[pair] = attempts[pair] ?? [] }
        }
    }

    /// A statement written in this transaction: what was prefetched about it (and about the one it voids) is stale.
    private func forgetKnown(_ integrationId: Int64, _ statementId: String, voids: String?) {
        knownStatements.removeValue(forKey: .init(integrationId: integrationId, statementId: statementId))
        if let voids { knownVoiders.removeValue(forKey: .init(integrationId: integrationId, statementId: voids)) }
    }

    // MARK: - Launches and paths

    @discardableResult
    func insertLaunch(userId: Int64, courseId: Int64, pathId: Int64?, at: Date) throws -> Int64 {
        forgetPrefetched()
        return try write("INSERT INTO launch(user_id, course_id, path_id, launched_at) VALUES ($1, $2, $3, $4) RETURNING id",
                         [userId, courseId, pathId, at.storeValue])[0].decode(index: 0, as: Int64.self)
    }

    func launches(userId: Int64, courseId: Int64) throws -> [LaunchRecord] {
        forgetPrefetched()
        return try read("SELECT * FROM launch WHERE user_id = $1 AND course_id = $2 ORDER BY launched_at, id", [userId, courseId])
            .map { row throws(PostgresAccessError) in try LaunchRecord(postgres: row) }
    }

    static func launches(_ db: some PostgresQuerying, userId: Int64, courseId: Int64) throws -> [LaunchRecord] {
        try db.query("SELECT * FROM launch WHERE user_id = $1 AND course_id = $2 ORDER BY launched_at, id", [userId, courseId])
            .map { row throws(PostgresAccessError) in try LaunchRecord(postgres: row) }
    }

    /// A path's steps in order with the learner's status on each (the latest attempt decides), and whether it is linear.
    func pathSteps(pathId: Int64, userId: Int64) throws -> (linear: Bool, steps: [PathStep])? {
        forgetPrefetched()
        guard let linear = try read(#"SELECT is_linear FROM "path" WHERE id = $1"#, [pathId]).first?
            .decode(index: 0, as: Int64.self) else { return nil }
        let steps = try read("""
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
