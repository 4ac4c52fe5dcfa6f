import CourseBridgeCore
import CourseBridgeData
import Foundation

/// What a replay of quarantined statements did.
public struct ReplayCounts: Sendable, Equatable, Codable {
    public var applied = 0
    public var stillQuarantined = 0
    public var skipped = 0
    public init() {}
}

extension StatementIngestor {
    /// Applies quarantined statements again, now that their user or course may exist. `which` is a
    /// statement's sequence number or statement id; nil replays them all, oldest first.
    public func replayQuarantined(_ which: String? = nil) throws(StatisticsError) -> ReplayCounts {
        let all: [StoredStatement]
        do { all = try store.quarantinedStatements() } catch { throw .from(error) }
        let selected = which.map { key in all.filter { "\($0.sequence)" == key || $0.statementId == key } } ?? all
        if let which, selected.isEmpty {
            throw .notFound("no quarantined statement '\(which)'; list them with: coursebridge quarantine list")
        }
        var counts = ReplayCounts()
        for stored in selected {
            let outcome: StatementOutcome
            do {
                outcome = try store.statisticsTransaction { tx in try Self.replay(stored, tx: tx) }
            } catch {
                throw .from(error)
            }
            switch outcome {
            case .applied: counts.applied += 1
            case .skipped, .voided: counts.skipped += 1
            default: counts.stillQuarantined += 1
            }
        }
        return counts
    }

    static func replay(_ stored: StoredStatement, tx: StatisticsTransaction) throws -> StatementOutcome {
        guard let integration = try tx.integration(id: stored.integrationId) else { return .quarantined }
        guard let statement = StatementApplication.parse(stored, provider: integration.provider) else {
            try tx.setOutcome(integrationId: stored.integrationId, statementId: stored.statementId, .skipped,
                              reason: "the stored statement no longer passes validation")
            return .skipped
        }
        // Recompute: the statement belongs at its place in arrival order, before later statements.
        let recorder = StatementApplication.Recorder(integrationId: stored.integrationId, statementId: stored.statementId, newRow: nil)
        return try StatementApplication.applyMatched(statement, integration: integration, receivedAt: stored.receivedAt, tx: tx,
                                                     recorder: recorder, recompute: true).0
    }
}
