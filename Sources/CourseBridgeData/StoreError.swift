import Foundation

/// Store failures, described for an administrator. SQL arguments (which may hold secrets) never appear.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notADatabase(path: String)
    case newerSchema(path: String)
    case readOnly(path: String)
    case cannotOpen(path: String, reason: String)
    case diskFull
    case badKey(String)
    case sealing
    case notFound(String)
    case conflict(String)
    case invalid(String)
    case refused(String)
    case database(String)
    /// The database cannot be reached for now (a PostgreSQL restarting, a network cut, every connection busy):
    /// nothing was written, and the same call may succeed in a moment.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not a CourseBridge database (not SQLite); point --db at the right file or a new path"
        case .newerSchema(let path):
            "\(path) was written by a newer CourseBridge; upgrade coursebridge to open it (nothing was changed)"
        case .readOnly(let path):
            "\(path) cannot be written (read-only file or folder); check its permissions or choose another --db path"
        case .cannotOpen(let path, let reason):
            "cannot open \(path): \(reason)"
        case .diskFull:
            "the disk is full: nothing was written; free some space and try again"
        case .badKey(let message):
            message
        case .sealing:
            "a secret could not be encrypted or decrypted"
        case .notFound(let what), .conflict(let what), .invalid(let what), .refused(let what):
            what
        case .database(let message):
            "database error: \(message)"
        case .unavailable(let message):
            "the database is unavailable for now (\(message)); nothing was written, try again"
        }
    }
}
