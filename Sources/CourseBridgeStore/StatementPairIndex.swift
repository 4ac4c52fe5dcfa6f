import GRDB

/// Finds a learner's applied statements on a course (to recompute their attempts when one is voided or replayed)
/// without an index kept on every insert.
///
/// An index on `statement(user_id, course_id)` put each new statement at a random place in a large B-tree: a commit
/// of a few hundred statements rewrote a 4 KiB page of it for almost every statement, ~60 % of the bytes the commit
/// thread wrote to the WAL (14–16 KiB a statement with it, 5.8 KiB without; batched ingestion 8,850 → 11,400/s).
/// Instead `statement_by_pair` holds (learner, course, rowid) for the statements up to a mark, filled in bulk once
/// enough have arrived (one sorted pass, each page written once for thousands of rows); the statements above the
/// mark, at most `catchUpThreshold` of them, are read by a rowid range. Statements are never deleted, so a new
/// rowid is always above every old one.
enum StatementPairIndex {
    /// Statements above the mark that start a catch-up: the recompute's range read stays a few milliseconds, and the
    /// catch-up (tens of milliseconds) runs once per this many statements.
    static let catchUpThreshold: Int64 = 16_384

    /// v14: the pair table replaces `statement_by_learner_course`. A statement below the mark that gets its learner
    /// and course later (a replayed one) is noted by the trigger; the join re-checks them, so a stale row is harmless.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX statement_by_learner_course;
            CREATE TABLE statement_by_pair (
                user_id INTEGER NOT NULL,
                course_id INTEGER NOT NULL,
                statement_rowid INTEGER NOT NULL,
                PRIMARY KEY (user_id, course_id, statement_rowid)
            ) WITHOUT ROWID;
            CREATE TABLE statement_pair_state(indexed_through INTEGER NOT NULL);
            INSERT INTO statement_pair_state(indexed_through) VALUES (0);
            CREATE TRIGGER statement_pair_note AFTER UPDATE OF user_id, course_id ON statement
            WHEN NEW.user_id IS NOT NULL AND NEW.course_id IS NOT NULL
                 AND NEW.rowid <= (SELECT indexed_through FROM statement_pair_state) BEGIN
                INSERT OR IGNORE INTO statement_by_pair(user_id, course_id, statement_rowid)
                    VALUES (NEW.user_id, NEW.course_id, NEW.rowid);
            END;
            """)
        try catchUp(db)
    }

    /// Moves the mark to the newest statement when `threshold` or more are above it; returns how many were above.
    @discardableResult
    static func catchUpIfDue(_ db: Database, threshold: Int64 = catchUpThreshold) throws -> Int64 {
        let behind = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT coalesce((SELECT max(rowid) FROM statement), 0) - indexed_through FROM statement_pair_state
            """)) ?? 0
        if behind >= threshold { try catchUp(db) }
        return behind
    }

    /// Adds every statement above the mark that has a learner and course, sorted as the table is, and moves the mark.
    static func catchUp(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO statement_by_pair(user_id, course_id, statement_rowid)
                SELECT user_id, course_id, rowid FROM statement
                WHERE rowid > (SELECT indexed_through FROM statement_pair_state) AND user_id IS NOT NULL AND course_id IS NOT NULL
                ORDER BY user_id, course_id, rowid;
            UPDATE statement_pair_state SET indexed_through = (SELECT coalesce(max(rowid), 0) FROM statement);
            """)
    }

    /// The applied statements that count for a learner on a course, in arrival order: those up to the mark through
    /// the pair table, the rest by a rowid range above it (arguments: user, course).
    static func appliedStatementsSQL(columns: String) -> String {
        let counts = "user_id = ?1 AND course_id = ?2 AND outcome = 'applied' AND voids_statement_id IS NULL"
        return """
            SELECT \(columns) FROM statement
            WHERE rowid IN (SELECT statement_rowid FROM statement_by_pair WHERE user_id = ?1 AND course_id = ?2) AND \(counts)
            UNION ALL
            SELECT \(columns) FROM statement
            WHERE rowid > (SELECT indexed_through FROM statement_pair_state) AND \(counts)
            ORDER BY 1
            """
    }
}
