import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// A learner's applied statements on a course (what a void or a replay recomputes their attempts from) are found
/// whether they sit below the pair table's mark, above it, or were given their learner after the mark passed them.
struct StatementPairIndexTests {
    private func database() throws -> DatabaseQueue { try migratedDatabaseWithoutForeignKeys() }

    private func insert(_ id: String, user: Int64?, course: Int64?, outcome: StatementOutcome = .applied, voids: String? = nil,
                        _ db: Database) throws {
        try SQLiteStatisticsTransaction(db: db).insertStatement(
            integrationId: 1, statementId: id, body: "{}", contentHash: id, voids: voids, receivedAt: Date(timeIntervalSince1970: 0),
            outcome: outcome, reason: nil, userId: user, courseId: course)
    }

    private func applied(_ user: Int64, _ course: Int64, _ db: Database) throws -> [String] {
        try SQLiteStatisticsTransaction(db: db).appliedStatements(userId: user, courseId: course).map(\.statementId)
    }

    private func mark(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT indexed_through FROM statement_pair_state") ?? -1
    }

    @Test func statementsBelowAndAboveTheMarkAreFoundInArrivalOrder() throws {
        try database().write { db in
            // Below the mark after the catch-up: what counts and what does not.
            try insert("a1", user: 1, course: 10, db)
            try insert("other-course", user: 1, course: 11, db)
            try insert("other-learner", user: 2, course: 10, db)
            try insert("quarantined", user: nil, course: nil, outcome: .quarantined, db)
            try insert("voided", user: 1, course: 10, outcome: .voided, db)
            try insert("a2", user: 1, course: 10, db)
            try StatementPairIndex.catchUp(db)
            #expect(try mark(db) == 6)
            // Above the mark: read by the rowid range.
            try insert("a3", user: 1, course: 10, db)
            try insert("voider", user: 1, course: 10, voids: "a1", db)
            try insert("skipped", user: 1, course: 10, outcome: .skipped, db)
            try insert("a4", user: 1, course: 10, db)
            #expect(try applied(1, 10, db) == ["a1", "a2", "a3", "a4"])
            #expect(try applied(2, 10, db) == ["other-learner"])
            #expect(try applied(1, 11, db) == ["other-course"])
            #expect(try applied(3, 10, db) == [])
        }
    }

    @Test func aStatementGivenItsLearnerAfterTheMarkPassedItIsFound() throws {
        try database().write { db in
            try insert("early", user: 1, course: 10, db)
            try insert("replayed", user: nil, course: nil, outcome: .quarantined, db)
            try insert("late", user: 1, course: 10, db)
            try StatementPairIndex.catchUp(db)
            // A quarantined statement replayed once its learner exists: its row below the mark gets learner and course.
            try SQLiteStatisticsTransaction(db: db).setOutcome(integrationId: 1, statementId: "replayed", .applied, reason: nil,
                                                                userId: 1, courseId: 10)
            #expect(try applied(1, 10, db) == ["early", "replayed", "late"])
            // Moved to another pair: found there, and no longer where it was (the join checks the row itself).
            try SQLiteStatisticsTransaction(db: db).setOutcome(integrationId: 1, statementId: "late", .applied, reason: nil,
                                                                userId: 2, courseId: 10)
            #expect(try applied(1, 10, db) == ["early", "replayed"])
            #expect(try applied(2, 10, db) == ["late"])
        }
    }

    @Test(arguments: [(inserted: 3, threshold: 4, caughtUp: false), (inserted: 4, threshold: 4, caughtUp: true),
                      (inserted: 9, threshold: 4, caughtUp: true)])
    func theMarkMovesOnceEnoughStatementsAreAboveIt(inserted: Int, threshold: Int64, caughtUp: Bool) throws {
        try database().write { db in
            for i in 0..<inserted { try insert("s\(i)", user: 1, course: 10, db) }
            let behind = try StatementPairIndex.catchUpIfDue(db, threshold: threshold)
            #expect(behind == Int64(inserted))
            #expect(try mark(db) == (caughtUp ? Int64(inserted) : 0))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement_by_pair") == (caughtUp ? inserted : 0))
            #expect(try applied(1, 10, db).count == inserted)
        }
    }

    @Test func theMigrationIndexesTheStatementsAlreadyStored() throws {
        let queue = try migratedDatabaseWithoutForeignKeys(upTo: "v13-listing-kind")
        try queue.write { db in
            try insert("old1", user: 1, course: 10, db)
            try insert("old2", user: 1, course: 10, db)
        }
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            #expect(try mark(db) == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement_by_pair") == 2)
            #expect(try !Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE name = 'statement_by_learner_course')")!)
            try insert("new", user: 1, course: 10, db)
            #expect(try applied(1, 10, db) == ["old1", "old2", "new"])
        }
    }

    /// Both reads go through an index or a rowid range, never a scan of every statement.
    @Test func theQueryPlanUsesThePairKeyAndTheRowidRange() throws {
        let plan = try database().read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStatisticsTransaction.appliedStatementsSQL, arguments: [1, 10])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("statement_by_pair USING PRIMARY KEY (user_id=? AND course_id=?)") })
        #expect(plan.contains { $0.hasPrefix("SEARCH statement ") && $0.contains("rowid>?") })
        #expect(!plan.contains { $0 == "SCAN statement" || $0.hasPrefix("SCAN statement ") }, "\(plan)")
    }
}
