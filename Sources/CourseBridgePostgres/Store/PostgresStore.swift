import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import PostgresNIO

/// The platform's data on PostgreSQL: the second implementation of the data-access interface, for several
/// `coursebridge serve` instances sharing one database. Each concern's protocol is implemented in its own file
/// (`PostgresStore+Platform.swift`, `+Catalog`, `+Statistics`, `+Runs`, `+Keys`); calls block on the pool's
/// connections and must run on Dispatch threads, as with SQLite.
///
/// Secrets are sealed with the same `SecretBox` as on SQLite. The key cannot live beside a file here: it comes from
/// `COURSEBRIDGE_SECRET_KEY` or from the key file named by `COURSEBRIDGE_KEY_FILE`, and every instance uses the same.
public final class PostgresStore: Sendable {
    let pool: PostgresPool
    public let url: PostgresURL
    public let secrets: SecretBox
    let now: @Sendable () -> Date
    /// Refreshes the search index on another connection while a sync writes pages.
    let searchCatchUp: SearchCatchUp
    /// Learners and courses statement ingestion found, kept across its transactions (schema v9).
    let ingestLookups = PostgresIngestLookupCache()
    /// Statement requests' token checks, kept while nothing changed them (schema v13).
    let webhookTokens = WebhookTokenCache()

    init(pool: PostgresPool, url: PostgresURL, secrets: SecretBox, now: @escaping @Sendable () -> Date) {
        self.pool = pool
        self.url = url
        self.secrets = secrets
        self.now = now
        searchCatchUp = SearchCatchUp { [pool] in _ = try? pool.query(PostgresSearch.refreshSQL) }
    }

    /// Connects, applies the schema (once across instances starting together) and checks the key.
    /// `searchPath`: a schema of its own (tests); nil uses the database's default.
    public static func open(url text: String, secrets: SecretBox? = nil, searchPath: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> PostgresStore {
        let url: PostgresURL
        do { url = try PostgresURL(parsing: text, environment: environment) } catch { throw .invalid(error.description) }
        let pool: PostgresPool
        do {
            pool = try PostgresPool(.init(url: url, size: 8, searchPath: searchPath,
                                          applicationName: "coursebridge@\(ProcessInfo.processInfo.hostName)"))
            _ = try PostgresSchema.apply(to: pool)
        } catch let error as PostgresAccessError {
            throw mapped(error)
        } catch {
            throw .database("\(error)")
        }
        do throws(StoreError) {
            let key: (SecretBox, String)
            if let secrets { key = (secrets, "the caller") } else { key = try resolveKey(environment: environment, pool: pool) }
            let store = PostgresStore(pool: pool, url: url, secrets: key.0, now: now)
            // A wrong key is refused here, before anything could be sealed with it.
            try store.checkKey(source: key.1)
            return store
        } catch {
            pool.close()
            throw error
        }
    }

    /// `COURSEBRIDGE_SECRET_KEY`, else the file `COURSEBRIDGE_KEY_FILE` names (created when missing), after
    /// finishing a key rotation that was interrupted between its commit and the key file's rename.
    static func resolveKey(environment: [String: String], pool: PostgresPool) throws(StoreError) -> (SecretBox, String) {
        if let box = try SecretBox.fromEnvironment(environment) { return (box, SecretBox.environmentVariable) }
        guard let path = environment["COURSEBRIDGE_KEY_FILE"], !path.isEmpty else {
            throw .badKey("a PostgreSQL database needs the key that seals its secrets, shared by every instance: "
                + "set \(SecretBox.environmentVariable) or COURSEBRIDGE_KEY_FILE=/path/to/coursebridge.key")
        }
        try finishInterruptedRotation(keyPath: path, pool: pool)
        if let box = try SecretKeyFile.read(at: path) { return (box, path) }
        return (try SecretKeyFile.create(at: path, with: .ephemeral()), path)
    }

    /// Runs `body`, mapping the pool's errors to the store's.
    @discardableResult
    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch let error as StoreError {
            throw error
        } catch let error as PostgresAccessError {
            throw Self.mapped(error)
        } catch {
            throw .database("\(error)")
        }
    }

    /// A pool error as the store describes it; constraint names are kept, bound values never appear.
    static func mapped(_ error: PostgresAccessError) -> StoreError {
        switch error {
        case .uniqueViolation(let constraint, _): .conflict("already exists (\(constraint ?? "a unique constraint"))")
        case .unreachable, .connectionLost, .poolExhausted: .unavailable(error.description)
        default: .database(error.description)
        }
    }

    public func close() { pool.close() }
}

extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}
