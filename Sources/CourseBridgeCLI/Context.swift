import CourseBridgeData
import CourseBridgePostgres
import CourseBridgeStore
import Foundation

extension GlobalOptions {
    /// The database every command uses when neither `--db` nor `COURSEBRIDGE_DB` names one.
    static let defaultDatabasePath = "coursebridge.sqlite"

    /// `--db`, else a non-empty `COURSEBRIDGE_DB`; nil when the implicit default applies.
    var explicitDatabasePath: String? {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["COURSEBRIDGE_DB"], !env.isEmpty { return env }
        return nil
    }

    /// Opens the database and migrates it. A database named with `--db` or `COURSEBRIDGE_DB` is created when new;
    /// the implicit default (./coursebridge.sqlite) only by commands that exist to create one (`init`, `demo`):
    /// a forgotten `--db` must not look like lost data in a new, empty database and key.
    func openStore(creatingDefault: Bool = false) throws -> any DataStore {
        let path = databasePath
        // A postgres:// URL selects the PostgreSQL store (several instances, one database); a path, SQLite.
        if PostgresURL.looksLikePostgres(path) {
            return try reportingErrors { try PostgresStore.open(url: path) }
        }
        if explicitDatabasePath == nil, !creatingDefault, !FileManager.default.fileExists(atPath: path) {
            throw CLIError(Self.noDatabaseMessage)
        }
        return try reportingErrors { try Store.open(path: path) }
    }

    static var noDatabaseMessage: String {
        "no database at ./\(defaultDatabasePath); pass --db PATH (or set COURSEBRIDGE_DB), "
            + "or create one with: coursebridge init (an empty database) or coursebridge demo (demo data)"
    }
}
