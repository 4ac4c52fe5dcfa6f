import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

// Issue 18: the listing kind of a run and the integration's full-listing interval (kept apart from the catalog
// file, which another change reworks).
extension PostgresStore {
    public func recordListing(runId: Int64, listing: ListingKind, settingsFingerprint: String) throws(StoreError) {
        try run {
            try pool.execute("UPDATE sync_run SET listing = $1, settings_fingerprint = $2 WHERE id = $3",
                             [listing.storeValue, settingsFingerprint, runId])
        }
    }

    public func setFullListingInterval(integrationId: Int64, days: Int) throws(StoreError) {
        guard days >= 1 else { throw .invalid("a full listing every \(days) days: give a number of days of 1 or more") }
        _ = try integration(id: integrationId)
        try run { try pool.execute("UPDATE integration SET full_listing_days = $1 WHERE id = $2", [Int64(days), integrationId]) }
    }
}
