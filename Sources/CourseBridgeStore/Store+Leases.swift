import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// Sync leases on SQLite: several processes on one database file (a `serve` and a CLI `sync`) take turns as
/// several instances on PostgreSQL do. Times are the store's clock.
extension Store {
    public func acquireSyncLease(integrationId: Int64, holder: String, seconds: Double) throws(StoreError) -> Bool {
        let at = now().storeValue
        return try write { db in
            try db.execute(sql: """
                INSERT INTO sync_lease(integration_id, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(integration_id) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at,
                    expires_at = excluded.expires_at
                WHERE sync_lease.expires_at <= excluded.acquired_at OR sync_lease.holder = excluded.holder
                """, arguments: [integrationId, holder, at, at + seconds])
            return db.changesCount > 0
        }
    }

    public func releaseSyncLease(integrationId: Int64, holder: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM sync_lease WHERE integration_id = ? AND holder = ?", arguments: [integrationId, holder])
        }
    }

    public func syncLeases() throws(StoreError) -> [SyncLeaseRecord] {
        let at = now().storeValue
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT integration_id, holder, expires_at FROM sync_lease WHERE expires_at > ? ORDER BY integration_id",
                             arguments: [at]).map {
                SyncLeaseRecord(integrationId: $0["integration_id"], holder: $0["holder"], expiresAt: Date(storeValue: $0["expires_at"]))
            }
        }
    }
}
