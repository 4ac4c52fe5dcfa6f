import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension PostgresStore: SecretKeyStore {
    /// Re-seals every secret under a fresh key in one transaction, then puts the new key file in place.
    /// Crash safety as on SQLite: the new key is durable in `<key file>.new` before the transaction starts
    /// re-sealing; the transaction also records the new key's fingerprint; the rename comes after the commit; the
    /// next open finishes an interrupted rotation (`finishInterruptedRotation`). This store keeps the old key, and
    /// so do the other instances: each must be restarted with the new key file.
    public func rotateKey(environment: [String: String],
                          pauseAfterEachValue: Double) throws(StoreError) -> (resealed: Int, fingerprint: String) {
        if environment[SecretBox.environmentVariable] != nil {
            throw .refused("the key comes from \(SecretBox.environmentVariable), which coursebridge cannot change: to rotate, write it "
                + "to a key file (mode 600), set COURSEBRIDGE_KEY_FILE to that file and unset the variable, run coursebridge key rotate, "
                + "then give every instance the new key file")
        }
        guard let keyPath = environment["COURSEBRIDGE_KEY_FILE"], !keyPath.isEmpty else {
            throw .refused("no key file to rotate: set COURSEBRIDGE_KEY_FILE to the key file every instance uses")
        }
        let old = secrets, new = SecretBox.ephemeral()
        let pendingPath = Self.pendingKeyPath(keyPath)
        let resealed: Int
        do {
            resealed = try pool.transaction { tx in
                try tx.execute("SELECT pg_advisory_xact_lock($1)", [Self.keyLockKey])
                try requireCurrentKey(tx)
                // Under the key lock: an opening instance cannot take `.new` for an abandoned rotation.
                try SecretKeyFile.replace(at: pendingPath, with: new)
                var count = 0
                for c in PostgresSealedColumn.all {
                    let rows = try tx.query("SELECT id, \(c.column) AS value FROM \(c.table) WHERE \(c.column) IS NOT NULL FOR UPDATE")
                    for row in rows {
                        let id = try row.decode(column: "id", as: Int64.self)
                        let plaintext: Data
                        do { plaintext = try old.open(try row.decode(column: "value", as: Data.self), boundTo: c.context(id)) } catch where c.regenerable {
                            try tx.execute("DELETE FROM \(c.table) WHERE id = $1", [id])
                            continue
                        }
                        try tx.execute("UPDATE \(c.table) SET \(c.column) = $1 WHERE id = $2",
                                       [try new.seal(plaintext, boundTo: c.context(id)), id])
                        count += 1
                        if pauseAfterEachValue > 0 { Thread.sleep(forTimeInterval: pauseAfterEachValue) }
                    }
                }
                try tx.execute("""
                    INSERT INTO secret_key(id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint
                    """, [new.fingerprint])
                return count
            }
        } catch {
            // Rolled back: the old key still opens everything.
            if (try? SecretKeyFile.read(at: pendingPath))?.fingerprint == new.fingerprint { SecretKeyFile.remove(pendingPath) }
            if let error = error as? StoreError { throw error }
            if let error = error as? PostgresAccessError { throw Self.mapped(error) }
            throw .database("\(error)")
        }
        // Committed: the new key must end in the key file. Another instance opening meanwhile may have moved `.new`
        // already; if the file holds anything else, the key in memory is written.
        if (try? SecretKeyFile.read(at: pendingPath))?.fingerprint == new.fingerprint {
            try? SecretKeyFile.move(pendingPath, to: keyPath)
        }
        if (try? SecretKeyFile.read(at: keyPath))?.fingerprint != new.fingerprint {
            try SecretKeyFile.replace(at: keyPath, with: new)
        }
        return (resealed, new.fingerprint)
    }

    /// Where the key comes from, the key file's mode, and how many values it opens.
    public func keyStatus(environment: [String: String]) throws(StoreError) -> SecretKeyStatus {
        let counts = try run {
            (try Self.sealedSecretCount(pool),
             Int(try pool.query("SELECT count(*) FROM integration WHERE webhook_secret_hash IS NOT NULL").first?
                .decode(index: 0, as: Int64.self) ?? 0))
        }
        var source = "given when the store was opened"
        var mode: Int?
        if environment[SecretBox.environmentVariable] != nil {
            source = SecretBox.environmentVariable
        } else if let keyPath = environment["COURSEBRIDGE_KEY_FILE"], !keyPath.isEmpty {
            source = keyPath
            var info = stat()
            if stat(keyPath, &info) == 0 { mode = Int(info.st_mode & 0o777) }
        }
        return SecretKeyStatus(source: source, fileMode: mode, fingerprint: secrets.fingerprint,
                               sealedSecrets: counts.0, hashedWebhookSecrets: counts.1)
    }
}
