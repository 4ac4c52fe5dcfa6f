import NIOCore
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
    /// The BEGIN, sent without waiting: the first answer waited for includes it (one thread hop less per transaction).
    private var begin: EventLoopFuture<PostgresQueryResult>?

    private init(session: PostgresSession) {
        self.session = session
    }

    public func query(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> [PostgresRow] {
        try answer(sql, binds).rows
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> Int {
        try answer(sql, binds).metadata.rows ?? 0
    }

    /// Runs several queries, sent one after the other without waiting in between: their rows in order, for the
    /// price of one wait. The first failure is thrown (PostgreSQL then refuses the rest of the transaction).
    public func queries(_ list: [(sql: String, binds: [PostgresBind?])]) throws(PostgresAccessError) -> [[PostgresRow]] {
        try checkOpen()
        var answers = begin.map { [$0] } ?? []
        for (sql, binds) in list { answers.append(try session.send(sql, binds)) }
        let results = try session.wait(all: answers)
        let skipped = begin == nil ? 0 : 1
        begin = nil
        return results.dropFirst(skipped).map(\.rows)
    }

    /// Sends a statement without waiting for its answer; `failed` is called (on the connection's event loop) if it
    /// fails. Later statements are answered after it, so a caller checks what `failed` recorded after its next wait
    /// and before COMMIT; a failed one leaves the transaction refusing the rest, and its COMMIT answers ROLLBACK.
    public func send(_ sql: String, _ binds: [PostgresBind?] = [],
                     failed: @escaping @Sendable (PostgresAccessError) -> Void) throws(PostgresAccessError) {
        try checkOpen()
        let (host, port) = (session.host, session.port)
        try session.send(sql, binds).whenFailure { error in failed(PostgresAccessError.from(error, host: host, port: port)) }
    }

    /// As `send`, run as a prepared statement (`PostgresSession.sendPrepared`, whose rule on the binds' types
    /// applies): for writes made again and again with the same SQL.
    public func sendPrepared(_ sql: String, _ binds: [PostgresBind?] = [],
                             failed: @escaping @Sendable (PostgresAccessError) -> Void) throws(PostgresAccessError) {
        try checkOpen()
        let (host, port) = (session.host, session.port)
        try session.sendPrepared(sql, binds).whenFailure { error in failed(PostgresAccessError.from(error, host: host, port: port)) }
    }

    private func answer(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) -> PostgresQueryResult {
        try checkOpen()
        guard let pending = begin else { return try session.query(sql, binds) }
        begin = nil
        return try session.wait(all: [pending, try session.send(sql, binds)])[1]
    }

    /// Runs `body` after a SAVEPOINT: when it throws, only its own statements are rolled back (and its error
    /// rethrown), and the transaction goes on as before it. Savepoints nest.
    @discardableResult
    public func savepoint<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try checkOpen()
        savepoints += 1
        let name = "cb_savepoint_\(savepoints)"
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body(self)
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            do {
                try execute("ROLLBACK TO SAVEPOINT \(name)")
                try execute("RELEASE SAVEPOINT \(name)")
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
        let transaction = PostgresTransaction(session: session)
        transaction.begin = try session.send("BEGIN ISOLATION LEVEL \(isolation.rawValue)", [])
        defer { transaction.isOpen = false }
        let value: T
        do {
            value = try body(transaction)
        } catch {
            do { try transaction.execute("ROLLBACK") } catch { session.markBroken() }
            throw error
        }
        // A COMMIT of a transaction in which a statement failed answers ROLLBACK, without an error: the body caught
        // a failure and went on. Nothing was written; say so instead of returning as if it had been.
        let commit = try transaction.answer("COMMIT", [])
        if commit.metadata.command == "ROLLBACK" {
            throw PostgresAccessError.other(
                "the transaction was rolled back: a statement in it failed and the error was caught; "
                + "wrap statements that may fail in a savepoint")
        }
        return value
    }
}
