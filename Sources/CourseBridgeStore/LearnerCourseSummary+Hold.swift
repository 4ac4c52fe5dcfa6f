import GRDB

extension LearnerCourseSummary {
    /// v15: a write of several attempts of one learner and course refreshes their summary once, not once per attempt.
    /// Percipio's rule "the latest score shows on all attempts" rewrites every attempt on a scored statement, and each
    /// rewrite re-aggregated all of them: a cost growing with the square of the attempts, 49 % of the commit thread
    /// under a Percipio batch load. The writer holds the pair (a row in `learner_course_summary_hold`, inside its
    /// transaction, so no other writer ever sees it), writes the attempts, then refreshes and releases the pair.
    static func holdWhileWriting(_ db: Database) throws {
        let notHeld = "NOT EXISTS (SELECT 1 FROM learner_course_summary_hold WHERE user_id = NEW.user_id AND course_id = NEW.course_id)"
        try db.execute(sql: """
            CREATE TABLE learner_course_summary_hold (
                user_id INTEGER NOT NULL,
                course_id INTEGER NOT NULL,
                PRIMARY KEY (user_id, course_id)
            ) WITHOUT ROWID;
            DROP TRIGGER attempt_summary_insert;
            CREATE TRIGGER attempt_summary_insert AFTER INSERT ON attempt WHEN \(notHeld) BEGIN
                \(refreshSQL(user: "NEW.user_id", course: "NEW.course_id"))
            END;
            DROP TRIGGER attempt_summary_update;
            CREATE TRIGGER attempt_summary_update AFTER UPDATE ON attempt WHEN \(notHeld) BEGIN
                \(refreshSQL(user: "NEW.user_id", course: "NEW.course_id"))
            END;
            """)
    }

    /// Runs `write` (attempts of the one pair) with the pair's summary refreshed once afterwards. A moved attempt's
    /// old pair is still refreshed by its own trigger, which the hold does not cover.
    static func holding<T>(userId: Int64, courseId: Int64, _ db: Database, _ write: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "INSERT INTO learner_course_summary_hold(user_id, course_id) VALUES (?, ?)").execute(arguments: [userId, courseId])
        let result = try write()
        for sql in ["DELETE FROM learner_course_summary_hold WHERE user_id = ? AND course_id = ?"] + refreshStatements(user: "?", course: "?") {
            try db.cachedStatement(sql: sql).execute(arguments: [userId, courseId])
        }
        return result
    }
}
