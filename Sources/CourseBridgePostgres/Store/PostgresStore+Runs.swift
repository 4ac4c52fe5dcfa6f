import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

extension PostgresStore: RunStore {
    public func createRun(integrationId: Int64, trigger: SyncTrigger) throws(StoreError) -> Int64 {
        let at = now().storeValue
        return try run {
            try pool.query("INSERT INTO sync_run(integration_id, trigger, started_at) VALUES ($1, $2, $3) RETURNING id",
                           [integrationId, trigger.rawValue, at]).first?.decode(index: 0, as: Int64.self) ?? 0
        }
    }

    /// Progress is saved as the run goes, so history shows how far a killed run got.
    public func recordProgress(runId: Int64, progress: SyncProgress) throws(StoreError) {
        try run { try pool.execute(Self.progressUpdate, progressBinds(runId: runId, progress: progress)) }
    }

    /// The progress, the outcome, the warnings' count and a failure's reason, written together.
    public func finishRun(runId: Int64, progress: SyncProgress, outcome: RunOutcome, reason: String?) throws(StoreError) {
        let at = now().storeValue
        try run {
            try pool.transaction { tx in
                try tx.execute(Self.progressUpdate, progressBinds(runId: runId, progress: progress))
                try tx.execute("""
                    UPDATE sync_run SET ended_at = $1, outcome = $2, reason = $3,
                        warnings = (SELECT COUNT(*) FROM sync_run_error WHERE run_id = $4 AND kind = 'warning') WHERE id = $4
                    """, [at, outcome.rawValue, reason, runId])
                if let reason, outcome == .failed {
                    try tx.execute("INSERT INTO sync_run_error(run_id, message, kind) VALUES ($1, $2, 'error')", [runId, reason])
                }
            }
        }
    }

    private static let progressUpdate = """
        UPDATE sync_run SET created = $1, updated = $2, archived = $3, ignored = $4, unchanged = $5, pages = $6, items_seen = $7
        WHERE id = $8
        """

    private func progressBinds(runId: Int64, progress: SyncProgress) -> [PostgresBind?] {
        let c = progress.counts
        return [c.created, c.updated, c.archived, c.ignored, c.unchanged, progress.pages, progress.itemsSeen].map { Int64($0) }
            + [runId]
    }

    /// Runs left `running` by a killed process are marked interrupted at the next start. Several instances share
    /// the database: a run whose integration's sync lease is still held (`SyncLease`, server clock) belongs to a
    /// live instance and is left alone; once its holder died and the lease ran out, the run is marked.
    public func markInterruptedRuns() throws(StoreError) -> Int {
        let at = now().storeValue
        return try run {
            try pool.execute("""
                UPDATE sync_run r SET outcome = 'interrupted', ended_at = $1,
                    reason = 'the process stopped during the run; nothing was archived'
                WHERE r.outcome = 'running' AND NOT EXISTS (
                    SELECT 1 FROM sync_lease l WHERE l.integration_id = r.integration_id AND l.expires_at >= \(SyncLease.now))
                """, [at])
        }
    }

    /// Newest first; errors before warnings within a run. The messages of all the runs come in one query.
    public func runs(integrationId: Int64?, limit: Int) throws(StoreError) -> [SyncRunRecord] {
        if let integrationId {
            let exists = try run { try !pool.query("SELECT 1 FROM integration WHERE id = $1", [integrationId]).isEmpty }
            guard exists else { throw .notFound("no integration with id \(integrationId); list them with: coursebridge integration list") }
        }
        return try run {
            try pool.transaction(isolation: .repeatableRead) { tx in
                var sql = "SELECT * FROM sync_run"
                var binds: [PostgresBind?] = []
                if let integrationId { binds.append(integrationId); sql += " WHERE integration_id = $1" }
                binds.append(Int64(max(0, limit)))
                sql += " ORDER BY id DESC LIMIT $\(binds.count)"
                let rows = try tx.query(sql, binds)
                let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
                // sync_run_error has no id: ctid keeps the order in which an append-only table's rows were written.
                var messages: [Int64: [RunMessage]] = [:]
                for row in try tx.query("""
                    SELECT run_id, kind, provider_id, message FROM (
                        SELECT e.*, row_number() OVER (PARTITION BY run_id ORDER BY kind = 'warning', ctid) AS n
                        FROM sync_run_error e WHERE run_id = ANY($1::bigint[])
                    ) numbered WHERE n <= 200 ORDER BY run_id, n
                    """, [ids]) {
                    let kind = RunMessage.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .error
                    messages[try row.decode(column: "run_id", as: Int64.self), default: []].append(
                        RunMessage(kind: kind, providerId: try row.decode(column: "provider_id", as: String?.self),
                                   message: try row.decode(column: "message")))
                }
                return try rows.map { row in
                    let id = try row.decode(column: "id", as: Int64.self)
                    func int(_ column: String) throws -> Int { Int(try row.decode(column: column, as: Int64.self)) }
                    return SyncRunRecord(
                        id: id, integrationId: try row.decode(column: "integration_id"),
                        trigger: SyncTrigger(rawValue: try row.decode(column: "trigger", as: String.self)) ?? .manual,
                        startedAt: Date(storeValue: try row.decode(column: "started_at")),
                        endedAt: try row.decode(column: "ended_at", as: Double?.self).map(Date.init(storeValue:)),
                        outcome: RunOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failed,
                        reason: try row.decode(column: "reason", as: String?.self),
                        counts: SyncPlanCounts(created: try int("created"), updated: try int("updated"), archived: try int("archived"),
                                               ignored: try int("ignored"), unchanged: try int("unchanged")),
                        pages: try int("pages"), itemsSeen: try int("items_seen"), warnings: try int("warnings"),
                        errors: messages[id] ?? [],
                        listing: try row.decode(column: "listing", as: String?.self),
                        settingsFingerprint: try row.decode(column: "settings_fingerprint", as: String?.self))
                }
            }
        }
    }

    /// When the integration last ran to completion: the scheduler uses it to catch up a missed run.
    public func lastSuccessfulRun(integrationId: Int64) throws(StoreError) -> Date? {
        try run {
            try pool.query("SELECT MAX(started_at) FROM sync_run WHERE integration_id = $1 AND outcome IN ('succeeded','held')",
                           [integrationId]).first?.decode(index: 0, as: Double?.self).map(Date.init(storeValue:))
        }
    }

    /// When the integration's latest run of any outcome started: a failed scheduled run is not retried in a loop.
    public func lastRunStart(integrationId: Int64) throws(StoreError) -> Date? {
        try run {
            try pool.query("SELECT MAX(started_at) FROM sync_run WHERE integration_id = $1 AND outcome <> 'interrupted'", [integrationId]).first?
                .decode(index: 0, as: Double?.self).map(Date.init(storeValue:))
        }
    }
}
