import GRDB

/// One row per learner and course, kept by triggers from `attempt`: the learner-statistics screen pages and
/// sorts it through indexes instead of grouping 100,000 attempts for every page.
enum LearnerCourseSummary {
    /// The aggregate of one (user, course) pair: best progress and score, total time, furthest completion
    /// (2 completed, 1 in progress, 0 not started), best result, latest activity, attempt count.
    static func refreshSQL(user: String, course: String) -> String {
        refreshStatements(user: user, course: course).map { $0 + ";\n" }.joined()
    }

    /// `refreshSQL`'s two statements, apart (to run with arguments).
    static func refreshStatements(user: String, course: String) -> [String] {
        ["DELETE FROM learner_course_summary WHERE user_id = \(user) AND course_id = \(course)",
         """
         INSERT INTO learner_course_summary
             SELECT user_id, course_id, MAX(progress), MAX(score), SUM(time_spent_seconds),
                    MAX(CASE completion_status WHEN 'completed' THEN 2 WHEN 'in-progress' THEN 1 ELSE 0 END),
                    MAX(result), MAX(last_activity_at), COUNT(*)
             FROM attempt WHERE user_id = \(user) AND course_id = \(course) GROUP BY user_id, course_id
         """]
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE learner_course_summary (
                user_id INTEGER NOT NULL,
                course_id INTEGER NOT NULL,
                progress REAL NOT NULL,
                score REAL,
                time_spent INTEGER NOT NULL,
                completion_rank INTEGER NOT NULL,
                result TEXT,
                last_activity REAL,
                attempts INTEGER NOT NULL,
                PRIMARY KEY (user_id, course_id)
            ) WITHOUT ROWID;
            CREATE INDEX learner_course_summary_by_activity ON learner_course_summary(last_activity);
            CREATE INDEX learner_course_summary_by_course ON learner_course_summary(course_id);
            CREATE TRIGGER attempt_summary_insert AFTER INSERT ON attempt BEGIN
                \(refreshSQL(user: "NEW.user_id", course: "NEW.course_id"))
            END;
            CREATE TRIGGER attempt_summary_update AFTER UPDATE ON attempt BEGIN
                \(refreshSQL(user: "OLD.user_id", course: "OLD.course_id"))
                \(refreshSQL(user: "NEW.user_id", course: "NEW.course_id"))
            END;
            CREATE TRIGGER attempt_summary_delete AFTER DELETE ON attempt BEGIN
                \(refreshSQL(user: "OLD.user_id", course: "OLD.course_id"))
            END;
            INSERT INTO learner_course_summary
                SELECT user_id, course_id, MAX(progress), MAX(score), SUM(time_spent_seconds),
                       MAX(CASE completion_status WHEN 'completed' THEN 2 WHEN 'in-progress' THEN 1 ELSE 0 END),
                       MAX(result), MAX(last_activity_at), COUNT(*)
                FROM attempt GROUP BY user_id, course_id;
            """)
    }

    /// v6: an attempt update refreshes its pair once, and the pair it left only when it moved (every statement
    /// updates an attempt; refreshing the same pair twice was a third of a statement's write time).
    static func refreshOnceOnUpdate(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER attempt_summary_update;
            CREATE TRIGGER attempt_summary_update AFTER UPDATE ON attempt BEGIN
                \(refreshSQL(user: "NEW.user_id", course: "NEW.course_id"))
            END;
            CREATE TRIGGER attempt_summary_move AFTER UPDATE OF user_id, course_id ON attempt
            WHEN OLD.user_id IS NOT NEW.user_id OR OLD.course_id IS NOT NEW.course_id BEGIN
                \(refreshSQL(user: "OLD.user_id", course: "OLD.course_id"))
            END;
            """)
    }
}
