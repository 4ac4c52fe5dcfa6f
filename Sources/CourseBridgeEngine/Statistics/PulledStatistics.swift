import CourseBridgeCore
import CourseBridgeProviders
import CourseBridgeData
import Foundation

/// What applying pulled records did.
public struct PulledCounts: Sendable, Equatable, Codable {
    public var applied = 0
    public var unknownLearner = 0
    public var ambiguousLearner = 0
    public var unknownCourse = 0
    /// Rows naming a course that another integration synchronizes: never written (tenant isolation).
    public var otherIntegration = 0
    public init() {}
}

/// Coursera and edX records and Percipio report rows, pulled by the sync run, applied with the same
/// attempt code as pushed statements. Reports are cumulative, so unmatched rows are counted, not
/// quarantined: the next pull brings them again once the learner or course exists.
public final class PulledStatistics: Sendable {
    let store: any DataStore
    let now: @Sendable () -> Date

    public init(store: any DataStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    @discardableResult
    public func applyPulled(_ records: [LearnerActivityRecord], integration: Integration) throws -> PulledCounts {
        let rows = records.map { record in
            (email: record.email, account: record.externalId, contentId: record.contentId, fact: ActivityFact.pulled(record))
        }
        return try apply(rows, integration: integration)
    }

    /// Percipio's learning activity report rows: the same Skillsoft rules as pushed statements.
    @discardableResult
    public func applyReport(_ rows: [SkillsoftReportRow], integration: Integration) throws -> PulledCounts {
        try apply(rows.map { row in
            let activity = SkillsoftActivity(status: SkillsoftStatus(report: row.status), lastScore: row.lastScore,
                                             durationSeconds: row.durationSeconds, completedDate: row.completedDate,
                                             lastAccess: row.lastAccess)
            return (email: row.emailAddress, account: row.userId, contentId: row.contentUuid, fact: ActivityFact.skillsoft(activity))
        }, integration: integration)
    }

    private func apply(_ rows: [(email: String?, account: String?, contentId: String, fact: ActivityFact)],
                       integration: Integration) throws -> PulledCounts {
        let at = now()
        let mode = integration.learnerIdentification
        return try store.statisticsTransaction { tx in
            var counts = PulledCounts()
            for row in rows {
                // Reports carry an email and an account id: Core's matcher says which identifies the learner.
                guard let key = LearnerMatcher.lookup(email: row.email, account: row.account, mode: mode) else {
                    counts.unknownLearner += 1; continue
                }
                let userId: Int64
                switch LearnerMatcher.match(value: key.value, mode: key.mode, candidates: try tx.users(matching: key.value, by: key.mode)) {
                case .matched(let user):
                    guard let id = user.id else { counts.unknownLearner += 1; continue }
                    userId = id
                case .ambiguous: counts.ambiguousLearner += 1; continue
                case .noMatch: counts.unknownLearner += 1; continue
                }
                let course: Course
                switch try StatementMatching.course(objectId: row.contentId, integration: integration, tx: tx) {
                case .found(let found): course = found
                case .otherIntegration: counts.otherIntegration += 1; continue
                case .unknown, .notACourse: counts.unknownCourse += 1; continue
                }
                try AttemptApplication.applyAndSave(row.fact, integration: integration, course: course, userId: userId, tx: tx, now: at)
                counts.applied += 1
            }
            return counts
        }
    }
}
