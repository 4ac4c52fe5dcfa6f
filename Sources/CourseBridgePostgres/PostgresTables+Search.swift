extension PostgresTables {
    // MARK: - v3: full-text search over courses (SQLite v4 and v7: FTS5 with bm25)

    /// `course_search` holds one tsvector per course: title weighted A, tags and skills B, description D, which
    /// `PostgresSearch.rankSQL` weighs 1.0, 0.4 and 0.1, SQLite's bm25 weights 10, 4, 4 and 1 to scale. Words are
    /// stemmed (English Snowball, SQLite used porter) and accents removed (`unaccent`, SQLite's remove_diacritics),
    /// in the configuration `coursebridge_search`; a GIN index answers `@@`.
    ///
    /// As on SQLite, writes only note which courses changed (`course_search_pending`) and the index catches up in
    /// one call before a search (`SELECT course_search_refresh()`): re-indexing a course on every tag insert made a
    /// sync's writes several times slower there. SQLite's high-water mark is not used: with several writers, ids
    /// commit out of order, and a course committed below the mark would never be indexed. Instead every insert is
    /// noted, by statement triggers (one insert per statement, not per row). Each note is a new row, so a refresh
    /// deletes exactly the notes it saw, in the same snapshot as the courses it indexed; a note committed later is
    /// left for the next refresh. Refreshes take an advisory lock, one at a time, each seeing the one before it.
    static let courseSearch: [String] = [
        // `unaccent` is a trusted extension: the database's owner may create it. Kept in `public` so that test
        // schemas made and dropped next to each other share it.
        "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public",
        "CREATE TEXT SEARCH CONFIGURATION coursebridge_search (COPY = pg_catalog.english)",
        """
        DO $$
        DECLARE ext_schema text;
        BEGIN
            SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'unaccent';
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION coursebridge_search '
                           'ALTER MAPPING FOR hword, hword_part, word WITH %I.unaccent, english_stem', ext_schema);
        END $$
        """,
        """
        CREATE TABLE course_search (
            course_id bigint PRIMARY KEY REFERENCES course(id) ON DELETE CASCADE,
            document tsvector NOT NULL
        )
        """,
        "CREATE INDEX course_search_document ON course_search USING gin (document)",
        """
        CREATE TABLE course_search_pending (
            note bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            course_id bigint NOT NULL
        )
        """,
        // Courses there before this migration (none on a new database; all of them after a migration from SQLite).
        "INSERT INTO course_search_pending (course_id) SELECT id FROM course",
        """
        CREATE FUNCTION course_search_document(p_course bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT setweight(to_tsvector('coursebridge_search', c.title), 'A')
                || setweight(to_tsvector('coursebridge_search',
                       coalesce((SELECT string_agg(name, ' ') FROM course_tag WHERE course_id = c.id), '')), 'B')
                || setweight(to_tsvector('coursebridge_search',
                       coalesce((SELECT string_agg(name, ' ') FROM course_skill WHERE course_id = c.id), '')), 'B')
                || setweight(to_tsvector('coursebridge_search', c.description), 'D')
            FROM course c WHERE c.id = p_course
        $$
        """,
        """
        CREATE FUNCTION course_search_refresh() RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE indexed bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(\(courseSearchLockKey));
            WITH noted AS (DELETE FROM course_search_pending RETURNING course_id),
                 changed AS (SELECT DISTINCT course_id FROM noted),
                 written AS (
                     INSERT INTO course_search (course_id, document)
                     SELECT c.id, course_search_document(c.id) FROM course c JOIN changed ON changed.course_id = c.id
                     ON CONFLICT (course_id) DO UPDATE SET document = EXCLUDED.document
                     RETURNING 1)
            SELECT count(*) INTO indexed FROM changed;
            RETURN indexed;
        END $$
        """,
        """
        CREATE FUNCTION course_search_note_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_TABLE_NAME = 'course' THEN
                INSERT INTO course_search_pending (course_id) SELECT id FROM inserted;
            ELSE
                INSERT INTO course_search_pending (course_id) SELECT DISTINCT course_id FROM inserted;
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_search_note_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO course_search_pending (course_id) SELECT DISTINCT course_id FROM deleted;
            RETURN NULL;
        END $$
        """,
        """
        CREATE FUNCTION course_search_note_course() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO course_search_pending (course_id) VALUES (NEW.id);
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER course_search_note_course_insert AFTER INSERT ON course
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION course_search_note_inserted()
        """,
        // A sync rewrites title and description whenever any metadata changed: note it only when they did.
        """
        CREATE TRIGGER course_search_note_course_update AFTER UPDATE OF title, description ON course
        FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
        EXECUTE FUNCTION course_search_note_course()
        """,
        """
        CREATE TRIGGER course_search_note_tag_insert AFTER INSERT ON course_tag
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION course_search_note_inserted()
        """,
        """
        CREATE TRIGGER course_search_note_tag_delete AFTER DELETE ON course_tag
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION course_search_note_deleted()
        """,
        """
        CREATE TRIGGER course_search_note_skill_insert AFTER INSERT ON course_skill
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION course_search_note_inserted()
        """,
        """
        CREATE TRIGGER course_search_note_skill_delete AFTER DELETE ON course_skill
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION course_search_note_deleted()
        """,
        // A deleted course leaves the index through the foreign key's cascade: nothing to note.
    ]

    /// Serializes `course_search_refresh()` calls ("CB_FTS").
    static let courseSearchLockKey: Int64 = 0x43_42_5F_46_54_53
}
