import CourseBridgeCore
import Foundation

/// Learner statistics: statements, attempts, launches, webhook tokens and the pages the console reads.
public protocol StatisticsStore: Sendable {
    /// Runs `body` in one write transaction, committed durably before returning; a thrown error rolls it all back.
    /// `memoizingLookups`: found courses and learners are kept for the transaction (only when `body` changes neither).
    func statisticsTransaction<T: Sendable>(memoizingLookups: Bool,
                                            _ body: @Sendable (any StatisticsTransaction) throws -> T) throws(StoreError) -> T

    // Attempts and launches
    func attemptReports(_ query: AttemptReportQuery) throws(StoreError) -> [AttemptReport]
    func attempts(userId: Int64, courseId: Int64) throws(StoreError) -> [Attempt]
    func launches(userId: Int64, courseId: Int64) throws(StoreError) -> [LaunchRecord]
    /// The installation's 32-byte key that signs launch links, made on first use.
    func launchKey() throws(StoreError) -> Data

    // Statements
    /// Quarantined statements, oldest first.
    func quarantinedStatements() throws(StoreError) -> [StoredStatement]
    func statements(integrationId: Int64) throws(StoreError) -> [StoredStatement]

    // Pages the console and the CLI read
    func learnerStatistics(grouping: LearnerStatsGrouping, search: String, sort: LearnerStatsSort, descending: Bool,
                           offset: Int, limit: Int) throws(StoreError) -> (lines: [LearnerStatLine], total: Int)
    func statementsReceived(integrationId: Int64, since: Date) throws(StoreError) -> Int
    func quarantinedCount(integrationId: Int64) throws(StoreError) -> Int
    func quarantinePage(search: String, offset: Int, limit: Int) throws(StoreError) -> (lines: [QuarantineLine], total: Int)
    func statementIntake(integrationId: Int64, recentSince: Date, daySince: Date) throws(StoreError) -> StatementIntake

    // Webhook tokens (only their hashes are stored)
    func issueWebhookToken(integrationId: Int64, lifetime: TimeInterval, now: Date) throws(StoreError) -> (token: String, expiresAt: Date)
    func integrationId(forToken token: String, now: Date) throws(StoreError) -> Int64?
    func integration(forToken token: String, now: Date) throws(StoreError) -> Integration?
    /// `integration(forToken:now:)` answered without waiting, when the store knows the answer still holds (nil: ask).
    func knownIntegration(forToken token: String, now: Date) -> Integration?
    func integration(webhookClientId: String) throws(StoreError) -> Integration?
    func verifyWebhookSecret(integrationId: Int64, secret: String) throws(StoreError) -> Bool

    /// Whether the data can be read right now (the health check).
    func ping() throws(StoreError)
}

/// How long a webhook access token lives unless the server is told otherwise.
public let defaultWebhookTokenLifetime: TimeInterval = 3_600

extension StatisticsStore {
    /// A store whose reads are local has nothing to keep: every request asks.
    public func knownIntegration(forToken token: String, now: Date) -> Integration? { nil }

    public func statisticsTransaction<T: Sendable>(_ body: @Sendable (any StatisticsTransaction) throws -> T) throws(StoreError) -> T {
        try statisticsTransaction(memoizingLookups: false, body)
    }
    public func issueWebhookToken(integrationId: Int64, now: Date) throws(StoreError) -> (token: String, expiresAt: Date) {
        try issueWebhookToken(integrationId: integrationId, lifetime: defaultWebhookTokenLifetime, now: now)
    }
}

/// One write transaction of the statistics code: statements, learners, courses and attempts read and written
/// together, so a batch of statements is stored and applied all-or-nothing.
public protocol StatisticsTransaction {
    /// Runs `body` in a savepoint: a thrown error undoes only what `body` wrote, then is rethrown, and the
    /// enclosing transaction goes on (one request's failure inside a group commit leaves the others).
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// Whether a group commit runs its requests without savepoints while none fails, and runs the group again with
    /// one savepoint per request when one does (`StatementCommitGroup`): for stores where a savepoint held across a
    /// request makes each of its statements cost more.
    var rerunsRatherThanSavepoints: Bool { get }
    /// An error thrown inside the transaction as the store describes it (disk full, a named constraint).
    func storeError(_ error: any Error) -> StoreError

    // Learners, courses, integrations
    /// Users whose identifier of the given kind equals `value` (e-mail case-insensitively).
    func users(matching value: String, by mode: LearnerIdentification) throws -> [User]
    func course(provider: Provider, providerId: String) throws -> Course?
    /// A course found by its launch URL; a course of `integrationId` wins over another integration's.
    func course(provider: Provider, launchURL: String, preferring integrationId: Int64?) throws -> Course?
    func course(id: Int64) throws -> Course?
    func integration(id: Int64) throws -> Integration?

    // Attempts
    /// A user's attempts on a course, oldest first.
    func attempts(userId: Int64, courseId: Int64) throws -> [Attempt]
    /// Updates the attempts with an id and inserts the others.
    func saveAttempts(_ attempts: [Attempt]) throws
    func deleteAttempts(userId: Int64, courseId: Int64) throws

    // Statements
    func statement(integrationId: Int64, statementId: String) throws -> StoredStatement?
    /// Stores a statement with its outcome; its sequence number (arrival order), or 0 in a memoizing transaction
    /// of a store that sends its writes without waiting (PostgreSQL's ingestion: the engine does not read it).
    @discardableResult
    func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String, voids: String?,
                         receivedAt: Date, outcome: StatementOutcome, reason: String?, userId: Int64?, courseId: Int64?) throws -> Int64
    func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?,
                    userId: Int64?, courseId: Int64?) throws
    /// The statement that voids `targetId`, if one was received.
    func voidingStatement(integrationId: Int64, targetId: String) throws -> StoredStatement?
    /// Applied statements that counted for a learner on a course, in arrival order.
    func appliedStatements(userId: Int64, courseId: Int64) throws -> [StoredStatement]
    /// Statements with an outcome (one of them with `sequence`), oldest first.
    func statements(outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement]

    // Launches and paths
    @discardableResult func insertLaunch(userId: Int64, courseId: Int64, pathId: Int64?, at: Date) throws -> Int64
    /// A learner's launches of a course, oldest first.
    func launches(userId: Int64, courseId: Int64) throws -> [LaunchRecord]
    /// A path's steps in order with the learner's status on each, and whether it is linear.
    func pathSteps(pathId: Int64, userId: Int64) throws -> (linear: Bool, steps: [PathStep])?

    // Group prefetch (statement ingestion)
    /// Whether `prefetch` saves anything in this store: the engine works out what a group needs only then.
    var prefetches: Bool { get }
    /// Fetches in one go what the calls that follow will ask for (the statements and their voiders, the pairs'
    /// attempts); those calls then answer from memory while nothing in this transaction changed what they read.
    func prefetch(_ wanted: StatementPrefetch) throws
    /// Looks up in one go the learners and courses a group is about to match, before it matches them: the lookups
    /// that follow then answer from memory. Only for stores that `prefetches`.
    func preload(_ lookups: StatementLookups) throws
}

/// What a group of statements is about to look up (`StatisticsTransaction.prefetch`).
public struct StatementPrefetch: Sendable, Equatable {
    public struct Key: Sendable, Hashable {
        public var integrationId: Int64
        public var statementId: String
        public init(integrationId: Int64, statementId: String) {
            self.integrationId = integrationId
            self.statementId = statementId
        }
    }
    public struct Pair: Sendable, Hashable {
        public var userId: Int64
        public var courseId: Int64
        public init(userId: Int64, courseId: Int64) {
            self.userId = userId
            self.courseId = courseId
        }
    }
    /// Statements looked up by id, each with the statement voiding it.
    public var statements: [Key]
    /// Learner–course pairs whose attempts are read.
    public var pairs: [Pair]

    public init(statements: [Key] = [], pairs: [Pair] = []) {
        self.statements = statements
        self.pairs = pairs
    }
}

extension StatisticsTransaction {
    /// Stores whose lookups are cheap (SQLite, in-process) prefetch nothing.
    public var prefetches: Bool { false }
    public var rerunsRatherThanSavepoints: Bool { false }
    public func prefetch(_ wanted: StatementPrefetch) throws {}
    public func preload(_ lookups: StatementLookups) throws {}

    @discardableResult
    public func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String, voids: String?,
                                receivedAt: Date, outcome: StatementOutcome = .pending, reason: String? = nil) throws -> Int64 {
        try insertStatement(integrationId: integrationId, statementId: statementId, body: body, contentHash: contentHash, voids: voids,
                            receivedAt: receivedAt, outcome: outcome, reason: reason, userId: nil, courseId: nil)
    }
    public func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?) throws {
        try setOutcome(integrationId: integrationId, statementId: statementId, outcome, reason: reason, userId: nil, courseId: nil)
    }
    public func statements(outcome: StatementOutcome) throws -> [StoredStatement] { try statements(outcome: outcome, sequence: nil) }
}
