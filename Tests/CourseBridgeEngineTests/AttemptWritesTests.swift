import CourseBridgeCore
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// A statement writes only the attempts it changes: a learner with a long history on a course (Percipio opens a
/// new attempt on every restart after a completion) must not pay for rewriting every earlier attempt.
@Suite("attempt writes")
struct AttemptWritesTests {
    /// The attempt rows updated by each of `steps`, in order (recorded by a temporary trigger).
    func updatedAttemptIds(_ steps: [(verb: String, result: String?, day: Double)]) throws -> (updates: [[Int64]], attempts: [Attempt]) {
        let f = try StatsFixture(provider: .skillsoft, configuredAt: day(5))
        try f.addUser("ann@acme.example")
        let courseId = try f.addCourse(uuid)
        try f.store.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE attempt_update(attempt_id INTEGER);
                CREATE TEMP TRIGGER record_attempt_update AFTER UPDATE ON main.attempt BEGIN
                    INSERT INTO attempt_update VALUES (NEW.id);
                END;
                """)
        }
        var updates: [[Int64]] = []
        for step in steps {
            f.clock.now = day(step.day)
            try f.store.writer.write { db in try db.execute(sql: "DELETE FROM attempt_update") }
            try f.push(statement(verb: step.verb, object: "https://xapi.percipio.com/xapi/course/\(uuid)", result: step.result, at: day(step.day)))
            updates.append(try f.store.writer.read { db in try Int64.fetchAll(db, sql: "SELECT attempt_id FROM attempt_update ORDER BY rowid") })
        }
        return (updates, try f.attempts("ann@acme.example", courseId: courseId))
    }

    @Test("after a restart, progress on the new attempt leaves the completed attempt's row untouched")
    func restartWritesOnlyTheOpenAttempt() throws {
        let (updates, attempts) = try updatedAttemptIds([
            (Verb.completed, nil, 6), (Verb.arrived, nil, 8), (Verb.adl + "experienced", nil, 9),
        ])
        #expect(attempts.map(Seen.init) == [Seen(.completed, 100, result: .success), Seen(.inProgress, 50)])
        let (completed, open) = try (#require(attempts.first?.id), #require(attempts.last?.id))
        #expect(updates[1] == [], "the restart inserts the new attempt and changes nothing of the completed one")
        #expect(updates[2] == [open], "the completed attempt \(completed) is not rewritten")
    }

    @Test("a score still reaches every attempt, as the rules say")
    func scoreUpdatesEveryAttempt() throws {
        let (updates, attempts) = try updatedAttemptIds([
            (Verb.completed, nil, 6), (Verb.arrived, nil, 8), (Verb.passed, score90, 9),
        ])
        #expect(attempts.map(Seen.init) == [Seen(.completed, 100, score: 90, time: 900, result: .success),
                                            Seen(.completed, 100, score: 90, time: 0, result: .success)])
        #expect(Set(updates[2]) == Set(attempts.compactMap(\.id)))
    }
}
