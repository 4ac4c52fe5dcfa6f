extension PostgresTables {
    // MARK: - v10: references to courses and groups checked once per statement

    /// A first sync writes, for each new course, a catalog entry and a library entry per group, ~3.5 tags and (on the
    /// search catch-up's connection) a search row. Their foreign keys checked each row on its own: ~7.5 checks a
    /// course, each a query of its own inside PostgreSQL (~8.5 µs), a quarter of the writer's time in the database.
    /// Those references are now checked by statement triggers over the rows the statement wrote, one query per
    /// statement, with the same outcome:
    /// - a row whose course or group is missing is refused with SQLSTATE 23503 (foreign_key_violation) and the name
    ///   of the constraint it replaces (`catalog_entry_course_id_fkey`, …), at the end of the statement as before;
    /// - the referenced rows are locked `FOR KEY SHARE` as the foreign key did, so a concurrent delete waits for the
    ///   writer's commit and then removes what it wrote, and a row deleted first makes the write fail;
    /// - deleting (or truncating) courses or groups removes their rows (the former `ON DELETE CASCADE`); changing a
    ///   referenced id is refused.
    /// The cascade's delete sees rows committed while it waited because writers run READ COMMITTED (a fresh
    /// snapshot per statement); the store's REPEATABLE READ transactions only read.
    ///
    /// The checks look each referenced id up in its primary key, whatever the planner would choose: a trigger's plan
    /// is kept for the connection's life, and one made while `course` was nearly empty (a first sync's first pages)
    /// scanned the whole table for every statement once it held 87,000 courses. Hence the function-level settings
    /// (seq scans, hash and merge joins off; no JIT, which the penalized costs would otherwise trigger).
    ///
    /// The other references (course to integration and author, translations, skills, learning data) keep their
    /// foreign keys: one check a course or less.
    static let courseReferences: [String] = [
        """
        CREATE FUNCTION course_entry_references_check() RETURNS trigger LANGUAGE plpgsql
        SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off AS $$
        DECLARE courses bigint; groups bigint; found bigint;
        BEGIN
            SELECT count(DISTINCT course_id), count(DISTINCT group_id) INTO courses, groups FROM written;
            SELECT count(*) INTO found FROM (SELECT 1 FROM course p WHERE p.id IN (SELECT course_id FROM written) FOR KEY SHARE OF p) l;
            IF found < courses THEN
                RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_TABLE_NAME || '_course_id_fkey'
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_course_id_fkey', TABLE = TG_TABLE_NAME,
                          DETAIL = 'A course_id is not present in table "course".';
            END IF;
            SELECT count(*) INTO found FROM (SELECT 1 FROM "group" p WHERE p.id IN (SELECT group_id FROM written) FOR KEY SHARE OF p) l;
            IF found < groups THEN
                RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_TABLE_NAME || '_group_id_fkey'
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_group_id_fkey', TABLE = TG_TABLE_NAME,
                          DETAIL = 'A group_id is not present in table "group".';
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_references_check() RETURNS trigger LANGUAGE plpgsql
        SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off AS $$
        DECLARE courses bigint; found bigint;
        BEGIN
            SELECT count(DISTINCT course_id) INTO courses FROM written;
            SELECT count(*) INTO found FROM (SELECT 1 FROM course p WHERE p.id IN (SELECT course_id FROM written) FOR KEY SHARE OF p) l;
            IF found < courses THEN
                RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_TABLE_NAME || '_course_id_fkey'
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_course_id_fkey', TABLE = TG_TABLE_NAME,
                          DETAIL = 'A course_id is not present in table "course".';
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_references_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM catalog_entry WHERE course_id IN (SELECT id FROM deleted);
            DELETE FROM library_entry WHERE course_id IN (SELECT id FROM deleted);
            DELETE FROM course_tag WHERE course_id IN (SELECT id FROM deleted);
            DELETE FROM course_search WHERE course_id IN (SELECT id FROM deleted);
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION group_references_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM catalog_entry WHERE group_id IN (SELECT id FROM deleted);
            DELETE FROM library_entry WHERE group_id IN (SELECT id FROM deleted);
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_references_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'course' THEN
                TRUNCATE catalog_entry, library_entry, course_tag, course_search;
            ELSE
                TRUNCATE catalog_entry, library_entry;
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_references_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'course' AND (EXISTS (SELECT 1 FROM catalog_entry WHERE course_id = OLD.id)
                    OR EXISTS (SELECT 1 FROM library_entry WHERE course_id = OLD.id)
                    OR EXISTS (SELECT 1 FROM course_tag WHERE course_id = OLD.id)
                    OR EXISTS (SELECT 1 FROM course_search WHERE course_id = OLD.id))
               OR TG_TABLE_NAME = 'group' AND (EXISTS (SELECT 1 FROM catalog_entry WHERE group_id = OLD.id)
                    OR EXISTS (SELECT 1 FROM library_entry WHERE group_id = OLD.id)) THEN
                RAISE EXCEPTION 'update on table "%" would leave rows referring to id %', TG_TABLE_NAME, OLD.id
                    USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
            END IF;
            RETURN NEW;
        END $$
        """,
        "ALTER TABLE catalog_entry DROP CONSTRAINT catalog_entry_course_id_fkey, DROP CONSTRAINT catalog_entry_group_id_fkey",
        "ALTER TABLE library_entry DROP CONSTRAINT library_entry_course_id_fkey, DROP CONSTRAINT library_entry_group_id_fkey",
        "ALTER TABLE course_tag DROP CONSTRAINT course_tag_course_id_fkey",
        "ALTER TABLE course_search DROP CONSTRAINT course_search_course_id_fkey",
    ] + ["catalog_entry", "library_entry"].flatMap { table in
        ["INSERT", "UPDATE"].map { event in
            """
            CREATE TRIGGER \(table)_references_\(event.lowercased()) AFTER \(event) ON \(table) REFERENCING NEW TABLE AS written
            FOR EACH STATEMENT EXECUTE FUNCTION course_entry_references_check()
            """
        }
    } + ["course_tag", "course_search"].flatMap { table in
        ["INSERT", "UPDATE"].map { event in
            """
            CREATE TRIGGER \(table)_references_\(event.lowercased()) AFTER \(event) ON \(table) REFERENCING NEW TABLE AS written
            FOR EACH STATEMENT EXECUTE FUNCTION course_references_check()
            """
        }
    } + [#"course"#, #""group""#].flatMap { parent in
        let name = parent == "course" ? "course" : "group"
        return [
            """
            CREATE TRIGGER \(name)_references_delete AFTER DELETE ON \(parent) REFERENCING OLD TABLE AS deleted
            FOR EACH STATEMENT EXECUTE FUNCTION \(name)_references_deleted()
            """,
            """
            CREATE TRIGGER \(name)_references_truncate AFTER TRUNCATE ON \(parent)
            FOR EACH STATEMENT EXECUTE FUNCTION course_references_truncated()
            """,
            """
            CREATE TRIGGER \(name)_references_key_change BEFORE UPDATE OF id ON \(parent)
            FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION course_references_key_change()
            """,
        ]
    }
}
