extension PostgresTables {
    // MARK: - v12: a statement's integration, learner and course checked once per INSERT, not once per row

    /// Statement ingestion writes a commit group's new statements in one multi-row INSERT. Their three foreign keys
    /// (integration, learner, course) were checked row by row: three queries inside PostgreSQL for every statement,
    /// each locking its referenced row. Measured on a held database under LinkedIn batches of 100: PostgreSQL's CPU
    /// 96 µs a statement with the foreign keys, 79 µs with these triggers (63 µs with no check at all).
    ///
    /// The same rule holds, as schema v10 did for courses' entries:
    /// - a statement whose integration, learner or course is missing is refused with SQLSTATE 23503
    ///   (foreign_key_violation) and the name of the constraint it replaces (`statement_user_id_fkey`, …), at the end
    ///   of the INSERT or UPDATE as before;
    /// - the referenced rows are locked `FOR KEY SHARE` as the foreign keys did (one query a kind for the whole
    ///   INSERT), so a concurrent delete waits for the writer's commit, and a row deleted first makes the write fail;
    /// - deleting an integration, learner or course that a statement refers to is refused (the foreign keys had no
    ///   ON DELETE action), and so is changing a referenced id. The check after a delete that waited sees statements
    ///   committed meanwhile: writers run READ COMMITTED (a fresh snapshot per query).
    /// TRUNCATE of the three tables stays refused by the other foreign keys that refer to them (attempts, runs).
    static let statementReferences: [String] = [
        """
        CREATE FUNCTION statement_references_check() RETURNS trigger LANGUAGE plpgsql
        SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off AS $$
        DECLARE wanted bigint; found bigint; missing text;
        BEGIN
            SELECT count(DISTINCT integration_id) INTO wanted FROM written;
            SELECT count(*) INTO found FROM (SELECT 1 FROM integration p WHERE p.id IN (SELECT integration_id FROM written) FOR KEY SHARE OF p) l;
            IF found < wanted THEN missing := 'integration'; END IF;
            IF missing IS NULL THEN
                SELECT count(DISTINCT user_id) INTO wanted FROM written;
                SELECT count(*) INTO found FROM (SELECT 1 FROM "user" p WHERE p.id IN (SELECT user_id FROM written) FOR KEY SHARE OF p) l;
                IF found < wanted THEN missing := 'user'; END IF;
            END IF;
            IF missing IS NULL THEN
                SELECT count(DISTINCT course_id) INTO wanted FROM written;
                SELECT count(*) INTO found FROM (SELECT 1 FROM course p WHERE p.id IN (SELECT course_id FROM written) FOR KEY SHARE OF p) l;
                IF found < wanted THEN missing := 'course'; END IF;
            END IF;
            IF missing IS NOT NULL THEN
                RAISE EXCEPTION 'insert or update on table "statement" violates foreign key constraint "statement_%_id_fkey"', missing
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'statement_' || missing || '_id_fkey', TABLE = 'statement',
                          DETAIL = format('A %s_id is not present in table "%s".', missing, missing);
            END IF;
            RETURN NULL;
        END $$
        """,
        // After a delete of integrations, learners or courses (statement-level, over the deleted rows), and before
        // a row's id changes: refused while a statement refers to the row.
        """
        CREATE FUNCTION statement_parent_referred(p_table text, p_ids bigint[]) RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            RETURN CASE p_table
                WHEN 'integration' THEN EXISTS (SELECT 1 FROM statement WHERE integration_id = ANY (p_ids))
                WHEN 'user' THEN EXISTS (SELECT 1 FROM statement WHERE user_id = ANY (p_ids))
                ELSE EXISTS (SELECT 1 FROM statement WHERE course_id = ANY (p_ids))
            END;
        END $$
        """,
        """
        CREATE FUNCTION statement_parent_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF statement_parent_referred(TG_TABLE_NAME, ARRAY(SELECT id FROM deleted)) THEN
                RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "statement_%_id_fkey" on table "statement"',
                    TG_TABLE_NAME, TG_TABLE_NAME
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'statement_' || TG_TABLE_NAME || '_id_fkey', TABLE = 'statement',
                          DETAIL = format('A row of table "%s" is still referenced from table "statement".', TG_TABLE_NAME);
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION statement_parent_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF statement_parent_referred(TG_TABLE_NAME, ARRAY[OLD.id]) THEN
                RAISE EXCEPTION 'update on table "%" would leave statements referring to id %', TG_TABLE_NAME, OLD.id
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'statement_' || TG_TABLE_NAME || '_id_fkey', TABLE = TG_TABLE_NAME;
            END IF;
            RETURN NEW;
        END $$
        """,
        """
        ALTER TABLE statement DROP CONSTRAINT statement_integration_id_fkey, DROP CONSTRAINT statement_user_id_fkey,
            DROP CONSTRAINT statement_course_id_fkey
        """,
    ] + ["INSERT", "UPDATE"].map { event in
        """
        CREATE TRIGGER statement_references_\(event.lowercased()) AFTER \(event) ON statement REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION statement_references_check()
        """
    } + [("integration", "integration"), ("user", #""user""#), ("course", "course")].flatMap { name, table in
        [
            """
            CREATE TRIGGER \(name)_statements_delete AFTER DELETE ON \(table) REFERENCING OLD TABLE AS deleted
            FOR EACH STATEMENT EXECUTE FUNCTION statement_parent_deleted()
            """,
            """
            CREATE TRIGGER \(name)_statements_key_change BEFORE UPDATE OF id ON \(table)
            FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION statement_parent_key_change()
            """,
        ]
    }
}
