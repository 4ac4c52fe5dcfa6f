import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Store {
    /// Read from the statement table, so it is right whether `serve` runs in this process or another one.
    public func statementIntake(integrationId: Int64, recentSince: Date, daySince: Date) throws(StoreError) -> StatementIntake {
        try read { db in
            let last = try Double.fetchOne(db, sql: "SELECT MAX(received_at) FROM statement WHERE integration_id = ?",
                                           arguments: [integrationId])
            let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statement WHERE integration_id = ? AND received_at >= ?",
                                          arguments: [integrationId, recentSince.storeValue]) ?? 0
            var intake = StatementIntake(lastReceived: last.map(Date.init(storeValue:)), recent: recent)
            let rows = try Row.fetchAll(db, sql: """
                SELECT outcome, COUNT(*) AS n FROM statement WHERE integration_id = ? AND received_at >= ? GROUP BY outcome
                """, arguments: [integrationId, daySince.storeValue])
            for row in rows {
                let n: Int = row["n"]
                intake.received += n
                switch row["outcome"] as String {
                case "applied": intake.applied += n
                case "quarantined": intake.quarantined += n
                case "pending": intake.pending += n
                default: break
                }
            }
            return intake
        }
    }
}
