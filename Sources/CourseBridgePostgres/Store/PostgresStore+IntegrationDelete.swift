import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

extension PostgresStore {
    /// As on SQLite (Store+IntegrationDelete). The integration's row is locked first: a sync of another instance
    /// inserting a course takes a key-share lock on it, so it cannot slip in between the check and the delete.
    public func deleteIntegration(id: Int64) throws(StoreError) {
        _ = try integration(id: id)
        try run {
            try pool.transaction { tx in
                _ = try tx.query("SELECT id FROM integration WHERE id = $1 FOR UPDATE", [id])
                func count(_ sql: String) throws -> Int {
                    Int(try tx.query(sql, [id]).first?.decode(index: 0, as: Int64.self) ?? 0)
                }
                if let refusal = IntegrationDeletion.refusal(
                    id: id,
                    courses: try count("SELECT count(*) FROM course WHERE integration_id = $1"),
                    statements: try count("SELECT count(*) FROM statement WHERE integration_id = $1"),
                    running: try count("SELECT count(*) FROM sync_run WHERE integration_id = $1 AND outcome = 'running'")) {
                    throw refusal
                }
                try tx.execute("DELETE FROM sync_run_error WHERE run_id IN (SELECT id FROM sync_run WHERE integration_id = $1)", [id])
                try tx.execute("DELETE FROM sync_run WHERE integration_id = $1", [id])
                try tx.execute("DELETE FROM integration WHERE id = $1", [id])
            }
        }
    }
}
