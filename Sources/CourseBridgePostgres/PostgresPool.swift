import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A small pool of PostgreSQL connections for code that runs on Dispatch threads and wants plain blocking calls:
/// `query`, `execute` and `transaction` return when the server has answered.
///
/// The connections live on the pool's own event loop thread; callers block with `EventLoopFuture.wait()`, which is
/// safe from any thread but that one (and never waits on the Swift-concurrency pool, which has only 2 threads here).
/// Connections are opened on demand up to `size`; a caller finding all of them lent waits, up to `acquireTimeout`.
/// A connection that broke (server restarted) is dropped and a new one opened by the next caller. No call waits
/// forever: each statement has a deadline (`queryTimeout`), and a connection idle for a while is checked first.
///
/// Do not call `transaction` (or `query`) on the pool from inside a transaction's body: the body already holds one
/// connection, and waiting for a second one can wait forever once the pool is exhausted. Use the transaction's own
/// `query` and `execute`.
public final class PostgresPool: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var url: PostgresURL
        /// The most connections open at once.
        public var size: Int
        /// How long connecting may take before it fails as unreachable, in seconds.
        public var connectTimeout: Double
        /// How long a caller waits for a free connection before `poolExhausted`, in seconds.
        public var acquireTimeout: Double
        /// How long one statement may wait for its answer, in seconds. Past it the connection is taken for dead (a
        /// server that vanished without closing it): it is closed and the call fails with `connectionLost`.
        public var queryTimeout: Double
        /// A connection idle for longer than this (seconds) is checked with `SELECT 1` before it is lent again...
        public var aliveCheckAfterIdle: Double
        /// ...which must answer within this many seconds, else it is closed and another one is used.
        public var aliveCheckTimeout: Double
        /// Set as each connection's `search_path` (tests give each its own schema); nil keeps the server's.
        public var searchPath: String?
        /// Shown in `pg_stat_activity`: which instance a connection belongs to.
        public var applicationName: String

        public init(url: PostgresURL, size: Int = 4, connectTimeout: Double = 10, acquireTimeout: Double = 30,
                    queryTimeout: Double = 30, aliveCheckAfterIdle: Double = 10, aliveCheckTimeout: Double = 2,
                    searchPath: String? = nil, applicationName: String = "coursebridge") {
            self.url = url
            self.size = max(1, size)
            self.connectTimeout = connectTimeout
            self.acquireTimeout = acquireTimeout
            self.queryTimeout = queryTimeout
            self.aliveCheckAfterIdle = aliveCheckAfterIdle
            self.aliveCheckTimeout = aliveCheckTimeout
            self.searchPath = searchPath
            self.applicationName = applicationName
        }
    }

    public let configuration: Configuration
    private let group: MultiThreadedEventLoopGroup
    private let logger = Logger(label: "coursebridge.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private let condition = NSCondition()
    private var idle: [PostgresSession] = []
    /// Connections idle, lent out, or being opened.
    private var open = 0
    private var isClosed = false
    private var nextConnectionID = 0

    /// Opens the pool and one connection at once, so a wrong URL, a stopped server or a refused login is reported
    /// here rather than by the first query.
    public init(_ configuration: Configuration) throws(PostgresAccessError) {
        self.configuration = configuration
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            idle.append(try connect())
            open = 1
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    public convenience init(url: String, size: Int = 4) throws(PostgresAccessError) {
        try self.init(Configuration(url: PostgresURL(parsing: url), size: size))
    }

    deinit { close() }

    // MARK: - Calls

    /// Runs one statement (no `;`-separated lists: postgres-nio uses the extended protocol) and returns its rows.
    /// Placeholders are `$1`, `$2`, …, one bind each.
    public func query(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> [PostgresRow] {
        try withSession { session throws(PostgresAccessError) in try session.query(sql, binds).rows }
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ binds: [PostgresBind?] = []) throws(PostgresAccessError) -> Int {
        try withSession { session throws(PostgresAccessError) in try session.query(sql, binds).metadata.rows ?? 0 }
    }

    /// Runs `body` in one transaction on one connection: COMMIT when it returns, ROLLBACK when it throws (its error
    /// is rethrown as is). A serialization failure or deadlock (`PostgresAccessError.serializationFailure`) runs the
    /// whole transaction again, up to `retries` more times, so `body` must have no effect outside the database.
    @discardableResult
    public func transaction<T>(isolation: PostgresIsolation = .readCommitted, retries: Int = 0,
                               _ body: (PostgresTransaction) throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try withAnySession { session in try PostgresTransaction.run(on: session, isolation: isolation, body) }
            } catch let error as PostgresAccessError where error.isRetryable && attempt < retries {
                attempt += 1
            }
        }
    }

    /// How many connections are open and how many of them are idle (for tests and health output).
    public var connectionCounts: (open: Int, idle: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (open, idle.count)
    }

    /// Closes the idle connections now and the lent ones when they come back; later calls fail with `poolClosed`.
    public func close() {
        condition.lock()
        if isClosed { condition.unlock(); return }
        isClosed = true
        let sessions = idle
        open -= idle.count
        idle = []
        let shutDown = open == 0
        condition.broadcast()
        condition.unlock()
        for session in sessions { session.close() }
        if shutDown { try? group.syncShutdownGracefully() }
    }

    // MARK: - Lending

    private func withAnySession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let session = try acquire()
        defer { release(session) }
        return try body(session)
    }

    private func withSession<T>(_ body: (PostgresSession) throws(PostgresAccessError) -> T) throws(PostgresAccessError) -> T {
        let session = try acquire()
        defer { release(session) }
        return try body(session)
    }

    private func acquire() throws(PostgresAccessError) -> PostgresSession {
        let deadline = Date(timeIntervalSinceNow: configuration.acquireTimeout)
        while true {
            let session = try lendOrOpen(until: deadline)
            if isAlive(session) { return session }
            drop(session)
        }
    }

    /// An idle connection (not checked yet) or a new one.
    private func lendOrOpen(until deadline: Date) throws(PostgresAccessError) -> PostgresSession {
        var dropped: [PostgresSession] = []
        condition.lock()
        defer {
            for session in dropped { session.close() }
        }
        while true {
            if isClosed { condition.unlock(); throw .poolClosed }
            while let session = idle.popLast() {
                if session.isUsable { condition.unlock(); return session }
                open -= 1
                dropped.append(session)
            }
            if open < configuration.size {
                open += 1
                condition.unlock()
                do {
                    return try connect()
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw .poolExhausted(size: configuration.size, waitedSeconds: configuration.acquireTimeout)
            }
        }
    }

    /// A connection used lately is taken as alive; one idle for long may have lost its server without a word
    /// (machine gone, network cut), which a short `SELECT 1` finds before a caller's statement waits its full deadline.
    private func isAlive(_ session: PostgresSession) -> Bool {
        guard Date().timeIntervalSince(session.idleSince) > configuration.aliveCheckAfterIdle else { return true }
        do {
            try session.query("SELECT 1", [], timeout: configuration.aliveCheckTimeout)
            return true
        } catch {
            return false
        }
    }

    /// Gives up a lent connection that is no longer usable.
    private func drop(_ session: PostgresSession) {
        session.markBroken()
        release(session)
    }

    private func release(_ session: PostgresSession) {
        condition.lock()
        if isClosed || !session.isUsable {
            open -= 1
            let shutDown = isClosed && open == 0
            condition.signal()
            condition.unlock()
            session.close()
            if shutDown { try? group.syncShutdownGracefully() }
            return
        }
        session.idleSince = Date()
        idle.append(session)
        condition.signal()
        condition.unlock()
    }

    private func connect() throws(PostgresAccessError) -> PostgresSession {
        let url = configuration.url
        condition.lock()
        nextConnectionID += 1
        let id = nextConnectionID
        condition.unlock()
        var config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        config.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeout * 1000))
        var parameters = [("application_name", configuration.applicationName)]
        if let searchPath = configuration.searchPath { parameters.append(("options", "-c search_path=\(searchPath)")) }
        config.options.additionalStartupParameters = parameters
        do {
            let connection = try bounded(PostgresConnection.connect(on: group.next(), configuration: config, id: id,
                                                                    logger: logger)).wait()
            return PostgresSession(connection: connection, host: url.host, port: url.port, logger: logger,
                                   queryTimeout: configuration.queryTimeout)
        } catch {
            throw PostgresAccessError.from(error, host: url.host, port: url.port)
        }
    }
}

extension PostgresPool {
    /// `connecting`, failed if the login has not finished within twice `connectTimeout` (the TCP connect has its own
    /// `connectTimeout`; a server that accepts but never answers the startup would otherwise hold the caller forever).
    /// A connection that completes after that is closed at once.
    private func bounded(_ connecting: EventLoopFuture<PostgresConnection>) -> EventLoopFuture<PostgresConnection> {
        let loop = connecting.eventLoop
        let promise = loop.makePromise(of: PostgresConnection.self)
        connecting.cascade(to: promise)
        let seconds = configuration.connectTimeout * 2
        let deadline = loop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            promise.fail(ChannelError.connectTimeout(.milliseconds(Int64(seconds * 1000))))
            connecting.whenSuccess { connection in connection.close().whenComplete { _ in } }
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return promise.futureResult
    }
}

/// The isolation level a transaction starts with.
public enum PostgresIsolation: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}
