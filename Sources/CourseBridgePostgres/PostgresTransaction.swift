import PostgresNIO

/// One open transaction on one connection, handed to the body of `PostgresPool.transaction`. Valid only inside that
/// body, on the thread that runs it.
///
/// After a statement fails, PostgreSQL refuses every further statement of the transaction until it ends; a body that
/// wants to go on after a failure (e.g. "insert, or update if it exists" by catching the unique violation) wraps the
/// statement that may fail in `savepoint`.
public final class PostgresTransaction {
    private let session: PostgresSession
    private var isOpen = true
    private var savepoints = 0

    private init(session: PostgresSession) {
        self.session = session
    }

    public func query(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> [PostgresRow] {
        try checkOpen()
        return try session.query(sql, binds).rows
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> Int {
        try checkOpen()
        return try session.query(sql, binds).metadata.rows ?? 0
    }

    /// Runs `body` after a SAVEPOINT: when it throws, only its own statements are rolled back (and its error
    /// rethrown), and the transaction goes on as before it. Savepoints nest.
    @discardableResult
    public func savepoint<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try checkOpen()
        savepoints += 1
        let name = "cb_savepoint_\(savepoints)"
        try session.query("SAVEPOINT \(name)", [])
        do {
            let value = try body(self)
            try session.query("RELEASE SAVEPOINT \(name)", [])
            return value
        } catch {
            do {
                try session.query("ROLLBACK TO SAVEPOINT \(name)", [])
                try session.query("RELEASE SAVEPOINT \(name)", [])
            } catch {
                // The connection broke; the outer transaction fails at its next statement or its COMMIT.
            }
            throw error
        }
    }

    private func checkOpen() throws(PostgresAccessError) {
        guard isOpen else { throw .other("this transaction is over; a PostgresTransaction is valid only inside its body") }
    }

    // MARK: - Running one

    static func run<T>(on session: PostgresSession, isolation: PostgresIsolation,
                       _ body: (PostgresTransaction) throws -> T) throws -> T {
        try session.query("BEGIN ISOLATION LEVEL \(isolation.rawValue)", [])
        let transaction = PostgresTransaction(session: session)
        defer { transaction.isOpen = false }
        let value: T
        do {
            value = try body(transaction)
        } catch {
            do { try session.query("ROLLBACK", []) } catch { session.markBroken() }
            throw error
        }
        // A COMMIT of a transaction in which a statement failed answers ROLLBACK, without an error: the body caught
        // a failure and went on. Nothing was written; say so instead of returning as if it had been.
        let commit = try session.query("COMMIT", [])
        if commit.metadata.command == "ROLLBACK" {
            throw PostgresAccessError.other(
                "the transaction was rolled back: a statement in it failed and the error was caught; "
                + "wrap statements that may fail in a savepoint")
        }
        return value
    }
}
