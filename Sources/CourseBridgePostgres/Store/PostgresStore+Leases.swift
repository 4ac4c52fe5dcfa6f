import CourseBridgeCore
import CourseBridgeData
import Foundation

/// Sync leases on PostgreSQL (`SyncLease`, server clock): the scheduler of each instance runs a due sync only when
/// it holds the integration's lease, which expires if its holder dies.
extension PostgresStore {
    public func acquireSyncLease(integrationId: Int64, holder: String, seconds: Double) throws(StoreError) -> Bool {
        try run { try SyncLease.acquire(pool, integrationId: integrationId, holder: holder, seconds: seconds) }
    }

    public func releaseSyncLease(integrationId: Int64, holder: String) throws(StoreError) {
        try run { try SyncLease.release(pool, integrationId: integrationId, holder: holder) }
    }

    public func syncLeases() throws(StoreError) -> [SyncLeaseRecord] {
        try run {
            try pool.query("""
                SELECT integration_id, holder, expires_at FROM sync_lease
                WHERE expires_at > extract(epoch FROM clock_timestamp())::double precision ORDER BY integration_id
                """).map { row in
                SyncLeaseRecord(integrationId: try row.decode(column: "integration_id", as: Int64.self),
                                holder: try row.decode(column: "holder", as: String.self),
                                expiresAt: Date(storeValue: try row.decode(column: "expires_at", as: Double.self)))
            }
        }
    }
}
