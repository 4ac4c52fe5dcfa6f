/// Course search on PostgreSQL, as `CourseSearchIndex` does it on SQLite: every word must match, the last one as a
/// prefix (people search while typing), best first by the same column weights.
public enum PostgresSearch {
    /// Rank of a match, higher is better (bm25 on SQLite is lower-is-better: sort DESC here). ts_rank's weights are
    /// for D, C, B, A: description 0.1, tags and skills 0.4, title 1.0, SQLite's 1, 4, 4, 10 to scale.
    public static let rankSQL = "ts_rank('{0.1, 0.2, 0.4, 1.0}', s.document, q)"

    /// Brings the index up to date; returns how many courses it re-indexed. Cheap when nothing changed.
    public static let refreshSQL = "SELECT course_search_refresh()"

    /// Whether a refresh has anything to do (one index probe).
    public static let isBehindSQL = "SELECT EXISTS (SELECT 1 FROM course_search_pending)"

    /// Ids and ranks of the courses matching `$1` (a `tsQuery(_:)`), best first, `$2` rows (NULL: all) after `$3`.
    /// Filters on the course go in `filter`, written against alias `f` (e.g. "f.integration_id = $4").
    public static func rankedIdsSQL(filter: String? = nil) -> String {
        var sql = "SELECT s.course_id AS id, \(rankSQL) AS score "
            + "FROM course_search s CROSS JOIN to_tsquery('coursebridge_search', $1) q"
        if filter != nil { sql += " JOIN course f ON f.id = s.course_id" }
        sql += " WHERE s.document @@ q"
        if let filter { sql += " AND \(filter)" }
        return sql + " ORDER BY score DESC, s.course_id LIMIT $2 OFFSET $3"
    }

    /// What a person typed as a `to_tsquery` text: its words joined by `&`, the last one with `:*`. Words keep
    /// letters and digits only and are quoted, so tsquery operators (`&`, `|`, `!`, `<->`, `:`) stay out of their
    /// hands. Nil when there is no word. Stop words ("the") are dropped by PostgreSQL, as no-ops.
    public static func tsQuery(_ text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard !words.isEmpty else { return nil }
        return words.enumerated().map { i, word in
            let quoted = "'\(word)'"
            return i == words.count - 1 ? quoted + ":*" : quoted
        }.joined(separator: " & ")
    }
}
