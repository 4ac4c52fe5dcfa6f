extension PostgresTables {
    // MARK: - v9: a group of statements looked up in one go, and learners and courses cached across transactions

    /// Statement ingestion commits groups of requests; each statement used to cost its own lookups (the statement
    /// and its voider, the pair's attempts) one wait after another on the one commit queue. These functions fetch
    /// them for the whole group at once, taking the locks in one order: the statement-id locks of schema v5 sorted
    /// by key, the learner–course locks of schema v6 in the order and modes the store gives (ascending, waiting
    /// only above the highest it holds).
    ///
    /// `ingest_lookup_version` moves (in the writer's own transaction) with every write to learners or courses: an
    /// instance keeps the learners and courses ingestion found from one transaction to the next while it stays the
    /// same, whichever instance or code path wrote. A learner or course changed and committed after an ingestion
    /// read the version is seen by its next group, as on SQLite (`PRAGMA data_version`).
    static let ingestPrefetch: [String] = [
        "CREATE TABLE ingest_lookup_version (id bigint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)",
        "INSERT INTO ingest_lookup_version(id, version) VALUES (1, 0)",
        """
        CREATE FUNCTION ingest_lookup_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE ingest_lookup_version SET version = version + 1 WHERE id = 1;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER user_ingest_lookup_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user"
        FOR EACH STATEMENT EXECUTE FUNCTION ingest_lookup_version_bump()
        """,
        """
        CREATE TRIGGER course_ingest_lookup_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON course
        FOR EACH STATEMENT EXECUTE FUNCTION ingest_lookup_version_bump()
        """,
        // The statements with these (integration, id) pairs, each looked up under its id's lock (as
        // `statement_lookup_with_voider`), the locks taken in key order so two instances never wait on each other
        // in a cycle.
        """
        CREATE FUNCTION statements_locked(p_integrations bigint[], p_ids text[]) RETURNS SETOF statement
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            k record;
        BEGIN
            FOR k IN SELECT DISTINCT i::integer AS k1, hashtext(s) AS k2 FROM unnest(p_integrations, p_ids) AS t(i, s)
                     ORDER BY 1, 2 LOOP
                PERFORM pg_advisory_xact_lock(k.k1, k.k2);
            END LOOP;
            RETURN QUERY SELECT st.* FROM statement st
                JOIN unnest(p_integrations, p_ids) AS t(i, s) ON st.integration_id = t.i AND st.statement_id = t.s;
        END $$
        """,
        // The attempts of these pairs, each pair's lock taken first in the order given (p_modes as
        // `attempts_locked`: 1 wait, 0 only try, -1 already held).
        """
        CREATE FUNCTION attempts_locked_all(p_users bigint[], p_courses bigint[], p_modes integer[]) RETURNS SETOF attempt
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            pair record;
        BEGIN
            FOR pair IN SELECT u, c, m FROM unnest(p_users, p_courses, p_modes) WITH ORDINALITY AS t(u, c, m, n) ORDER BY n LOOP
                IF pair.m >= 0 THEN
                    PERFORM learner_course_lock(pair.u, pair.c, pair.m = 1);
                END IF;
            END LOOP;
            RETURN QUERY SELECT a.* FROM attempt a JOIN unnest(p_users, p_courses) AS t(u, c) ON a.user_id = t.u AND a.course_id = t.c
                ORDER BY a.user_id, a.course_id, a.started_at, a.id;
        END $$
        """,
    ]
}
