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
final class PostgresSession {
    let connection: PostgresConnection
    let host: String
    let port: Int
    let logger: Logger
    /// Set when a call lost the connection; the pool then drops it instead of lending it again.
    private(set) var isBroken = false

    init(connection: PostgresConnection, host: String, port: Int, logger: Logger) {
        self.connection = connection
        self.host = host
        self.port = port
        self.logger = logger
    }

    var isUsable: Bool { !isBroken && !connection.isClosed }

    /// After a failed ROLLBACK the connection's state is unknown: it is closed rather than lent again.
    func markBroken() { isBroken = true }

    @discardableResult
    func query(_ sql: String, _ binds: [PostgresBind?]) throws(PostgresAccessError) -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard let bind else { bindings.appendNull(); continue }
            do { try bindings.append(bind) } catch {
                throw .other("cannot send the value \(type(of: bind)) to PostgreSQL: \(error)")
            }
        }
        let future = connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        do {
            return try future.wait()
        } catch {
            let mapped = PostgresAccessError.from(error, host: host, port: port)
            if case .connectionLost = mapped { isBroken = true }
            if connection.isClosed { isBroken = true }
            throw mapped
        }
    }

    func close() {
        _ = try? connection.close().wait()
    }
}
