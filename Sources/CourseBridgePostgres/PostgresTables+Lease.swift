extension PostgresTables {
    // MARK: - v4: sync leases (issue 16: each due sync runs once across instances)

    /// Which instance runs an integration's sync, until when. A row exists while some instance holds or last held
    /// the lease; it is taken by whoever finds it missing or expired, so a holder that died loses it at
    /// `expires_at` and another instance takes the run over. `SyncLease` has the statements; times are the
    /// server's clock (seconds since 1970), so instances' clocks need not agree.
    ///
    /// The holder renews well before expiry (e.g. every third of the lease) and checks the renewal took: a renewal
    /// that finds another holder means the lease was lost, and the sync must stop before writing more (in
    /// particular before archiving). The console reads `holder` to show which instance runs a sync.
    static let syncLease: [String] = [
        """
        CREATE TABLE sync_lease (
            integration_id bigint PRIMARY KEY REFERENCES integration(id) ON DELETE CASCADE,
            holder text NOT NULL CHECK (length(holder) > 0),
            acquired_at double precision NOT NULL,
            expires_at double precision NOT NULL,
            CHECK (expires_at >= acquired_at)
        )
        """,
    ]
}
