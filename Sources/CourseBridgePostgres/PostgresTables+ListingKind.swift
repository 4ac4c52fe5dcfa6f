extension PostgresTables {
    // MARK: - v6: listing kinds (issue 18: incremental daily syncs)

    /// Which listing each run read (`ListingKind.storeValue`), the listing-shaping settings it read with, and each
    /// integration's "full listing every N days"; the same columns as SQLite's v13.
    static let listingKind: [String] = [
        "ALTER TABLE sync_run ADD COLUMN listing text",
        "ALTER TABLE sync_run ADD COLUMN settings_fingerprint text",
        "ALTER TABLE integration ADD COLUMN full_listing_days bigint NOT NULL DEFAULT 7",
    ]
}
