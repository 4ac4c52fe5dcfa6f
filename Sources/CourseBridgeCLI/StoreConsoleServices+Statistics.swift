import CourseBridgeConsole
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeEngine
import Foundation

/// Learner statistics, the quarantine and its replay, read and applied through the interface and the statistics engine.
extension StoreConsoleServices {
    public func statistics(_ query: StatsQuery) throws -> Page<StatRow> {
        let sort: LearnerStatsSort = switch query.sort {
        case .learner: .learner
        case .course: .course
        case .progress: .progress
        case .score: .score
        case .timeSpent: .timeSpent
        case .completion: .completion
        case .result: .result
        case .lastActivity: .lastActivity
        case .attempts: .attempts
        }
        let page = try store.learnerStatistics(grouping: query.view == .perCourse ? .perCourse : .perLearner, search: query.search,
                                               sort: sort, descending: query.descending, offset: query.offset, limit: query.limit)
        return Page(offset: query.offset, rows: page.lines.map(Self.row), total: page.total)
    }

    /// The store's line as it is: the screen shows exactly what the query read.
    static func row(_ line: LearnerStatLine) -> StatRow {
        StatRow(learner: line.learner, course: line.course, progress: line.progress, score: line.score,
                timeSpentSeconds: line.timeSpentSeconds, completion: line.completion, result: line.result,
                lastActivity: line.lastActivity, attempts: line.attempts)
    }

    public func quarantine(search: String, offset: Int, limit: Int) throws -> Page<QuarantineRow> {
        let page = try store.quarantinePage(search: search, offset: offset, limit: limit)
        let rows = page.lines.map { line in
            QuarantineRow(integrationId: line.integrationId, statementId: line.statementId, receivedAt: line.receivedAt,
                          reason: line.reason, statement: line.body)
        }
        return Page(offset: offset, rows: rows, total: page.total)
    }

    public func replay(statementIds: [String]?) throws -> String {
        let ingestor = StatementIngestor(store: store)
        var total = ReplayCounts()
        for id in statementIds.map({ $0.map(Optional.some) }) ?? [nil] {
            let counts = try ingestor.replayQuarantined(id)
            total.applied += counts.applied
            total.stillQuarantined += counts.stillQuarantined
            total.skipped += counts.skipped
        }
        let replayed = total.applied + total.stillQuarantined + total.skipped
        return "Replayed \(replayed): \(total.applied) applied, \(total.stillQuarantined) still quarantined, \(total.skipped) skipped."
    }

    /// Statements received since local midnight, for the dashboard.
    func statementsToday(integrationId: Int64, now: Date) throws -> Int {
        try store.statementsReceived(integrationId: integrationId, since: Calendar.current.startOfDay(for: now))
    }
}
