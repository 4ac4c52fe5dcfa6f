import GRDB

extension Migrations {
    /// Issue 18: which listing each run read (full or incremental, and why), the settings it read with (a change
    /// makes the next run full), and each integration's "full listing every N days". Same columns on PostgreSQL.
    static func addListingKind(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE sync_run ADD COLUMN listing TEXT;
            ALTER TABLE sync_run ADD COLUMN settings_fingerprint TEXT;
            ALTER TABLE integration ADD COLUMN full_listing_days INTEGER NOT NULL DEFAULT 7;
            """)
    }
}
