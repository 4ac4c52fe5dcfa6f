import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import PostgresNIO

/// A column holding values sealed by `SecretBox`, and the context each row's value is bound to: the same contexts
/// as SQLite's `SealedColumn`, so a database moved from SQLite opens with its key. Key rotation re-seals every
/// column listed here: a new sealed column must be added to `all`. A regenerable value (the launch-link key) that no
/// longer opens is dropped rather than stopping a rotation, and does not count as a secret that needs the key.
struct PostgresSealedColumn: Sendable {
    let table: String
    let column: String
    var regenerable = false
    let context: @Sendable (Int64) -> String

    static let integrationCredentials = PostgresSealedColumn(table: "integration", column: "credentials_sealed") {
        "integration:\($0):credentials"
    }
    static let launchKey = PostgresSealedColumn(table: "launch_key", column: "key_sealed", regenerable: true) { "launch_key:\($0):key" }
    static let all: [PostgresSealedColumn] = [integrationCredentials, launchKey]
}

extension PostgresStore {
    /// Taken (for the transaction) by a key rotation and by an instance checking its key or finishing an
    /// interrupted rotation, so they never act on the key file or the recorded fingerprint at the same time.
    static let keyLockKey: Int64 = 0x43_42_5F_4B_45_59  // "CB_KEY"

    /// The fingerprint of the key the database's secrets are sealed with; nil before the first instance recorded it.
    static func recordedFingerprint(_ db: some PostgresQuerying) throws(PostgresAccessError) -> String? {
        try db.query("SELECT fingerprint FROM secret_key WHERE id = 1", []).first?.decode(index: 0, as: String.self)
    }

    /// Values that need the key to be read: sealed columns, and webhook secrets not yet turned into hashes.
    static func sealedSecretCount(_ db: some PostgresQuerying) throws(PostgresAccessError) -> Int {
        var count = try db.query("SELECT count(*) FROM integration WHERE webhook_secret_sealed IS NOT NULL", []).first?
            .decode(index: 0, as: Int64.self) ?? 0
        for c in PostgresSealedColumn.all where !c.regenerable {
            count += try db.query("SELECT count(*) FROM \(c.table) WHERE \(c.column) IS NOT NULL", []).first?
                .decode(index: 0, as: Int64.self) ?? 0
        }
        return Int(count)
    }

    /// Refuses to seal under a key that is no longer the database's: another instance rotated it after this one
    /// started, and a value sealed now could never be opened. Call it in the transaction that writes a sealed value.
    func requireCurrentKey(_ db: some PostgresQuerying) throws {
        if let recorded = try Self.recordedFingerprint(db), recorded != secrets.fingerprint {
            throw StoreError.badKey("the database's encryption key was changed (coursebridge key rotate) after this process started; "
                + "restart it with the new key and try again")
        }
    }

    /// Makes sure `secrets` is the key the database records (the one its secrets are sealed with), and records its
    /// fingerprint when none is (a new database). A wrong key changes nothing and says so. Usually one read: the lock is taken
    /// only when something must be written.
    func checkKey(source: String) throws(StoreError) {
        let box = secrets
        if try run({ try Self.recordedFingerprint(pool) }) == box.fingerprint { return }
        try run {
            try pool.transaction { tx in
                try tx.execute("SELECT pg_advisory_xact_lock($1)", [Self.keyLockKey])
                let recorded = try Self.recordedFingerprint(tx)
                if recorded == box.fingerprint { return }
                let count = try Self.sealedSecretCount(tx)
                let sameKey = "give every instance the same key (\(SecretBox.environmentVariable), or a copy of one key file in "
                    + "COURSEBRIDGE_KEY_FILE); nothing was changed"
                if let recorded {
                    // Unlike SQLite, a different key is refused even before anything is sealed: another instance
                    // uses the recorded one, and secrets sealed by either would not open on the other.
                    guard count == 0 else {
                        throw StoreError.badKey("the key from \(source) (fingerprint \(box.fingerprint)) is not the key this database's "
                            + "\(count) sealed secret\(count == 1 ? " is" : "s are") sealed with (fingerprint \(recorded)): \(sameKey)")
                    }
                    throw StoreError.badKey("the key from \(source) (fingerprint \(box.fingerprint)) is not the key the database records "
                        + "for its instances (fingerprint \(recorded)): \(sameKey). No secret is sealed yet: to make this key the "
                        + "database's instead, delete the row of its secret_key table")
                } else if try !Self.opensASealedValue(tx, box) {
                    throw StoreError.badKey("the key from \(source) (fingerprint \(box.fingerprint)) does not open the secrets this "
                        + "database holds: \(sameKey)")
                }
                try tx.execute("""
                    INSERT INTO secret_key(id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint
                    """, [box.fingerprint])
            }
        }
    }

    /// False when a sealed secret exists and `box` cannot open it (a database filled before fingerprints were kept).
    private static func opensASealedValue(_ tx: PostgresTransaction, _ box: SecretBox) throws -> Bool {
        for c in PostgresSealedColumn.all where !c.regenerable {
            guard let row = try tx.query("SELECT id, \(c.column) AS value FROM \(c.table) WHERE \(c.column) IS NOT NULL LIMIT 1").first
            else { continue }
            let id = try row.decode(column: "id", as: Int64.self), value = try row.decode(column: "value", as: Data.self)
            return (try? box.open(value, boundTo: c.context(id))) != nil
        }
        return true
    }

    /// `key rotate` writes the new key to `<key file>.new` before re-sealing, and renames it over the key file after
    /// its transaction commits. When a rotation was killed in between, the recorded fingerprint says which key the
    /// secrets are sealed with: the new key (committed) is moved into place, an old one's leftover `.new` (not
    /// committed) is removed. Runs under the key lock, which a rotation holds until it commits.
    static func finishInterruptedRotation(keyPath: String, pool: PostgresPool) throws(StoreError) {
        let pendingPath = pendingKeyPath(keyPath)
        guard FileManager.default.fileExists(atPath: pendingPath) else { return }
        do {
            try pool.transaction { tx in
                try tx.execute("SELECT pg_advisory_xact_lock($1)", [keyLockKey])
                guard FileManager.default.fileExists(atPath: pendingPath) else { return }
                let recorded = try recordedFingerprint(tx)
                let pending = try SecretKeyFile.read(at: pendingPath)
                let current = try? SecretKeyFile.read(at: keyPath)
                if let pending, pending.fingerprint == recorded {
                    try SecretKeyFile.move(pendingPath, to: keyPath)
                } else if let current, current.fingerprint == recorded {
                    SecretKeyFile.remove(pendingPath)
                } else if recorded == nil, try sealedSecretCount(tx) == 0 {
                    SecretKeyFile.remove(pendingPath)
                } else {
                    throw StoreError.badKey("an interrupted key rotation left \(pendingPath), and neither it nor \(keyPath) is the key "
                        + "this database's secrets are sealed with (fingerprint \(recorded ?? "unknown")); restore the right key file")
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresAccessError {
            throw mapped(error)
        } catch {
            throw .database("\(error)")
        }
    }

    static func pendingKeyPath(_ keyPath: String) -> String { keyPath + ".new" }
}
