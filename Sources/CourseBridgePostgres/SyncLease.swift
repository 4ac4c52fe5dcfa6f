/// The lease that lets one instance run an integration's sync while others skip it (table `sync_lease`, see
/// PostgresTables+Lease.swift). Times come from the server's clock.
public enum SyncLease {
    /// The server's clock in seconds since 1970, as the store keeps times.
    static let now = "extract(epoch FROM clock_timestamp())::double precision"

    /// Takes the lease for `seconds` if nobody holds it, its holder let it expire, or `holder` already holds it.
    /// Returns whether `holder` holds it now. Two instances asking at once: exactly one gets it.
    public static func acquire(_ db: some PostgresQuerying, integrationId: Int64, holder: String,
                               seconds: Double) throws(PostgresAccessError) -> Bool {
        let rows = try db.query("""
            INSERT INTO sync_lease (integration_id, holder, acquired_at, expires_at)
            VALUES ($1, $2, \(now), \(now) + $3)
            ON CONFLICT (integration_id) DO UPDATE
                SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
                WHERE sync_lease.expires_at < EXCLUDED.acquired_at OR sync_lease.holder = EXCLUDED.holder
            RETURNING holder
            """, [integrationId, holder, seconds])
        return !rows.isEmpty
    }

    /// Extends `holder`'s lease to `seconds` from now. False when another instance holds it: the lease was lost
    /// (it expired and was taken), and the sync must stop writing.
    public static func renew(_ db: some PostgresQuerying, integrationId: Int64, holder: String,
                             seconds: Double) throws(PostgresAccessError) -> Bool {
        try db.execute("UPDATE sync_lease SET expires_at = \(now) + $3 WHERE integration_id = $1 AND holder = $2",
                       [integrationId, holder, seconds]) == 1
    }

    /// Gives the lease up (a no-op when `holder` no longer holds it).
    public static func release(_ db: some PostgresQuerying, integrationId: Int64, holder: String) throws(PostgresAccessError) {
        try db.execute("DELETE FROM sync_lease WHERE integration_id = $1 AND holder = $2", [integrationId, holder])
    }

    /// Who holds an unexpired lease on the integration, if anyone (for the console).
    public static func holder(_ db: some PostgresQuerying, integrationId: Int64) throws(PostgresAccessError) -> String? {
        let rows = try db.query("SELECT holder FROM sync_lease WHERE integration_id = $1 AND expires_at >= \(now)",
                                [integrationId])
        return try rows.first?.decode(column: "holder", as: String.self)
    }
}
