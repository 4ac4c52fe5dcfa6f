import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension StoredStatement {
    init(row: Row) {
        self.init(sequence: row["rowid"], integrationId: row["integration_id"], statementId: row["statement_id"],
                  receivedAt: Date(storeValue: row["received_at"]), body: row["body"], contentHash: row["content_hash"],
                  outcome: StatementOutcome(rawValue: row["outcome"]) ?? .pending, reason: row["reason"],
                  voidsStatementId: row["voids_statement_id"], userId: row["user_id"], courseId: row["course_id"])
    }
}

// MARK: - Inside a statistics transaction

extension SQLiteStatisticsTransaction {
    static let statementColumns = "rowid, integration_id, statement_id, received_at, body, content_hash, outcome, reason, "
        + "voids_statement_id, user_id, course_id"

    public func statement(integrationId: Int64, statementId: String) throws -> StoredStatement? {
        guard let memo else {
            return try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.statementColumns) FROM statement WHERE integration_id = ? AND statement_id = ?"),
                                    arguments: [integrationId, statementId]).map(StoredStatement.init(row:))
        }
        // Ingestion asks next for the statement voiding this one (`voidingStatement`): one query answers both.
        // Nearly every statement pushed is new and voided by nothing: a probe that builds no rows says so first.
        var (found, voider): (StoredStatement?, StoredStatement?) = (nil, nil)
        let key = IngestLookupCache.StatementKey(integrationId: integrationId, statementId: statementId)
        let known = try db.cachedStatement(sql: Self.statementOrVoiderExistsSQL).firstInt64Direct { binder in
            binder.bind(integrationId)
            binder.bind(statementId)
        }
        guard known != nil else {
            memo.voiderFound = (key, nil)
            return nil
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: Self.statementAndVoiderSQL), arguments: [integrationId, statementId]) {
            if row["is_voider"] as Int64 == 0 { found = StoredStatement(row: row) } else { voider = StoredStatement(row: row) }
        }
        memo.voiderFound = (key, voider)
        return found
    }

    /// A row when the statement or a statement voiding it is stored (`statementAndVoiderSQL`'s two lookups).
    static let statementOrVoiderExistsSQL = """
        SELECT 1 FROM statement WHERE integration_id = ?1 AND statement_id = ?2
        UNION ALL
        SELECT 1 FROM statement WHERE integration_id = ?1 AND voids_statement_id = ?2
        LIMIT 1
        """

    /// The statement (is_voider 0) and the first statement voiding it (is_voider 1), each through its index.
    static let statementAndVoiderSQL = """
        SELECT \(statementColumns), 0 AS is_voider FROM statement WHERE integration_id = ?1 AND statement_id = ?2
        UNION ALL
        SELECT * FROM (SELECT \(statementColumns), 1 AS is_voider FROM statement
                       WHERE integration_id = ?1 AND voids_statement_id = ?2 ORDER BY rowid LIMIT 1)
        """

    /// Stores a statement with its outcome (pending until decided); returns its sequence number (arrival order).
    @discardableResult
    public func insertStatement(integrationId: Int64, statementId: String, body: String, contentHash: String,
                                voids: String?, receivedAt: Date, outcome: StatementOutcome, reason: String?,
                                userId: Int64?, courseId: Int64?) throws -> Int64 {
        memo?.voiderFound = nil
        try db.cachedStatement(sql: """
            INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                                  reason, user_id, course_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).executeDirect { binder in
                binder.bind(integrationId)
                binder.bind(statementId)
                binder.bind(receivedAt.storeValue)
                binder.bind(body)
                binder.bind(contentHash)
                binder.bind(outcome.rawValue)
                binder.bind(voids)
                binder.bind(reason)
                binder.bind(userId)
                binder.bind(courseId)
            }
        return db.lastInsertedRowID
    }

    public func setOutcome(integrationId: Int64, statementId: String, _ outcome: StatementOutcome, reason: String?,
                           userId: Int64?, courseId: Int64?) throws {
        memo?.voiderFound = nil
        try db.cachedStatement(sql: """
            UPDATE statement SET outcome = ?, reason = ?, user_id = ?, course_id = ? WHERE integration_id = ? AND statement_id = ?
            """).execute(arguments: [outcome.rawValue, reason, userId, courseId, integrationId, statementId])
    }

    /// The voiding statement that names `statementId`, when one arrived (possibly before it).
    public func voidingStatement(integrationId: Int64, targetId: String) throws -> StoredStatement? {
        if let found = memo?.voiderFound, found.key == .init(integrationId: integrationId, statementId: targetId) { return found.voider }
        return try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(Self.statementColumns) FROM statement WHERE integration_id = ? AND voids_statement_id = ? ORDER BY rowid LIMIT 1
            """), arguments: [integrationId, targetId]).map(StoredStatement.init(row:))
    }

    /// Applied statements that counted for a learner on a course, in arrival order.
    public func appliedStatements(userId: Int64, courseId: Int64) throws -> [StoredStatement] {
        try Row.fetchAll(db.cachedStatement(sql: Self.appliedStatementsSQL), arguments: [userId, courseId]).map(StoredStatement.init(row:))
    }

    static let appliedStatementsSQL = StatementPairIndex.appliedStatementsSQL(columns: statementColumns)

    public func statements(outcome: StatementOutcome, sequence: Int64?) throws -> [StoredStatement] {
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
        try read { db in try SQLiteStatisticsTransaction(db: db).statements(outcome: .quarantined) }
    }

    public func statements(integrationId: Int64) throws(StoreError) -> [StoredStatement] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteStatisticsTransaction.statementColumns) FROM statement WHERE integration_id = ? ORDER BY rowid",
                             arguments: [integrationId]).map(StoredStatement.init(row:))
        }
    }
}
