import CourseBridgeCore
import PostgresNIO

/// The fixed multi-row statements a group's buffered writes are sent as (`GroupWriteBuffer`), prepared once per
/// connection: arrays bound per column and read back with `unnest`. Nullable columns go as PostgreSQL's text form
/// of an array (`PostgresArrayLiteral`; `$n::text` makes the prepared parameter text, then it is cast).
enum MultiRowWrites {
    static let insertStatements = """
        INSERT INTO statement(integration_id, statement_id, received_at, body, content_hash, outcome, voids_statement_id,
                              reason, user_id, course_id)
        SELECT i, s, r, b, h, o, v, re, u, c
        FROM unnest($1::bigint[], $2::text[], $3::double precision[], $4::text[], $5::text[], $6::text[],
                    $7::text::text[], $8::text::text[], $9::text::bigint[], $10::text::bigint[])
             WITH ORDINALITY AS t(i, s, r, b, h, o, v, re, u, c, n)
        ORDER BY n
        """

    static let updateAttempts = """
        UPDATE attempt a SET started_at = t.st, progress = t.p, score = t.sc, time_spent_seconds = t.ts,
               completion_status = t.cs, completed_at = t.ca, result = t.r, last_activity_at = t.la
        FROM unnest($1::bigint[], $2::double precision[], $3::double precision[], $4::text::double precision[], $5::bigint[],
                    $6::text[], $7::text::double precision[], $8::text::text[], $9::text::double precision[])
             AS t(id, st, p, sc, ts, cs, ca, r, la)
        WHERE a.id = t.id
        """

    static let insertAttempts = """
        INSERT INTO attempt(started_at, progress, score, time_spent_seconds, completion_status, completed_at, result,
                            last_activity_at, user_id, course_id)
        SELECT st, p, sc, ts, cs, ca, r, la, u, c
        FROM unnest($1::double precision[], $2::double precision[], $3::text::double precision[], $4::bigint[], $5::text[],
                    $6::text::double precision[], $7::text::text[], $8::text::double precision[], $9::bigint[], $10::bigint[])
             WITH ORDINALITY AS t(st, p, sc, ts, cs, ca, r, la, u, c, n)
        ORDER BY n
        """

    /// At most one statement per kind for `writes`, in this order: statements, attempt updates, attempt inserts.
    /// The kinds touch different rows (a new attempt has no id to update yet), and the learner summary is recomputed
    /// from the pair's attempts by each row's trigger at the end of its statement, so the result is that of the
    /// writes one by one. An attempt updated twice is written once, with its last state (an UPDATE changes a row once).
    static func queries(for writes: [GroupWriteBuffer.Write]) -> [(sql: String, binds: [PostgresBind?])] {
        var statements: [GroupWriteBuffer.StatementRow] = []
        var updates: [Attempt] = []
        var updateIndex: [Int64: Int] = [:]
        var inserts: [Attempt] = []
        for write in writes {
            switch write {
            case .statement(let row): statements.append(row)
            case .attemptInsert(let attempt): inserts.append(attempt)
            case .attemptUpdate(let attempt):
                let id = attempt.id ?? 0
                if let i = updateIndex[id] {
                    updates[i] = attempt
                } else {
                    updateIndex[id] = updates.count
                    updates.append(attempt)
                }
            }
        }
        var queries: [(sql: String, binds: [PostgresBind?])] = []
        if !statements.isEmpty {
            queries.append((insertStatements, [
                statements.map(\.integrationId), statements.map(\.statementId), statements.map(\.receivedAt),
                statements.map(\.body), statements.map(\.contentHash), statements.map(\.outcome),
                PostgresArrayLiteral.text(statements.map(\.voids)), PostgresArrayLiteral.text(statements.map(\.reason)),
                PostgresArrayLiteral.integers(statements.map(\.userId)), PostgresArrayLiteral.integers(statements.map(\.courseId)),
            ]))
        }
        if !updates.isEmpty {
            queries.append((updateAttempts, [updates.map { $0.id ?? 0 }] + attemptColumns(updates)))
        }
        if !inserts.isEmpty {
            queries.append((insertAttempts, attemptColumns(inserts) + [inserts.map(\.userId), inserts.map(\.courseId)]))
        }
        return queries
    }

    /// started_at, progress, score, time_spent_seconds, completion_status, completed_at, result, last_activity_at.
    private static func attemptColumns(_ attempts: [Attempt]) -> [PostgresBind?] {
        [attempts.map(\.startedAt.storeValue), attempts.map(\.progressPercent),
         PostgresArrayLiteral.doubles(attempts.map(\.scorePercent)), attempts.map { Int64($0.timeSpentSeconds) },
         attempts.map(\.completionStatus.rawValue), PostgresArrayLiteral.doubles(attempts.map { $0.completedAt?.storeValue }),
         PostgresArrayLiteral.text(attempts.map { $0.result?.rawValue }),
         PostgresArrayLiteral.doubles(attempts.map { $0.lastActivityAt?.storeValue })]
    }
}
