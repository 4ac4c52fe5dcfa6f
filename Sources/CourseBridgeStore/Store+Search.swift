import CourseBridgeCore
import CourseBridgeData
import GRDB

/// Full-text search over courses' title, description, tags and skills (seeds 000 and 001: learners find synced
/// courses "via the search tool"). An FTS5 table, `course_search`, whose rowid is the course id.
///
/// Triggers only note which courses changed (`course_search_pending`); the index catches up in one statement before
/// the next search (or when `refreshSearchIndex()` is called). Re-indexing a course on every tag insert from
/// triggers made page writes of a sync about seven times slower; noting it costs a b-tree insert.
///
/// New courses are not noted one by one: `course_search_state.indexed_through` is the highest course id when the
/// index last caught up, and every course above it is indexed at the next refresh. A course id can only come back
/// below that mark after the course holding it was deleted, which the delete trigger notes.
enum CourseSearchIndex {
    /// Column weights for bm25: a word in the title counts most, then tags and skills, then the description.
    static let rankSQL = "bm25(course_search, 10.0, 1.0, 4.0, 4.0)"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE course_search USING fts5(
                title, description, tags, skills, tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE course_search_pending(course_id INTEGER PRIMARY KEY);
            INSERT INTO course_search_pending(course_id) SELECT id FROM course;
            \(noteTrigger("course_insert", "INSERT", table: "course", id: "NEW.id"))
            \(noteTrigger("course_delete", "DELETE", table: "course", id: "OLD.id"))
            \(noteTrigger("tag_insert", "INSERT", table: "course_tag", id: "NEW.course_id"))
            \(noteTrigger("tag_delete", "DELETE", table: "course_tag", id: "OLD.course_id"))
            \(noteTrigger("skill_insert", "INSERT", table: "course_skill", id: "NEW.course_id"))
            \(noteTrigger("skill_delete", "DELETE", table: "course_skill", id: "OLD.course_id"))
            -- A sync rewrites title and description whenever any metadata changed: note it only when they did.
            CREATE TRIGGER course_search_note_course_update AFTER UPDATE OF title, description ON course
            WHEN OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description BEGIN
                INSERT OR IGNORE INTO course_search_pending(course_id) VALUES (NEW.id);
            END;
            """)
        // Indexed at the end of v7, whose refresh needs the mark.
    }

    /// v7: new courses are found by the high-water mark instead of an insert trigger, and tags or skills of a
    /// course above the mark note nothing (the course is indexed whole anyway). The course insert trigger was a
    /// fifth of a first sync's write time.
    static func migrateToHighWaterMark(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE course_search_state(indexed_through INTEGER NOT NULL);
            INSERT INTO course_search_state(indexed_through) SELECT coalesce(max(id), 0) FROM course;
            DROP TRIGGER course_search_note_course_insert;
            DROP TRIGGER course_search_note_tag_insert;
            DROP TRIGGER course_search_note_skill_insert;
            \(noteTrigger("tag_insert", "INSERT", table: "course_tag", id: "NEW.course_id", onlyIndexed: true))
            \(noteTrigger("skill_insert", "INSERT", table: "course_skill", id: "NEW.course_id", onlyIndexed: true))
            """)
        try refresh(db)
    }

    private static func noteTrigger(_ name: String, _ event: String, table: String, id: String, onlyIndexed: Bool = false) -> String {
        """
        CREATE TRIGGER course_search_note_\(name) AFTER \(event) ON \(table)
        \(onlyIndexed ? "WHEN \(id) <= (SELECT indexed_through FROM course_search_state)" : "") BEGIN
            INSERT OR IGNORE INTO course_search_pending(course_id) VALUES (\(id));
        END;
        """
    }

    /// Re-indexes the noted courses and the courses above the mark in bulk; returns how many that was.
    @discardableResult
    static func refresh(_ db: Database) throws -> Int {
        let mark = try Int64.fetchOne(db, sql: "SELECT indexed_through FROM course_search_state") ?? 0
        let count = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM course_search_pending)
                 + (SELECT COUNT(*) FROM course WHERE id > ? AND id NOT IN (SELECT course_id FROM course_search_pending))
            """, arguments: [mark]) ?? 0
        guard count > 0 else { return 0 }
        try db.execute(sql: """
            DELETE FROM course_search WHERE rowid IN (SELECT course_id FROM course_search_pending);
            INSERT INTO course_search(rowid, title, description, tags, skills)
                SELECT id, title, description,
                       coalesce((SELECT group_concat(name, ' ') FROM course_tag WHERE course_id = course.id), ''),
                       coalesce((SELECT group_concat(name, ' ') FROM course_skill WHERE course_id = course.id), '')
                FROM course WHERE id IN (SELECT course_id FROM course_search_pending) OR id > \(mark);
            DELETE FROM course_search_pending;
            UPDATE course_search_state SET indexed_through = (SELECT coalesce(max(id), 0) FROM course);
            """)
        return count
    }

    /// Whether courses changed since the index last caught up: one read, cheap enough before every search.
    static func isBehind(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM course_search_pending)
                OR EXISTS(SELECT 1 FROM course WHERE id > (SELECT indexed_through FROM course_search_state))
            """) ?? false
    }

    /// The words of what a person typed, as an FTS5 query: every word must match, the last one as a prefix
    /// (people search while typing). Quoting each word keeps FTS5 syntax (AND, NEAR, "*", ":") out of their hands.
    static func matchExpression(_ text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard !words.isEmpty else { return nil }
        return words.enumerated().map { i, w in i == words.count - 1 ? "\"\(w)\"*" : "\"\(w)\"" }.joined(separator: " ")
    }
}

extension Store {
    // MARK: - Search

    /// Courses matching every word of `text` in title, description, tags or skills, best first (bm25), filtered by
    /// the query's integration and status.
    public func searchCourses(_ text: String, _ query: CourseQuery) throws(StoreError) -> [Course] {
        guard let match = CourseSearchIndex.matchExpression(text) else {
            throw .invalid("the search text '\(text)' has no words; give at least one, e.g. --search leadership")
        }
        if let id = query.integrationId { _ = try integration(id: id) }
        try refreshSearchIndex()
        return try read { db in
            // Rank ids only, then read the page of courses: sorting whole course rows of every match is what costs.
            var ranked = "SELECT s.rowid AS id, \(CourseSearchIndex.rankSQL) AS score FROM course_search s"
            var args: [any DatabaseValueConvertible & Sendable] = []
            if query.integrationId != nil || query.status != nil { ranked += " JOIN course f ON f.id = s.rowid" }
            ranked += " WHERE course_search MATCH ?"
            args.append(match)
            if let id = query.integrationId { ranked += " AND f.integration_id = ?"; args.append(id) }
            if let status = query.status { ranked += " AND f.status = ?"; args.append(status.rawValue) }
            ranked += " ORDER BY score, s.rowid LIMIT ? OFFSET ?"
            args.append(query.limit ?? -1)
            args.append(query.offset)
            let sql = "SELECT c.* FROM (\(ranked)) r JOIN course c ON c.id = r.id ORDER BY r.score, r.id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Course.init(row:))
        }
    }

    /// Brings the search index up to date with the courses, tags and skills written since; a search does it first.
    /// Cheap when nothing changed (one read); after a large sync, calling it once spares the first search the work.
    @discardableResult
    public func refreshSearchIndex() throws(StoreError) -> Int {
        searchCatchUp.waitForBackground()
        guard try read({ db in try CourseSearchIndex.isBehind(db) }) else { return 0 }
        return try write { db in try CourseSearchIndex.refresh(db) }
    }

    /// The benchmark's baseline: the same words found by scanning every course with LIKE, courses whose title has
    /// the words first (a crude ranking, so that like the index it must look at every course before answering).
    public func searchCoursesByScan(_ text: String, limit: Int) throws(StoreError) -> [Course] {
        let words = text.split { !($0.isLetter || $0.isNumber) }.map { "%\($0)%" }
        guard !words.isEmpty else { return [] }
        return try read { db in
            let condition = """
                (c.title LIKE ? OR c.description LIKE ?
                 OR EXISTS(SELECT 1 FROM course_tag t WHERE t.course_id = c.id AND t.name LIKE ?)
                 OR EXISTS(SELECT 1 FROM course_skill s WHERE s.course_id = c.id AND s.name LIKE ?))
                """
            let titleHits = Array(repeating: "(c.title LIKE ?)", count: words.count).joined(separator: " + ")
            let sql = "SELECT c.* FROM course c WHERE " + Array(repeating: condition, count: words.count).joined(separator: " AND ")
                + " ORDER BY \(titleHits) DESC, c.id LIMIT ?"
            var args: [any DatabaseValueConvertible & Sendable] = words.flatMap { [$0, $0, $0, $0] }
            args += words
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Course.init(row:))
        }
    }
}
