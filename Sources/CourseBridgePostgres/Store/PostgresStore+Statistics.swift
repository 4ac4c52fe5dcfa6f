import CourseBridgeCore
import CourseBridgeData
import Foundation

extension PostgresStore: StatisticsStore {
    public func statisticsTransaction<T: Sendable>(memoizingLookups: Bool, _ body: @Sendable (any StatisticsTransaction) throws -> T) throws(StoreError) -> T {
        throw StoreError.database("TODO(pg): statisticsTransaction<T: Sendable>")
    }

    public func attemptReports(_ query: AttemptReportQuery) throws(StoreError) -> [AttemptReport] {
        throw StoreError.database("TODO(pg): attemptReports")
    }

    public func attempts(userId: Int64, courseId: Int64) throws(StoreError) -> [Attempt] {
        throw StoreError.database("TODO(pg): attempts")
    }

    public func launches(userId: Int64, courseId: Int64) throws(StoreError) -> [LaunchRecord] {
        throw StoreError.database("TODO(pg): launches")
    }

    public func launchKey() throws(StoreError) -> Data {
        throw StoreError.database("TODO(pg): launchKey")
    }

    public func quarantinedStatements() throws(StoreError) -> [StoredStatement] {
        throw StoreError.database("TODO(pg): quarantinedStatements")
    }

    public func statements(integrationId: Int64) throws(StoreError) -> [StoredStatement] {
        throw StoreError.database("TODO(pg): statements")
    }

    public func learnerStatistics(grouping: LearnerStatsGrouping, search: String, sort: LearnerStatsSort, descending: Bool, offset: Int, limit: Int) throws(StoreError) -> (lines: [LearnerStatLine], total: Int) {
        throw StoreError.database("TODO(pg): learnerStatistics")
    }

    public func statementsReceived(integrationId: Int64, since: Date) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): statementsReceived")
    }

    public func quarantinedCount(integrationId: Int64) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): quarantinedCount")
    }

    public func quarantinePage(search: String, offset: Int, limit: Int) throws(StoreError) -> (lines: [QuarantineLine], total: Int) {
        throw StoreError.database("TODO(pg): quarantinePage")
    }

    public func statementIntake(integrationId: Int64, recentSince: Date, daySince: Date) throws(StoreError) -> StatementIntake {
        throw StoreError.database("TODO(pg): statementIntake")
    }

    public func issueWebhookToken(integrationId: Int64, lifetime: TimeInterval, now: Date) throws(StoreError) -> (token: String, expiresAt: Date) {
        throw StoreError.database("TODO(pg): issueWebhookToken")
    }

    public func integrationId(forToken token: String, now: Date) throws(StoreError) -> Int64? {
        throw StoreError.database("TODO(pg): integrationId")
    }

    public func integration(forToken token: String, now: Date) throws(StoreError) -> Integration? {
        throw StoreError.database("TODO(pg): integration")
    }

    public func integration(webhookClientId: String) throws(StoreError) -> Integration? {
        throw StoreError.database("TODO(pg): integration")
    }

    public func verifyWebhookSecret(integrationId: Int64, secret: String) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): verifyWebhookSecret")
    }

    public func ping() throws(StoreError) {
        throw StoreError.database("TODO(pg): ping")
    }
}
