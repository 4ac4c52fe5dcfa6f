import CourseBridgeCore
import CourseBridgeData
import GRDB

extension Store {
    /// The wizard's or a typo's leftover goes away; an integration with courses or statistics is only deactivated,
    /// so learner data is never lost by a delete. Checked and deleted in one write transaction.
    public func deleteIntegration(id: Int64) throws(StoreError) {
        _ = try integration(id: id)
        try write { db in
            if let refusal = try IntegrationDeletion.refusal(
                id: id,
                courses: Int.fetchOne(db, sql: "SELECT count(*) FROM course WHERE integration_id = ?", arguments: [id]) ?? 0,
                statements: Int.fetchOne(db, sql: "SELECT count(*) FROM statement WHERE integration_id = ?", arguments: [id]) ?? 0,
                running: Int.fetchOne(db, sql: "SELECT count(*) FROM sync_run WHERE integration_id = ? AND outcome = 'running'",
                                      arguments: [id]) ?? 0) {
                throw refusal
            }
            try db.execute(sql: "DELETE FROM sync_run_error WHERE run_id IN (SELECT id FROM sync_run WHERE integration_id = ?)", arguments: [id])
            try db.execute(sql: "DELETE FROM sync_run WHERE integration_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM integration WHERE id = ?", arguments: [id])
        }
    }
}
