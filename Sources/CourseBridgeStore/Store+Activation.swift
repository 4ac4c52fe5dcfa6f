import CourseBridgeCore
import CourseBridgeData
import GRDB

extension Store {
    /// Undoes a deactivation: synchronization resumes (schedule and manual syncs). The courses deactivation archived
    /// stay archived until the next sync, which restores every one the provider still lists and the filters still
    /// accept (the reconciler's "reactivated"): a course the provider dropped meanwhile must not come back.
    /// Refused while the group has another active integration of the same provider (one per provider per group).
    public func activate(integrationId: Int64) throws(StoreError) {
        let integration = try integration(id: integrationId)
        guard integration.state == .deactivated else { throw .conflict("integration \(integrationId) is already active") }
        try write { db in
            if let other = try Int64.fetchOne(db, sql: """
                SELECT id FROM integration WHERE provider = ? AND group_id = ? AND state = 'active' AND id <> ?
                """, arguments: [integration.provider.rawValue, integration.groupId, integrationId]) {
                throw StoreError.conflict("group \(integration.groupId) already has an active \(integration.provider.displayName) "
                    + "integration (id \(other)); deactivate it first with: coursebridge integration deactivate \(other)")
            }
            try db.execute(sql: "UPDATE integration SET state = 'active' WHERE id = ?", arguments: [integrationId])
        }
    }
}
