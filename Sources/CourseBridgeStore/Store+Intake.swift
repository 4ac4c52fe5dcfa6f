import CourseBridgeCore
import Foundation
import GRDB

/// What one integration's statement endpoint received, as the console's live intake shows it.
public struct StatementIntake: Sendable, Equatable {
    public var lastReceived: Date?
    /// Statements received since `recentSince` (the last minute).
    public var recent: Int
    /// Outcomes of the statements received since `daySince` (today).
    public var applied: Int
    public var quarantined: Int
    public var pending: Int
    public var received: Int
    public init(lastReceived: Date? = nil, recent: Int = 0, applied: Int = 0, quarantined: Int = 0, pending: Int = 0, received: Int = 0) {
        self.lastReceived = lastReceived
        self.recent = recent
        self.applied = applied
        self.quarantined = quarantined
        self.pending = pending
        self.received = received
    }
}

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
