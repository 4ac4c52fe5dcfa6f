extension PostgresTables {
    // MARK: - v6: learner–course locks taken in one order, and fewer round trips per ingested statement

    /// Two instances group-commit statements of the same learners and courses. Before, each locked `attempt` and
    /// `learner_course_summary` rows in arrival order, so two groups could each hold a row the other wanted: a
    /// deadlock, and a 500. Now every writer of a pair's attempts first takes the pair's advisory lock
    /// (`learner_course_lock`), and waits for one only in ascending (learner, course) order: a pair that sorts below
    /// one already held is only tried (`p_wait` false), and when busy the call fails with `lock_not_available`;
    /// the store then runs the whole group again, taking every pair it met in sorted order first
    /// (`learner_course_lock_all`). Waits that only ever go upwards cannot form a cycle.
    ///
    /// The key space: two int4 keys with a negative first key (statement ids use the integration id, never
    /// negative). Ids beyond 2^31 share keys, which only serialises a little more.
    ///
    /// The other functions fold round trips of ingestion into one call each: the statement lookup also returns
    /// the first statement voiding it (asked right after), and inserting an applied statement also locks its
    /// pair and returns the pair's attempts (read right after). Volatile PL/pgSQL functions take a new snapshot
    /// for each query, so what they read after a lock wait includes what the lock's last holder committed.
    static let ingestionLocks: [String] = [
        """
        CREATE FUNCTION learner_course_lock(p_user bigint, p_course bigint, p_wait boolean) RETURNS void
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            k1 integer := (-1 - (p_user % 2147483647))::integer;
            k2 integer := (p_course % 2147483647)::integer;
        BEGIN
            IF p_wait THEN
                PERFORM pg_advisory_xact_lock(k1, k2);
            ELSIF NOT pg_try_advisory_xact_lock(k1, k2) THEN
                RAISE EXCEPTION 'learner % on course % is locked by another transaction (taken out of order: retry in order)',
                    p_user, p_course USING ERRCODE = 'lock_not_available';
            END IF;
        END $$
        """,
        """
        CREATE FUNCTION learner_course_lock_all(p_users bigint[], p_courses bigint[]) RETURNS void
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            pair record;
        BEGIN
            FOR pair IN SELECT u, c FROM unnest(p_users, p_courses) AS t(u, c) GROUP BY u, c ORDER BY u, c LOOP
                PERFORM learner_course_lock(pair.u, pair.c, true);
            END LOOP;
        END $$
        """,
        // p_mode: 1 wait for the pair's lock, 0 only try it, -1 already held.
        """
        CREATE FUNCTION attempts_locked(p_user bigint, p_course bigint, p_mode integer) RETURNS SETOF attempt
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            IF p_mode >= 0 THEN
                PERFORM learner_course_lock(p_user, p_course, p_mode = 1);
            END IF;
            RETURN QUERY SELECT * FROM attempt WHERE user_id = p_user AND course_id = p_course ORDER BY started_at, id;
        END $$
        """,
        """
        CREATE FUNCTION statement_lookup_with_voider(p_integration bigint, p_statement text) RETURNS SETOF statement
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(p_integration::integer, hashtext(p_statement));
            RETURN QUERY SELECT * FROM statement WHERE integration_id = p_integration AND statement_id = p_statement;
            RETURN QUERY SELECT * FROM statement WHERE integration_id = p_integration AND voids_statement_id = p_statement
                ORDER BY seq LIMIT 1;
        END $$
        """,
        // One row per attempt of the pair (one row with a NULL id when it has none), each with the new seq.
        """
        CREATE FUNCTION statement_insert_then_attempts(
            p_integration bigint, p_statement text, p_received double precision, p_body text, p_hash text, p_outcome text,
            p_voids text, p_reason text, p_user bigint, p_course bigint, p_mode integer)
        RETURNS TABLE (statement_seq bigint, id bigint, user_id bigint, course_id bigint, started_at double precision,
                       progress double precision, score double precision, time_spent_seconds bigint, completion_status text,
                       completed_at double precision, result text, last_activity_at double precision)
        LANGUAGE plpgsql VOLATILE AS $$
        #variable_conflict use_column
        DECLARE
            v_seq bigint;
        BEGIN
            INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                                  reason, user_id, course_id)
            VALUES (p_integration, p_statement, p_received, p_body, p_hash, p_outcome, p_voids, p_reason, p_user, p_course)
            RETURNING statement.seq INTO v_seq;
            IF p_mode >= 0 THEN
                PERFORM learner_course_lock(p_user, p_course, p_mode = 1);
            END IF;
            RETURN QUERY SELECT v_seq, a.id, a.user_id, a.course_id, a.started_at, a.progress, a.score, a.time_spent_seconds,
                                a.completion_status, a.completed_at, a.result, a.last_activity_at
                FROM (SELECT 1) AS one LEFT JOIN attempt a ON a.user_id = p_user AND a.course_id = p_course
                ORDER BY a.started_at, a.id;
        END $$
        """,
    ]
}
