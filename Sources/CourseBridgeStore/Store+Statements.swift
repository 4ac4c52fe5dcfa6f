import CourseBridgeCore
import Foundation
import GRDB

/// What became of a received statement; nothing received is dropped silently (DESIGN §1).
public enum StatementOutcome: String, Codable, Sendable, CaseIterable {
    case pending, applied, quarantined, skipped, voided
}

/// A statement as the store keeps it.
public struct StoredStatement: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var integrationId: Int64
    public var statementId: String
    public var receivedAt: Date
    /// The statement's JSON, with its id.
    public var body: String
    public var contentHash: String
    public var outcome: StatementOutcome
    public var reason: String?
    public var voidsStatementId: String?
    public var userId: Int64?
    public var courseId: Int64?

    init(row: Row) {
        sequence = row["rowid"]
        integrationId = row["integration_id"]
        statementId = row["statement_id"]
        receivedAt = Date(storeValue: row["received_at"])
        body = row["body"]
        contentHash = row["content_hash"]
        outcome = StatementOutcome(rawValue: row["outcome"]) ?? .pending
        reason = row["reason"]
        voidsStatementId = row["voids_statement_id"]
        userId = row["user_id"]
        courseId = row["course_id"]
    }
}

/// Statement counts of one integration, by outcome.
public struct StatementCounts: Sendable, Equatable, Codable {
    public var integrationId: Int64
    public var byOutcome: [String: Int]
}

// MARK: - Inside a statistics transaction

extension StatisticsTransaction {
    static let statementColumns = "rowid, integration_id, statement_id, received_at, body, content_hash, outcome, reason, "
        + "voids_statement_id, user_id, course_id"

    public func statement(integrationId: Int64, statementId: String) throws -> StoredStatement? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.statementColumns) FROM statement WHERE integration_id = ? AND statement_id = ?"),
                         arguments: [integrationId, statementId]).map(StoredStatement.init(row:))
    }

    /// Stores a statement with its outcome (pending until decided); returns its sequence number (arrival order).
    @discardableResult
    public func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String,
                                voids: String?, receivedAt: Date, outcome: StatementOutcome = .pending, reason: String? = nil,
                                userId: Int64? = nil, courseId: Int64? = nil) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                                  reason, user_id, course_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [integrationId, statementId, receivedAt.storeValue, body, contentHash, outcome.rawValue, voids,
                                     reason, userId, courseId])
        return db.lastInsertedRowID
    }

    public func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?,
                           userId: Int64? = nil, courseId: Int64? = nil) throws {
        try db.cachedStatement(sql: """
            UPDATE statement SET outcome = ?, reason = ?, user_id = ?, course_id = ? WHERE integration_id = ? AND statement_id = ?
            """).execute(arguments: [outcome.rawValue, reason, userId, courseId, integrationId, statementId])
    }

    /// The voiding statement that names `statementId`, when one arrived (possibly before it).
    public func voidingStatement(integrationId: Int64, targetId: String) throws -> StoredStatement? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(Self.statementColumns) FROM statement WHERE integration_id = ? AND voids_statement_id = ? ORDER BY rowid LIMIT 1
            """), arguments: [integrationId, targetId]).map(StoredStatement.init(row:))
    }

    /// Applied statements that counted for a learner on a course, in arrival order.
    public func appliedStatements(userId: Int64, courseId: Int64) throws -> [StoredStatement] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(Self.statementColumns) FROM statement
            WHERE user_id = ? AND course_id = ? AND outcome = 'applied' AND voids_statement_id IS NULL ORDER BY rowid
            """), arguments: [userId, courseId]).map(StoredStatement.init(row:))
    }

    public func statements(outcome: StatementOutcome, sequence: Int64? = nil) throws -> [StoredStatement] {
        var sql = "SELECT \(Self.statementColumns) FROM statement WHERE outcome = ?"
        var args: [any DatabaseValueConvertible & Sendable] = [outcome.rawValue]
        if let sequence { sql += " AND rowid = ?"; args.append(sequence) }
        return try Row.fetchAll(db, sql: sql + " ORDER BY rowid", arguments: StatementArguments(args)).map(StoredStatement.init(row:))
    }
}

// MARK: - Reads for the CLI and the console

extension Store {
    /// Quarantined statements, oldest first.
    public func quarantinedStatements() throws(StoreError) -> [StoredStatement] {
        try read { db in try StatisticsTransaction(db: db).statements(outcome: .quarantined) }
    }

    public func statements(integrationId: Int64) throws(StoreError) -> [StoredStatement] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(StatisticsTransaction.statementColumns) FROM statement WHERE integration_id = ? ORDER BY rowid",
                             arguments: [integrationId]).map(StoredStatement.init(row:))
        }
    }

    public func statementCounts() throws(StoreError) -> [StatementCounts] {
        try read { db in
            var counts: [Int64: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT integration_id, outcome, COUNT(*) AS n FROM statement GROUP BY integration_id, outcome") {
                counts[row["integration_id"], default: [:]][row["outcome"]] = row["n"]
            }
            return counts.keys.sorted().map { StatementCounts(integrationId: $0, byOutcome: counts[$0]!) }
        }
    }
}
