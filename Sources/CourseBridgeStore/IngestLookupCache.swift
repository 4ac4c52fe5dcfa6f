import CourseBridgeCore
import CourseBridgeData
import GRDB

/// Courses and learners found by statement ingestion, kept from one of its transactions to the next while
/// nothing else writes: with thousands of learners and courses a per-transaction memo rarely hits, and the
/// lookups (a query and a row decoded per statement) were half of the commit thread's Swift time.
///
/// Any other write is noticed without knowing who made it: on the writer connection by SQLite's count of
/// changed rows (`total_changes`, which moves with every INSERT/UPDATE/DELETE, triggers included, whatever code
/// path ran it), from other connections and processes by `PRAGMA data_version`. Either moving empties the cache,
/// so a learner imported or a course synced between two ingestions is seen by the second. Only found rows are
/// kept (absent ones are asked again: they may be added at any moment).
///
/// Learners' attempts on courses are kept too, as ingestion itself writes them (`saveAttempts` keeps the pair's
/// entry equal to what a read would return). Whatever ingestion wrote and did not keep is forgotten: a pair
/// deleted or written in an unknown way, everything after a rolled-back savepoint or transaction.
final class IngestLookupCache: @unchecked Sendable {  // used only inside the writer's serialized transactions
    private var courses: [String: Course] = [:]
    private var users: [String: [User]] = [:]
    private var attempts: [AttemptPair: [Attempt]] = [:]
    /// Attempts kept in `attempts`, for the bound on memory.
    private var attemptCount = 0
    /// Both counters as they were when the last ingestion transaction ended.
    private var lastTotalChanges = -1
    private var lastDataVersion: Int64 = -1
    /// Bounds memory: past this many entries the cache starts over.
    static let maxEntries = 100_000

    /// The cache for a new ingestion transaction on `db` (the writer), emptied when anything else wrote since.
    func begin(_ db: Database) throws -> IngestLookupCache {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        if db.totalChangesCount != lastTotalChanges || version != lastDataVersion
            || courses.count + users.count + attemptCount > Self.maxEntries {
            courses.removeAll(keepingCapacity: true)
            users.removeAll(keepingCapacity: true)
            forgetAllAttempts()
        }
        lastDataVersion = version
        voiderFound = nil
        return self
    }

    /// Called when the ingestion transaction's body is done: its own writes (statements, attempts) do not count
    /// as "someone else wrote".
    func end(_ db: Database) {
        lastTotalChanges = db.totalChangesCount
    }

    func course(_ key: String) -> Course? { courses[key] }
    func remember(_ course: Course, _ key: String) { courses[key] = course }
    func users(_ key: String) -> [User]? { users[key] }
    func remember(_ found: [User], _ key: String) { users[key] = found }

    // MARK: - The voider found with a statement

    struct StatementKey: Equatable {
        let integrationId: Int64
        let statementId: String
    }

    /// Set by the statement lookup for the voiding lookup that follows it; any write to statements drops it.
    var voiderFound: (key: StatementKey, voider: StoredStatement?)?

    // MARK: - Attempts

    struct AttemptPair: Hashable {
        let userId: Int64
        let courseId: Int64
    }

    /// The pair's attempts in the order of `SQLiteStatisticsTransaction.attempts` (nil: not known, read them).
    func attempts(_ pair: AttemptPair) -> [Attempt]? { attempts[pair] }

    func remember(_ found: [Attempt], _ pair: AttemptPair) {
        attemptCount += found.count - (attempts[pair]?.count ?? 0)
        attempts[pair] = found
    }

    func forgetAttempts(_ pair: AttemptPair) {
        attemptCount -= attempts.removeValue(forKey: pair)?.count ?? 0
    }

    func forgetAllAttempts() {
        attempts.removeAll(keepingCapacity: true)
        attemptCount = 0
    }
}
