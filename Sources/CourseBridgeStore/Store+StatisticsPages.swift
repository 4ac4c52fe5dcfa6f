import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Store {
    /// One page of learner statistics from `learner_course_summary` (kept by triggers), so only the visible page
    /// is read: 100,000 attempts stay fast. Per learner: one line per learner and course over all attempts (best
    /// progress and score, total time, the furthest completion). Per course: one line per course with its learner
    /// count and averages.
    public func learnerStatistics(grouping: LearnerStatsGrouping, search: String, sort: LearnerStatsSort, descending: Bool,
                                  offset: Int, limit: Int) throws(StoreError) -> (lines: [LearnerStatLine], total: Int) {
        let perCourse = grouping == .perCourse
        let select = perCourse
            ? """
              SELECT COUNT(*) || CASE COUNT(*) WHEN 1 THEN ' learner' ELSE ' learners' END AS learner, c.title AS course, AVG(s.progress) AS progress, AVG(s.score) AS score,
                     SUM(s.time_spent) AS time_spent, SUM(s.completion_rank = 2) || ' completed' AS completion,
                     SUM(s.completion_rank = 2) AS completion_rank, NULLIF(SUM(s.result = 'success'), 0) || ' passed' AS result,
                     MAX(s.last_activity) AS last_activity, SUM(s.attempts) AS attempts
              """
            : """
              SELECT u.email AS learner, c.title AS course, s.progress, s.score, s.time_spent,
                     CASE s.completion_rank WHEN 2 THEN 'completed' WHEN 1 THEN 'in progress' ELSE 'not started' END AS completion,
                     s.completion_rank, s.result, s.last_activity, s.attempts
              """
        var from = " FROM learner_course_summary s JOIN user u ON u.id = s.user_id JOIN course c ON c.id = s.course_id"
        var args: [any DatabaseValueConvertible & Sendable] = []
        let text = search.trimmed
        if !text.isEmpty {
            from += " WHERE (u.email LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\')"
            let pattern = "%" + Self.likeEscaped(text) + "%"
            args += [pattern, pattern, pattern]
        }
        let group = perCourse ? " GROUP BY s.course_id" : ""
        let direction = descending ? "DESC" : "ASC"
        let column: String = switch sort {
        case .learner: "learner COLLATE NOCASE"
        case .course: "course COLLATE NOCASE"
        case .progress: "progress"
        case .score: "score"
        case .timeSpent: "time_spent"
        case .completion: "completion_rank"
        case .result: "result"
        case .lastActivity: perCourse ? "last_activity" : "s.last_activity"
        case .attempts: "attempts"
        }
        // Ties break on the key in the same direction: sorted by activity, the index is read in order, no sort.
        let ties = perCourse ? "s.course_id \(direction)" : "s.user_id \(direction), s.course_id \(direction)"
        let pageSQL = select + from + group + " ORDER BY \(column) \(direction), \(ties) LIMIT ? OFFSET ?"
        let countSQL = text.isEmpty
            ? (perCourse ? "SELECT COUNT(DISTINCT course_id) FROM learner_course_summary" : "SELECT COUNT(*) FROM learner_course_summary")
            : "SELECT COUNT(*) FROM (SELECT 1" + from + group + ")"
        let pageArgs = args + [limit, offset]
        let countArgs = args
        return try read { db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: StatementArguments(countArgs)) ?? 0
            let lines = try Row.fetchAll(db, sql: pageSQL, arguments: StatementArguments(pageArgs)).map { row in
                LearnerStatLine(learner: row["learner"], course: row["course"], progress: row["progress"] ?? 0,
                                score: row["score"], timeSpentSeconds: row["time_spent"] ?? 0, completion: row["completion"],
                                result: row["result"], lastActivity: (row["last_activity"] as Double?).map(Date.init(storeValue:)),
                                attempts: row["attempts"])
            }
            return (lines, total)
        }
    }

    /// Statements an integration received since a moment (the dashboard's "statements today").
    public func statementsReceived(integrationId: Int64, since: Date) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement WHERE integration_id = ? AND received_at >= ?",
                             arguments: [integrationId, since.storeValue]) ?? 0
        }
    }

    public func quarantinedCount(integrationId: Int64) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement WHERE outcome = 'quarantined' AND integration_id = ?",
                             arguments: [integrationId]) ?? 0
        }
    }

    /// A page of quarantined statements, newest first, whose reason or body contains the text.
    public func quarantinePage(search: String, offset: Int, limit: Int) throws(StoreError) -> (lines: [QuarantineLine], total: Int) {
        var filter = "outcome = 'quarantined'"
        var args: [any DatabaseValueConvertible & Sendable] = []
        let text = search.trimmed
        if !text.isEmpty {
            filter += " AND (reason LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')"
            let pattern = "%" + Self.likeEscaped(text) + "%"
            args += [pattern, pattern]
        }
        let countArgs = args
        let pageArgs = args + [limit, offset]
        let whereClause = filter
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement WHERE \(whereClause)", arguments: StatementArguments(countArgs)) ?? 0
            let lines = try Row.fetchAll(db, sql: """
                SELECT rowid, integration_id, statement_id, received_at, reason, body FROM statement WHERE \(whereClause)
                ORDER BY rowid DESC LIMIT ? OFFSET ?
                """, arguments: StatementArguments(pageArgs)).map { row in
                QuarantineLine(sequence: row["rowid"], integrationId: row["integration_id"], statementId: row["statement_id"],
                               receivedAt: Date(storeValue: row["received_at"]), reason: row["reason"] ?? "", body: row["body"])
            }
            return (lines, total)
        }
    }

    /// Emails of the platform administrators, oldest account first: the console acts as the first by default.
    public func platformAdminEmails() throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT u.email FROM membership m JOIN user u ON u.id = m.user_id WHERE m.role = 'platform-admin' ORDER BY u.id
                """)
        }
    }

    /// `text` with LIKE's wildcards taken literally (a search for "100%" finds "100%").
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
