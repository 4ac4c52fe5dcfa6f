extension PostgresTables {
    // MARK: - v2: the learner-course summary (SQLite v5 and v6)

    /// One row per learner and course, kept by triggers from `attempt` as on SQLite: best progress and score, total
    /// time, furthest completion (2 completed, 1 in progress, 0 not started), best result, latest activity, count.
    ///
    /// Unlike SQLite, two writers can change attempts of one pair at once. Each refresh first locks the pair's
    /// summary row (making it if missing), then aggregates in a new statement: under READ COMMITTED that statement
    /// sees the attempts of every writer that held the lock before, so the last writer's summary counts them all.
    static let learnerCourseSummary: [String] = [
        """
        CREATE TABLE learner_course_summary (
            user_id bigint NOT NULL,
            course_id bigint NOT NULL,
            progress double precision NOT NULL,
            score double precision,
            time_spent bigint NOT NULL,
            completion_rank bigint NOT NULL,
            result text,
            last_activity double precision,
            attempts bigint NOT NULL,
            PRIMARY KEY (user_id, course_id)
        )
        """,
        "CREATE INDEX learner_course_summary_by_activity ON learner_course_summary (last_activity)",
        "CREATE INDEX learner_course_summary_by_course ON learner_course_summary (course_id)",
        """
        CREATE FUNCTION learner_course_summary_refresh(p_user bigint, p_course bigint) RETURNS void
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM learner_course_summary WHERE user_id = p_user AND course_id = p_course FOR UPDATE;
            IF NOT FOUND THEN
                INSERT INTO learner_course_summary (user_id, course_id, progress, time_spent, completion_rank, attempts)
                VALUES (p_user, p_course, 0, 0, 0, 0) ON CONFLICT DO NOTHING;
                -- Another writer may have made it first: wait for its lock.
                PERFORM 1 FROM learner_course_summary WHERE user_id = p_user AND course_id = p_course FOR UPDATE;
            END IF;
            UPDATE learner_course_summary s
            SET progress = a.progress, score = a.score, time_spent = a.time_spent,
                completion_rank = a.completion_rank, result = a.result, last_activity = a.last_activity,
                attempts = a.attempts
            FROM (SELECT MAX(progress) AS progress, MAX(score) AS score,
                         SUM(time_spent_seconds)::bigint AS time_spent,
                         MAX(CASE completion_status WHEN 'completed' THEN 2 WHEN 'in-progress' THEN 1 ELSE 0 END)
                             AS completion_rank,
                         MAX(result) AS result, MAX(last_activity_at) AS last_activity, COUNT(*) AS attempts
                  FROM attempt WHERE user_id = p_user AND course_id = p_course) a
            WHERE s.user_id = p_user AND s.course_id = p_course AND a.attempts > 0;
            IF NOT FOUND THEN
                DELETE FROM learner_course_summary WHERE user_id = p_user AND course_id = p_course;
            END IF;
        END $$
        """,
        """
        CREATE FUNCTION attempt_summary_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                PERFORM learner_course_summary_refresh(NEW.user_id, NEW.course_id);
            END IF;
            -- An update refreshes the pair it left only when it moved (SQLite v6: every statement updates an attempt).
            IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.user_id, OLD.course_id) IS DISTINCT FROM (NEW.user_id, NEW.course_id)) THEN
                PERFORM learner_course_summary_refresh(OLD.user_id, OLD.course_id);
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER attempt_summary AFTER INSERT OR UPDATE OR DELETE ON attempt
        FOR EACH ROW EXECUTE FUNCTION attempt_summary_trigger()
        """,
    ]
}
