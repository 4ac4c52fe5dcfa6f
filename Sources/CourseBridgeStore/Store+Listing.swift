import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

// Issue 18: the listing kind of a run and the integration's full-listing interval.
extension Store {
    public func recordListing(runId: Int64, listing: ListingKind, settingsFingerprint: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sync_run SET listing = ?, settings_fingerprint = ? WHERE id = ?",
                           arguments: [listing.storeValue, settingsFingerprint, runId])
        }
    }

    public func setFullListingInterval(integrationId: Int64, days: Int) throws(StoreError) {
        guard days >= 1 else { throw .invalid("a full listing every \(days) days: give a number of days of 1 or more") }
        _ = try integration(id: integrationId)
        try write { db in
            try db.execute(sql: "UPDATE integration SET full_listing_days = ? WHERE id = ?", arguments: [days, integrationId])
        }
    }
}
