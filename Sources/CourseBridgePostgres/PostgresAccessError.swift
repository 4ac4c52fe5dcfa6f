import NIOCore
import PostgresNIO

/// What went wrong talking to PostgreSQL, sorted into the kinds a caller acts on differently: a broken rule
/// (unique, foreign key, check) is the user's to fix, a serialization failure is worth retrying, an unreachable
/// server or a failed login is the operator's. The messages name the server but never the password.
public enum PostgresAccessError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidURL(String)
    /// The server did not answer at all (refused, unreachable, timed out).
    case unreachable(host: String, port: Int, detail: String)
    /// The server answered but refused the login (password, role, pg_hba.conf).
    case authentication(String)
    /// The database named in the URL does not exist on the server.
    case unknownDatabase(String)
    /// A unique index or constraint refused the row (SQLSTATE 23505). `constraint` names the index.
    case uniqueViolation(constraint: String?, message: String)
    /// A foreign key refused the row or the delete (23503).
    case foreignKeyViolation(constraint: String?, message: String)
    /// A CHECK or NOT NULL constraint refused the value (23514, 23502).
    case checkViolation(constraint: String?, message: String)
    /// The transaction lost a race with another one (40001 serialization failure, 40P01 deadlock): retry it whole.
    case serializationFailure(String)
    /// The connection broke during the call (server restarted or stopped): the call may or may not have taken effect
    /// unless it was inside a transaction, which then did not commit.
    case connectionLost(String)
    /// Every connection stayed busy for the pool's whole wait.
    case poolExhausted(size: Int, waitedSeconds: Double)
    case poolClosed
    /// A column missing from the row or holding another type than asked.
    case decoding(String)
    /// The database's schema is newer than this CourseBridge.
    case schemaTooNew(found: Int, known: Int)
    /// Any other error the server reported.
    case server(sqlState: String, message: String)
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let message): return message
        case let .unreachable(host, port, detail):
            return "cannot reach PostgreSQL at \(host):\(port): \(detail). Check that the server runs and listens there "
                + "(scripts/pg.sh start runs a local one)"
        case .authentication(let message):
            return "PostgreSQL refused the login: \(message). Check the user in the URL and the password (PGPASSWORD)"
        case .unknownDatabase(let message): return "\(message); create it (createdb) or fix the URL"
        case .uniqueViolation(_, let message), .foreignKeyViolation(_, let message), .checkViolation(_, let message):
            return message
        case .serializationFailure(let message):
            return "a concurrent change conflicted with this one (\(message)); try again"
        case .connectionLost(let message): return "the connection to PostgreSQL was lost: \(message)"
        case let .poolExhausted(size, waited):
            return "all \(size) PostgreSQL connections stayed busy for \(Int(waited)) s; the database is overloaded "
                + "or a transaction hangs"
        case .poolClosed: return "the PostgreSQL connection pool is closed"
        case .decoding(let message): return "unexpected value from PostgreSQL: \(message)"
        case let .schemaTooNew(found, known):
            return "this database's schema is version \(found), newer than this CourseBridge knows (\(known)); "
                + "upgrade CourseBridge"
        case let .server(state, message): return "PostgreSQL error \(state): \(message)"
        case .other(let message): return message
        }
    }

    /// Whether running the whole transaction again may succeed.
    public var isRetryable: Bool {
        if case .serializationFailure = self { return true }
        return false
    }

    /// Sorts an error from postgres-nio or NIO. `PSQLError`'s own `description` is deliberately empty of detail
    /// (postgres-nio hides server messages there); the fields are read one by one instead.
    static func from(_ error: any Error, host: String, port: Int) -> PostgresAccessError {
        if let error = error as? PostgresAccessError { return error }
        if let error = error as? PostgresDecodingError {
            return .decoding("column '\(error.columnName)' (\(error.postgresType)) could not be read as "
                             + "\(error.targetType): \(error.code)")
        }
        // postgres-nio's prepared-statement calls (`PostgresSession.sendPrepared`) report its older error type.
        if let error = error as? PostgresError {
            switch error {
            case .server(let info):
                return fromServer(state: info.fields[.sqlState], message: info.fields[.message], detail: info.fields[.detail],
                                  constraint: info.fields[.constraintName])
            case .connectionClosed: return .connectionLost("the server closed the connection")
            case .protocol(let message): return .other("PostgreSQL protocol error: \(message)")
            }
        }
        guard let error = error as? PSQLError else {
            return .unreachable(host: host, port: port, detail: describe(error))
        }
        switch error.code {
        case .server:
            let info = error.serverInfo
            return fromServer(state: info?[.sqlState], message: info?[.message], detail: info?[.detail],
                              constraint: info?[.constraintName])
        case .connectionError:
            return .unreachable(host: host, port: port, detail: error.underlying.map(describe) ?? "connection failed")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return .connectionLost(error.underlying.map(describe) ?? "the server closed the connection")
        case .authMechanismRequiresPassword:
            return .authentication("the server asks a password for this user and none was given; "
                                   + "put it in the URL or in PGPASSWORD")
        case .unsupportedAuthMechanism, .saslError:
            return .authentication("authentication failed (\(error.code))")
        case .queryCancelled:
            return .other("the query was cancelled")
        default:
            return .other("PostgreSQL client error \(error.code)\(error.underlying.map { ": \(describe($0))" } ?? "")")
        }
    }

    private static func fromServer(state: String?, message: String?, detail: String?, constraint: String?) -> PostgresAccessError {
        let state = state ?? "?????"
        var message = message ?? "unknown server error"
        if let detail { message += " (\(detail))" }
        switch state {
        case "23505": return .uniqueViolation(constraint: constraint, message: message)
        case "23503": return .foreignKeyViolation(constraint: constraint, message: message)
        case "23514", "23502": return .checkViolation(constraint: constraint, message: message)
        case "40001", "40P01": return .serializationFailure(message)
        case "28P01", "28000": return .authentication(message)
        case "3D000": return .unknownDatabase(message)
        case "57P01", "57P02", "57P03": return .connectionLost(message)
        default: return .server(sqlState: state, message: message)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return error.description }
        if let error = error as? ChannelError {
            if case .connectTimeout(let amount) = error { return "no answer within \(amount.nanoseconds / 1_000_000_000) s" }
            return "\(error)"
        }
        return String(describing: error)
    }
}
