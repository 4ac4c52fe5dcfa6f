import Foundation
import Testing
@testable import CourseBridgePostgres

/// What the tests of references checked by triggers share (`CourseReferencesTests`, `StatementReferencesTests`).
enum ReferenceChecks {
    static func count(_ db: some PostgresQuerying, _ sql: String) throws -> Int64 {
        try db.query(sql, [])[0].decode(index: 0, as: Int64.self)
    }

    /// The constraint a refused write or delete names (the foreign key's own name, which the store's errors carry).
    static func refusedConstraint(_ body: () throws -> Void) -> String? {
        do {
            try body()
            Issue.record("a write referring to a missing row, or a delete of a referenced one, was accepted")
        } catch let PostgresAccessError.foreignKeyViolation(constraint, _) {
            return constraint
        } catch {
            Issue.record("expected a foreign key violation, got \(error)")
        }
        return nil
    }

    /// Runs `other` on a thread of its own while `open`'s transaction is open, commits once `other` waits on a lock
    /// (a query like `pattern` in `pg_stat_activity`) or has finished, and returns what `other` did.
    static func whileOpen<T>(_ pool: PostgresPool, holding open: (PostgresTransaction) throws -> Void,
                             run other: @escaping @Sendable () throws(PostgresAccessError) -> T,
                             waitingLike pattern: String) throws -> Result<T, PostgresAccessError> {
        let result = LockedBox<Result<T, PostgresAccessError>>()
        let done = DispatchSemaphore(value: 0)
        try pool.transaction { tx in
            try open(tx)
            Thread.detachNewThread {
                result.value = Result { () throws(PostgresAccessError) in try other() }
                done.signal()
            }
            while result.value == nil {
                let waiting = try pool.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1",
                                             [pattern])[0].decode(index: 0, as: Int64.self)
                if waiting > 0 { break }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        done.wait()
        return result.value!
    }
}
