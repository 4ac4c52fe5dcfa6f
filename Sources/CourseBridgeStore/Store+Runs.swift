import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Store {
    public func createRun(integrationId: Int64, trigger: SyncTrigger) throws(StoreError) -> Int64 {
        let at = now().storeValue
        return try write { db in
            try db.execute(sql: "INSERT INTO sync_run(integration_id, trigger, started_at) VALUES (?, ?, ?)",
                           arguments: [integrationId, trigger.rawValue, at])
            return db.lastInsertedRowID
        }
    }

    /// Progress is saved as the run goes, so history shows how far a killed run got.
    public func recordProgress(runId: Int64, progress: SyncProgress) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE sync_run SET created = ?, updated = ?, archived = ?, ignored = ?, unchanged = ?, pages = ?, items_seen = ?
                WHERE id = ?
                """, arguments: [progress.counts.created, progress.counts.updated, progress.counts.archived, progress.counts.ignored,
                                 progress.counts.unchanged, progress.pages, progress.itemsSeen, runId])
        }
    }

    public func finishRun(runId: Int64, progress: SyncProgress, outcome: RunOutcome, reason: String?) throws(StoreError) {
        try recordProgress(runId: runId, progress: progress)
        let at = now().storeValue
        try write { db in
            try db.execute(sql: """
                UPDATE sync_run SET ended_at = ?, outcome = ?, reason = ?,
                    warnings = (SELECT COUNT(*) FROM sync_run_error WHERE run_id = ? AND kind = 'warning') WHERE id = ?
                """, arguments: [at, outcome.rawValue, reason, runId, runId])
            if let reason, outcome == .failed {
                try db.execute(sql: "INSERT INTO sync_run_error(run_id, message, kind) VALUES (?, ?, 'error')", arguments: [runId, reason])
            }
        }
    }

    /// Runs left `running` by a killed process are marked interrupted at the next start.
    @discardableResult
    public func markInterruptedRuns() throws(StoreError) -> Int {
        let at = now().storeValue
        return try write { db in
            try db.execute(sql: """
                UPDATE sync_run SET outcome = 'interrupted', ended_at = ?, reason = 'the process stopped during the run; nothing was archived'
                WHERE outcome = 'running'
                  AND integration_id NOT IN (SELECT integration_id FROM sync_lease WHERE expires_at > ?)
                """, arguments: [at, at])
            return db.changesCount
        }
    }

    /// Newest first; errors first within a run.
    public func runs(integrationId: Int64?, limit: Int) throws(StoreError) -> [SyncRunRecord] {
        if let integrationId { _ = try integration(id: integrationId) }
        return try read { db in
            var sql = "SELECT * FROM sync_run"
            var args: [any DatabaseValueConvertible & Sendable] = []
            if let integrationId { sql += " WHERE integration_id = ?"; args.append(integrationId) }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                let id: Int64 = row["id"]
                let errors = try Row.fetchAll(db, sql: """
                    SELECT kind, provider_id, message FROM sync_run_error WHERE run_id = ? ORDER BY kind = 'warning', rowid LIMIT 200
                    """, arguments: [id]).map { RunMessage(kind: RunMessage.Kind(rawValue: $0["kind"]) ?? .error, providerId: $0["provider_id"], message: $0["message"]) }
                return SyncRunRecord(
                    id: id, integrationId: row["integration_id"], trigger: SyncTrigger(rawValue: row["trigger"]) ?? .manual,
                    startedAt: Date(storeValue: row["started_at"]), endedAt: (row["ended_at"] as Double?).map(Date.init(storeValue:)),
                    outcome: RunOutcome(rawValue: row["outcome"]) ?? .failed, reason: row["reason"],
                    counts: SyncPlanCounts(created: row["created"], updated: row["updated"], archived: row["archived"],
                                           ignored: row["ignored"], unchanged: row["unchanged"]),
                    pages: row["pages"], itemsSeen: row["items_seen"], warnings: row["warnings"], errors: errors,
                    listing: row["listing"], settingsFingerprint: row["settings_fingerprint"])
            }
        }
    }

    /// When each integration last ran to completion: the scheduler uses it to catch up a missed run.
    public func lastSuccessfulRun(integrationId: Int64) throws(StoreError) -> Date? {
        try read { db in
            try Double.fetchOne(db, sql: """
                SELECT MAX(started_at) FROM sync_run WHERE integration_id = ? AND outcome IN ('succeeded','held')
                """, arguments: [integrationId]).map(Date.init(storeValue:))
        }
    }
}

extension Store {
    /// When the integration's latest run of any outcome started: a failed scheduled run is not retried
    /// in a loop; the next scheduled instant runs again.
    public func lastRunStart(integrationId: Int64) throws(StoreError) -> Date? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT MAX(started_at) FROM sync_run WHERE integration_id = ? AND outcome <> 'interrupted'",
                                arguments: [integrationId])
                .map(Date.init(storeValue:))
        }
    }
}
