import CourseBridgeCore
import CourseBridgeData
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// A column holding values sealed by `SecretBox`, and the context each row's value is bound to.
/// Key rotation re-seals every column listed here: a new sealed column must be added to `all`.
/// A regenerable value (the launch-link key) is made again when it does not open: it does not count as a secret
/// that needs the key, and one that no longer opens is dropped rather than stopping an upgrade or a rotation.
struct SealedColumn: Sendable {
    let table: String
    let column: String
    var regenerable = false
    let context: @Sendable (Int64) -> String

    static let integrationCredentials = SealedColumn(table: "integration", column: "credentials_sealed") { "integration:\($0):credentials" }
    static let launchKey = SealedColumn(table: "launch_key", column: "key_sealed", regenerable: true) { "launch_key:\($0):key" }
    static let all: [SealedColumn] = [integrationCredentials, launchKey]
}

// MARK: - Resolving the key on open

extension Store {
    public static func keyPath(forDatabase path: String) -> String { path + ".key" }
    static func pendingKeyPath(forDatabase path: String) -> String { path + ".key.new" }

    /// The key of the database at `path`: `COURSEBRIDGE_SECRET_KEY` when set, else the key file, created only
    /// when the database holds no sealed secret yet. A key file that exists but cannot be used is an error.
    static func resolveKey(databasePath path: String, writer: any DatabaseWriter,
                           environment: [String: String]) throws(StoreError) -> (SecretBox, source: String) {
        if let box = try SecretBox.fromEnvironment(environment) { return (box, SecretBox.environmentVariable) }
        let keyPath = Self.keyPath(forDatabase: path)
        try finishInterruptedRotation(databasePath: path, writer: writer)
        if let box = try SecretKeyFile.read(at: keyPath) { return (box, keyPath) }
        let sealed = try withDatabase(writer) { db in try sealedSecretCount(db) }
        if sealed > 0 {
            throw .badKey("the database holds \(sealed) sealed secret\(sealed == 1 ? "" : "s") but the key file \(keyPath) is missing; restore it or set \(SecretBox.environmentVariable)")
        }
        return (try SecretKeyFile.create(at: keyPath, with: .ephemeral()), keyPath)
    }

    /// `key rotate` writes the new key to `<db>.key.new` before re-sealing, and renames it over `<db>.key` after
    /// its transaction commits. When a rotation was killed in between, the database's recorded fingerprint says
    /// which key its secrets are sealed with: the new key (committed) is moved into place, an old one's leftover
    /// `.key.new` (not committed) is removed. Runs under the write lock, which a rotation holds until it commits.
    static func finishInterruptedRotation(databasePath path: String, writer: any DatabaseWriter) throws(StoreError) {
        let keyPath = Self.keyPath(forDatabase: path), pendingPath = Self.pendingKeyPath(forDatabase: path)
        guard Glibc.access(pendingPath, F_OK) == 0 else { return }
        try withDatabase(writer, write: true) { db in
            guard Glibc.access(pendingPath, F_OK) == 0 else { return }
            try SecretKeyFile.finishRotation(pendingPath: pendingPath, keyPath: keyPath,
                                             recordedFingerprint: try recordedFingerprint(db),
                                             sealedSecretCount: { try sealedSecretCount(db) })
        }
    }

    private static func withDatabase<T: Sendable>(_ writer: any DatabaseWriter, write: Bool = false,
                                                  _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return write ? try writeLocked(writer, body) : try writer.read(body) } catch { throw mapAccessError(error) }
    }

    /// A transaction that takes SQLite's write lock at BEGIN (IMMEDIATE), before `body` touches any key file:
    /// a rotation and an opener finishing an interrupted one never act on `.key.new` at the same time.
    static func writeLocked<T: Sendable>(_ writer: any DatabaseWriter, _ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    static func recordedFingerprint(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT fingerprint FROM secret_key WHERE id = 1")
    }

    /// Values that need the key to be read: sealed columns, and webhook secrets not yet turned into hashes.
    static func sealedSecretCount(_ db: Database) throws -> Int {
        var count = try Int.fetchOne(db, sql: "SELECT count(*) FROM integration WHERE webhook_secret_sealed IS NOT NULL") ?? 0
        for c in SealedColumn.all where !c.regenerable {
            count += try Int.fetchOne(db, sql: "SELECT count(*) FROM \(c.table) WHERE \(c.column) IS NOT NULL") ?? 0
        }
        return count
    }
}

// MARK: - Checking the key, upgrading old values

extension Store {
    /// Makes sure this store's key is the one its secrets are sealed with, and brings values written by older
    /// versions up to date, in one transaction: unbound sealed values are re-sealed bound to their row, and
    /// sealed webhook secrets become SHA-256 hashes. A wrong key changes nothing and says so.
    func prepareSecrets(keySource: String) throws(StoreError) {
        let box = secrets
        let upToDate = try read { db in
            let recorded = try Self.recordedFingerprint(db)
            let old = try Self.hasOldFormatValues(db)
            return recorded == box.fingerprint && !old
        }
        if upToDate { return }
        try write { db in
            let count = try Self.sealedSecretCount(db)
            let mismatch = StoreError.badKey("the key from \(keySource) (fingerprint \(box.fingerprint)) is not the key this database's \(count) sealed secret\(count == 1 ? " is" : "s are") sealed with: restore the database's own key file or set \(SecretBox.environmentVariable) to it; nothing was changed")
            if let recorded = try Self.recordedFingerprint(db) {
                if recorded != box.fingerprint, count > 0 { throw mismatch }
            } else if try !Self.opensABoundValue(db, box) {
                // No fingerprint yet (an older database): the key must open what is sealed before it is recorded.
                throw mismatch
            }
            for c in SealedColumn.all {
                let rows = try Row.fetchAll(db, sql: "SELECT id, \(c.column) AS value FROM \(c.table) WHERE \(c.column) IS NOT NULL")
                for row in rows {
                    let id: Int64 = row["id"], value: Data = row["value"]
                    guard !SecretBox.isBound(value) else { continue }
                    let plaintext: Data
                    do { plaintext = try box.openUnbound(value) } catch where c.regenerable {
                        try db.execute(sql: "DELETE FROM \(c.table) WHERE id = ?", arguments: [id])
                        continue
                    }
                    let resealed = try box.seal(plaintext, boundTo: c.context(id))
                    try db.execute(sql: "UPDATE \(c.table) SET \(c.column) = ? WHERE id = ?", arguments: [resealed, id])
                }
            }
            let webhooks = try Row.fetchAll(db, sql: "SELECT id, webhook_secret_sealed FROM integration WHERE webhook_secret_sealed IS NOT NULL")
            for row in webhooks {
                let secret = String(decoding: try box.openUnbound(row["webhook_secret_sealed"]), as: UTF8.self)
                try db.execute(sql: "UPDATE integration SET webhook_secret_hash = ?, webhook_secret_sealed = NULL WHERE id = ?",
                               arguments: [TokenDigest.sha256Hex(secret), row["id"] as Int64])
            }
            try db.execute(sql: "INSERT INTO secret_key(id, fingerprint) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint",
                           arguments: [box.fingerprint])
        }
    }

    /// False when a bound value exists and `box` cannot open it.
    private static func opensABoundValue(_ db: Database, _ box: SecretBox) throws -> Bool {
        for c in SealedColumn.all where !c.regenerable {
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(c.column) AS value FROM \(c.table) WHERE \(c.column) IS NOT NULL")
            for row in rows {
                let id: Int64 = row["id"], value: Data = row["value"]
                guard SecretBox.isBound(value) else { continue }
                return (try? box.open(value, boundTo: c.context(id))) != nil
            }
        }
        return true
    }

    private static func hasOldFormatValues(_ db: Database) throws -> Bool {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM integration WHERE webhook_secret_sealed IS NOT NULL)") == true { return true }
        let prefix = SecretBox.formatPrefix
        for c in SealedColumn.all {
            let unbound = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(c.table) WHERE \(c.column) IS NOT NULL AND substr(\(c.column), 1, ?) != ?)",
                                            arguments: [prefix.count, prefix])
            if unbound == true { return true }
        }
        return false
    }

    /// Refuses to seal under a key that is no longer the database's: another process rotated it after this
    /// one started, and a value sealed now could never be opened.
    func requireCurrentKey(_ db: Database) throws {
        if let recorded = try Self.recordedFingerprint(db), recorded != secrets.fingerprint {
            throw StoreError.badKey("the database's encryption key was changed (coursebridge key rotate) after this process started; restart it and try again")
        }
    }
}

// MARK: - Rotation and status

extension Store {
    /// Re-seals every secret under a fresh key in one transaction, then puts the new key file in place.
    /// Crash safety: the new key is durable in `<db>.key.new` before the transaction starts re-sealing; the
    /// transaction also records the new key's fingerprint; the rename comes after the commit. Whatever the moment
    /// of a crash, the next open finds the key matching the recorded fingerprint (`finishInterruptedRotation`).
    /// Returns how many values were re-sealed. This store keeps the old key: open the database again to use it.
    public func rotateKey(environment: [String: String],
                          pauseAfterEachValue: Double) throws(StoreError) -> (resealed: Int, fingerprint: String) {
        guard path != ":memory:" else { throw .refused("an in-memory database has no key file to rotate") }
        if environment[SecretBox.environmentVariable] != nil {
            throw .refused("the key comes from \(SecretBox.environmentVariable), which coursebridge cannot change: to rotate, write it to \(Self.keyPath(forDatabase: path)) (mode 600), unset the variable, run coursebridge key rotate, then share the new key file")
        }
        let old = secrets, new = SecretBox.ephemeral()
        let keyPath = Self.keyPath(forDatabase: path), pendingPath = Self.pendingKeyPath(forDatabase: path)
        let resealed: Int
        do {
            resealed = try Self.writeLocked(writer) { db in
                try self.requireCurrentKey(db)
                // Under the write lock: an opening process cannot take `.key.new` for an abandoned rotation.
                try SecretKeyFile.replace(at: pendingPath, with: new)
                var count = 0
                for c in SealedColumn.all {
                    let rows = try Row.fetchAll(db, sql: "SELECT id, \(c.column) AS value FROM \(c.table) WHERE \(c.column) IS NOT NULL")
                    for row in rows {
                        let id: Int64 = row["id"]
                        let plaintext: Data
                        do { plaintext = try old.open(row["value"], boundTo: c.context(id)) } catch where c.regenerable {
                            try db.execute(sql: "DELETE FROM \(c.table) WHERE id = ?", arguments: [id])
                            continue
                        }
                        try db.execute(sql: "UPDATE \(c.table) SET \(c.column) = ? WHERE id = ?",
                                       arguments: [try new.seal(plaintext, boundTo: c.context(id)), id])
                        count += 1
                        if pauseAfterEachValue > 0 { Thread.sleep(forTimeInterval: pauseAfterEachValue) }
                    }
                }
                try db.execute(sql: "INSERT INTO secret_key(id, fingerprint) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint",
                               arguments: [new.fingerprint])
                return count
            }
        } catch {
            // Rolled back: the old key still opens everything.
            if (try? SecretKeyFile.read(at: pendingPath))?.fingerprint == new.fingerprint { SecretKeyFile.remove(pendingPath) }
            throw Self.mapAccessError(error)
        }
        // Committed: the new key must end in the key file. Another process opening the database meanwhile may
        // have moved `.key.new` already; if the file holds anything else, the key in memory is written.
        if (try? SecretKeyFile.read(at: pendingPath))?.fingerprint == new.fingerprint {
            try? SecretKeyFile.move(pendingPath, to: keyPath)
        }
        if (try? SecretKeyFile.read(at: keyPath))?.fingerprint != new.fingerprint {
            try SecretKeyFile.replace(at: keyPath, with: new)
        }
        return (resealed, new.fingerprint)
    }

    /// Where the key is, its file mode, and how many values it opens.
    public func keyStatus(environment: [String: String]) throws(StoreError) -> SecretKeyStatus {
        let counts = try read { db in
            (try Self.sealedSecretCount(db),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM integration WHERE webhook_secret_hash IS NOT NULL") ?? 0)
        }
        var source = path == ":memory:" ? "in memory" : Self.keyPath(forDatabase: path)
        var mode: Int?
        if environment[SecretBox.environmentVariable] != nil {
            source = SecretBox.environmentVariable
        } else if path != ":memory:" {
            var info = stat()
            if stat(source, &info) == 0 { mode = Int(info.st_mode & 0o777) }
        }
        return SecretKeyStatus(source: source, fileMode: mode, fingerprint: secrets.fingerprint,
                               sealedSecrets: counts.0, hashedWebhookSecrets: counts.1)
    }
}
