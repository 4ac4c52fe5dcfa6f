import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// The CourseBridge database: a GRDB `DatabasePool` in WAL mode (or an in-memory queue in tests),
/// migrated on open, with secrets sealed by `SecretBox`.
public final class Store: Sendable {
    let writer: any DatabaseWriter
    public let secrets: SecretBox
    public let path: String
    let now: @Sendable () -> Date
    /// Courses and learners statement ingestion found, kept while nothing else writes.
    let ingestLookups = IngestLookupCache()
    /// Integrations decoded for statement requests' tokens, by row values.
    let integrationRows = DecodedRowMemo<[DatabaseValue], Integration>()
    /// Statement requests' token checks, kept while no token or integration changed (schema v16).
    let webhookTokens = WebhookTokenCache()
    /// Indexes a long sync's new courses for search while it writes its pages, rather than all after the last one.
    let searchCatchUp: SearchCatchUp

    init(writer: any DatabaseWriter, secrets: SecretBox, path: String, now: @escaping @Sendable () -> Date) {
        self.writer = writer
        self.secrets = secrets
        self.path = path
        self.now = now
        searchCatchUp = SearchCatchUp { [writer] in _ = try? writer.write { db in try CourseSearchIndex.refresh(db) } }
    }

    /// Opens (creating if needed, mode 0600) and migrates the database at `path`. Without `secrets`, the key
    /// comes from `COURSEBRIDGE_SECRET_KEY` in `environment` or from the key file (`Store+SecretKey.swift`).
    public static func open(path: String, secrets: SecretBox? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> Store {
        try preflight(path: path)
        // Processes opening a new database at the same moment: switching it to WAL (and the first writes) can meet
        // SQLITE_BUSY before any busy timeout applies; the loser opens the database the winner made a moment later.
        for attempt in 1...5 {
            do {
                return try openOnce(path: path, secrets: secrets, environment: environment, now: now)
            } catch where attempt < 5 && "\(error)".contains("database is locked") {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
        return try openOnce(path: path, secrets: secrets, environment: environment, now: now)
    }

    private static func openOnce(path: String, secrets: SecretBox?, environment: [String: String],
                                 now: @escaping @Sendable () -> Date) throws(StoreError) -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 16 MB of page cache instead of SQLite's 2 MB: a 100,000-course sync touches several indexes per
            // course, and with the default most of their pages were read back from the OS for every page write.
            try db.execute(sql: "PRAGMA cache_size = -16000")
            // Checkpoint every 8,000 WAL pages (32 MB) instead of 1,000: a checkpoint runs inside the commit that
            // crosses the mark, and pages written again and again (index interiors, the tail of `statement`) are
            // copied once per checkpoint; batches of statements went from ~14,500 to ~18,000–22,000 inserts/s.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8000")
            // Each request of a statement group runs in a savepoint, whose undo copy of every page it touches
            // (the statement journal) went to a temporary file past 64 KiB: two writes per page, ~13 of a Percipio
            // statement's ~18 writes, more than the WAL itself. In memory it is a few MB for the length of one commit.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB switches the writer to WAL after `prepareDatabase` and sets synchronous=NORMAL as it does, so the
            // FULL above held only on the readers: commits were not fsynced, and a power cut could lose statements
            // already answered 2xx. Set again on the writer, the one connection that commits.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw mapOpenError(error, path: path)
        }
        try migrate(pool, path: path)
        let key: (SecretBox, source: String)
        if let secrets { key = (secrets, "the given key") } else {
            key = try resolveKey(databasePath: path, writer: pool, environment: environment)
        }
        let store = Store(writer: pool, secrets: key.0, path: path, now: now)
        try store.prepareSecrets(keySource: key.source)
        return store
    }

    /// An in-memory database: for tests and dry runs.
    public static func inMemory(secrets: SecretBox = .ephemeral(),
                                now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(configuration: config) } catch { throw .database("\(error)") }
        try migrate(queue, path: ":memory:")
        let store = Store(writer: queue, secrets: secrets, path: ":memory:", now: now)
        try store.prepareSecrets(keySource: "the given key")
        return store
    }

    private static func migrate(_ writer: any DatabaseWriter, path: String) throws(StoreError) {
        let migrator = Migrations.migrator
        do {
            let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded { throw StoreError.newerSchema(path: path) }
            // Processes opening a new database at the same moment may both start the same migration; the one
            // that loses ("table already exists") finds it applied when it tries again.
            for attempt in 1...4 {
                do {
                    try migrator.migrate(writer)
                    break
                } catch where attempt < 4 {
                    Thread.sleep(forTimeInterval: 0.02 * Double(attempt))
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw mapOpenError(error, path: path)
        }
    }

    /// Checks that give a clear message before SQLite gives an obscure one.
    private static func preflight(path: String) throws(StoreError) {
        let fm = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if fm.fileExists(atPath: path) {
            if let handle = FileHandle(forReadingAtPath: path) {
                let header = handle.readData(ofLength: 16)
                try? handle.close()
                if !header.isEmpty && header != Data("SQLite format 3\0".utf8) { throw .notADatabase(path: path) }
            } else {
                throw .cannotOpen(path: path, reason: "permission denied")
            }
            if access(path, W_OK) != 0 { throw .readOnly(path: path) }
            if access(directory.isEmpty ? "." : directory, W_OK) != 0 { throw .readOnly(path: path) }
        } else {
            let dir = directory.isEmpty ? "." : directory
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw .cannotOpen(path: path, reason: "the folder \(dir) does not exist")
            }
            if access(dir, W_OK) != 0 { throw .readOnly(path: path) }
            try FileCreation.createPrivateFile(at: path)
        }
    }

    static func mapOpenError(_ error: any Error, path: String) -> StoreError {
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_NOTADB: return .notADatabase(path: path)
            case .SQLITE_READONLY, .SQLITE_PERM: return .readOnly(path: path)
            case .SQLITE_FULL: return .diskFull
            case .SQLITE_CANTOPEN: return .cannotOpen(path: path, reason: "SQLite cannot open the file")
            default: return .database(db.message ?? "\(db.resultCode)")
            }
        }
        return .database("\(error)")
    }

    // MARK: - Access with mapped errors

    /// A write transaction. One that changed a token or an integration ends the token checks this store kept, once
    /// it is committed: a change made here is seen by the next request at once, not within the 25 ms another
    /// process's change takes (`WebhookTokenCache`).
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        let (result, tokensChanged): (T, Bool)
        do {
            (result, tokensChanged) = try writer.write { db in
                let before = try WebhookTokenVersion.read(db)
                let result = try body(db)
                return (result, try WebhookTokenVersion.read(db) != before)
            }
        } catch { throw Self.mapAccessError(error) }
        if tokensChanged { webhookTokens.invalidate() }
        return result
    }

    /// A write transaction of data a later sync derives again from the provider (catalog pages): committed with
    /// synchronous=NORMAL, which skips the fsync per commit. A killed process still loses nothing (the WAL is
    /// written before the commit returns); a power cut may drop the last pages, which the next run writes again.
    public func writeRederivable<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch { throw Self.mapAccessError(error) }
    }

    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw Self.mapAccessError(error) }
    }

    /// A read of exactly one statement, which SQLite runs atomically: no transaction around it.
    func readOneStatement<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.unsafeRead(body) } catch { throw Self.mapAccessError(error) }
    }

    /// A database error as the store describes it (disk full, read-only, a named constraint).
    public static func mapAccessError(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_FULL: return .diskFull
            case .SQLITE_READONLY: return .readOnly(path: "the database")
            // The message names the constraint, never the bound values.
            default: return .database(db.message ?? "\(db.resultCode)")
            }
        }
        return .database("\(error)")
    }
}

// MARK: - Column helpers

/// Lists of strings kept as JSON text, through the byte parser (JSONEncoder/Decoder cost several times more,
/// three times per course of a 100,000-course sync).
enum JSONColumn {
    static func encode(_ values: [String]) -> String {
        // The canonical text of the JSON array, written without building the array value first (three lists per
        // course of a sync page).
        var out = "["
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            out += XAPIJSON.quoted(value)
        }
        out += "]"
        return out
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let json = try? XAPIJSON.parse(Data(text.utf8), strict: false) else { return [] }
        return (json.arrayValue ?? []).compactMap(\.stringValue)
    }
}

extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}
