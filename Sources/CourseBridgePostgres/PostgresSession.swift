import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A value bound to a `$n` placeholder: Int64, Int, Double, String, Bool, Data, ByteBuffer, UUID, Date… (any type
/// postgres-nio encodes). `nil` binds NULL.
public typealias PostgresBind = any PostgresThrowingDynamicTypeEncodable

/// One connection, used by one thread at a time: the pool lends it out, a transaction holds it.
///
/// Every call blocks the calling thread with `EventLoopFuture.wait()` on the pool's own event loop, never on a
/// Swift-concurrency thread: a Dispatch thread (or even a task) waiting here cannot starve the work it waits for.
/// No wait is unbounded: a call ends when the server answers, when the connection closes, or at its deadline.
final class PostgresSession {
    let connection: PostgresConnection
    let host: String
    let port: Int
    let logger: Logger
    /// How long one statement may wait for its answer before the connection is closed as dead, in seconds.
    let queryTimeout: Double
    /// Set when a call lost the connection; the pool then drops it instead of lending it again.
    private(set) var isBroken = false
    /// When the pool last took it back: a connection idle for long is checked before it is lent again.
    var idleSince = Date()
    /// Statements prepared on this connection (named, parsed once), by their SQL: see `sendPrepared`.
    private var prepared: [String: PreparedQuery] = [:]

    init(connection: PostgresConnection, host: String, port: Int, logger: Logger, queryTimeout: Double = 30) {
        self.connection = connection
        self.host = host
        self.port = port
        self.logger = logger
        self.queryTimeout = queryTimeout
    }

    var isUsable: Bool { !isBroken && !connection.isClosed }

    /// A query on a connection found closed, before or just after it was sent.
    static let closedByServer = PostgresAccessError.connectionLost("the server closed the connection (restarted or stopped?)")

    /// After a failed ROLLBACK the connection's state is unknown: it is closed rather than lent again.
    func markBroken() { isBroken = true }

    @discardableResult
    func query(_ sql: String, _ binds: [PostgresBind?], timeout: Double? = nil) throws(PostgresAccessError) -> PostgresQueryResult {
        try wait(send(sql, binds, timeout: timeout))
    }

    /// Waits for answers made by every session of the process: what a round trip costs is mostly the wait (a thread
    /// hop to the event loop and back), so tests count them to hold ingestion to a few per group.
    static let waits = WaitCount()

    final class WaitCount: @unchecked Sendable {  // `value` under `lock`
        private let lock = NSLock()
        private var count = 0
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
        func add() {
            lock.lock()
            count += 1
            lock.unlock()
        }
    }

    /// Hands a query to the connection without waiting for its answer. The connection runs queries in the order
    /// sent, so several sent in a row cost one wait (one thread hop to the event loop and back) instead of one each.
    func send(_ sql: String, _ binds: [PostgresBind?], timeout: Double? = nil) throws(PostgresAccessError)
        -> EventLoopFuture<PostgresQueryResult> {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard let bind else { bindings.appendNull(); continue }
            do { try bindings.append(bind) } catch {
                throw .other("cannot send the value \(type(of: bind)) to PostgreSQL: \(error)")
            }
        }
        guard !connection.isClosed else {
            isBroken = true
            throw Self.closedByServer
        }
        let seconds = timeout ?? queryTimeout
        return bounded(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger), seconds: seconds)
    }

    /// As `send`, for a statement run again and again: the first call on this connection prepares it (named, one
    /// wait), later ones only bind and execute it, so PostgreSQL neither parses it again nor, once its generic plan
    /// is as good as the custom ones (after five runs), plans it again: most of its CPU per unnamed statement.
    ///
    /// The server infers the parameters' types from the SQL, and postgres-nio binds values in binary: each bound
    /// value's type must be the one PostgreSQL infers (a column's type, or a `$n::type` cast), e.g. an Int64 for a
    /// bigint and an `[Int64]` for a `bigint[]`, never for an `integer`. Nothing comes back but success or failure: for
    /// writes. (postgres-nio 1.33 labels a prepared statement's binary rows as text, vapor/postgres-nio#303, fixed by
    /// #671 after it: its rows cannot be decoded.)
    func sendPrepared(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) -> EventLoopFuture<Void> {
        var values: [PostgresData] = []
        values.reserveCapacity(binds.count)
        for bind in binds {
            guard let bind else { values.append(PostgresData(type: .null, formatCode: .binary, value: nil)); continue }
            var buffer = ByteBuffer()
            do { try bind.encode(into: &buffer, context: .default) } catch {
                throw .other("cannot send the value \(type(of: bind)) to PostgreSQL: \(error)")
            }
            values.append(PostgresData(type: bind.psqlType, formatCode: bind.psqlFormat, value: buffer))
        }
        guard !connection.isClosed else {
            isBroken = true
            throw Self.closedByServer
        }
        for sql in stalePrepared.takeAll() { prepared[sql] = nil }
        let statement: PreparedQuery
        if let known = prepared[sql] {
            statement = known
        } else {
            // Waited for before anything else is sent: what follows must run after the statement exists.
            statement = try wait(bounded(connection.prepare(query: sql), seconds: queryTimeout))
            prepared[sql] = statement
        }
        let answer = bounded(statement.execute(values).map { _ in }, seconds: queryTimeout)
        let stale = stalePrepared
        answer.whenFailure { error in
            // Gone from the server (26000), or planned for a table changed since (0A000, "cached plan must not change
            // result type"): prepared anew at its next use.
            if case .server(let state, _) = PostgresAccessError.from(error, host: "", port: 0), ["26000", "0A000"].contains(state) {
                stale.add(sql)
            }
        }
        return answer
    }

    /// Prepared statements found unusable by an answer (on the event loop), forgotten at the next `sendPrepared`.
    private let stalePrepared = StaleStatements()

    final class StaleStatements: @unchecked Sendable {  // `sql` under `lock`
        private let lock = NSLock()
        private var sql: [String] = []
        func add(_ statement: String) {
            lock.lock()
            sql.append(statement)
            lock.unlock()
        }
        func takeAll() -> [String] {
            lock.lock()
            defer { lock.unlock() }
            let all = sql
            sql = []
            return all
        }
    }

    /// Waits for queries handed over with `send` (or `sendPrepared`), in one wait; their answers in order, or the
    /// first failure.
    func wait<T: Sendable>(all answers: [EventLoopFuture<T>]) throws(PostgresAccessError) -> [T] {
        guard let loop = answers.first?.eventLoop else { return [] }
        let results: [Result<T, any Error>]
        Self.waits.add()
        do {
            results = try EventLoopFuture.whenAllComplete(answers, on: loop).wait()
        } catch {
            throw failed(error)
        }
        var values: [T] = []
        for result in results {
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error): throw failed(error)
            }
        }
        return values
    }

    private func wait<T: Sendable>(_ answer: EventLoopFuture<T>) throws(PostgresAccessError) -> T {
        Self.waits.add()
        do {
            return try answer.wait()
        } catch {
            throw failed(error)
        }
    }

    /// A query's failure as the store describes it; a lost connection is marked so the pool drops it.
    private func failed(_ error: any Error) -> PostgresAccessError {
        let mapped = PostgresAccessError.from(error, host: host, port: port)
        if case .connectionLost = mapped { isBroken = true }
        if connection.isClosed { isBroken = true }
        if isBroken, !connection.isClosed { connection.close().whenComplete { _ in } }
        return mapped
    }

    /// `future`, failed with `connectionLost` if the connection is closed once the query was handed to it, or if no
    /// answer came within `seconds` (the connection is then closed: its state is unknown).
    ///
    /// Why the first: postgres-nio writes a query to its channel without a write promise. Once the channel has
    /// closed and NIO has removed its handlers (soon after the server went away), the write fails in the pipeline's
    /// head and the query's own promise is dropped, never completed: `wait()` on it would block forever. The check
    /// runs on the event loop after the write (tasks submitted from one thread run in order), so it sees the channel
    /// as the write did: a query the handler took is failed by the handler itself when the channel closes.
    private func bounded<T: Sendable>(_ future: EventLoopFuture<T>, seconds: Double) -> EventLoopFuture<T> {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: T.self)
        future.cascade(to: promise)
        let connection = self.connection
        let server = "\(host):\(port)"
        loop.execute {
            if connection.isClosed {
                promise.fail(Self.closedByServer)
            }
        }
        let deadline = loop.scheduleTask(in: .milliseconds(Int64(max(0.001, seconds) * 1000))) {
            promise.fail(PostgresAccessError.connectionLost(
                "no answer from PostgreSQL at \(server) within \(Self.format(seconds)) s; "
                + "the connection was closed and a new one is opened for the next call"))
            connection.close().whenComplete { _ in }
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return promise.futureResult
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    /// Closes the socket (no goodbye to the server is awaited: a dead server cannot hold this up).
    func close() {
        _ = try? connection.close().wait()
    }
}
