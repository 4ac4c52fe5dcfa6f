import CourseBridgeCore
import Foundation

/// One attempt with the names an administrator reads.
public struct AttemptReport: Sendable, Equatable, Codable {
    public var attempt: Attempt
    public var userEmail: String
    public var courseTitle: String
    public var provider: Provider
    public var providerId: String
    public var integrationId: Int64?

    public init(attempt: Attempt, userEmail: String, courseTitle: String, provider: Provider, providerId: String, integrationId: Int64? = nil) {
        self.attempt = attempt
        self.userEmail = userEmail
        self.courseTitle = courseTitle
        self.provider = provider
        self.providerId = providerId
        self.integrationId = integrationId
    }
}

/// Which attempts `coursebridge stats` reports.
public struct AttemptReportQuery: Sendable {
    public var integrationId: Int64?
    public var userEmail: String?
    public var courseId: Int64?
    public init(integrationId: Int64? = nil, userEmail: String? = nil, courseId: Int64? = nil) {
        self.integrationId = integrationId
        self.userEmail = userEmail
        self.courseId = courseId
    }
}

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

/// A launch of an external course from CourseBridge.
public struct LaunchRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var userId: Int64
    public var courseId: Int64
    public var pathId: Int64?
    public var launchedAt: Date

    public init(id: Int64, userId: Int64, courseId: Int64, pathId: Int64? = nil, launchedAt: Date) {
        self.id = id
        self.userId = userId
        self.courseId = courseId
        self.pathId = pathId
        self.launchedAt = launchedAt
    }
}

/// What became of a received statement; nothing received is dropped silently (DESIGN §1).
public enum StatementOutcome: String, Codable, Sendable, CaseIterable {
    case pending, applied, quarantined, skipped, voided
}

/// A statement as the store keeps it.
public struct StoredStatement: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var integrationId: Int64
    public var statementId: String
    public var receivedAt: Date
    /// The statement's JSON, with its id.
    public var body: String
    public var contentHash: String
    public var outcome: StatementOutcome
    public var reason: String?
    public var voidsStatementId: String?
    public var userId: Int64?
    public var courseId: Int64?

    public init(sequence: Int64, integrationId: Int64, statementId: String, receivedAt: Date, body: String, contentHash: String, outcome: StatementOutcome, reason: String? = nil, voidsStatementId: String? = nil, userId: Int64? = nil, courseId: Int64? = nil) {
        self.sequence = sequence
        self.integrationId = integrationId
        self.statementId = statementId
        self.receivedAt = receivedAt
        self.body = body
        self.contentHash = contentHash
        self.outcome = outcome
        self.reason = reason
        self.voidsStatementId = voidsStatementId
        self.userId = userId
        self.courseId = courseId
    }
}

/// One line of the learner-statistics screen: a learner on a course, or a course's totals.
public struct LearnerStatLine: Sendable, Equatable, Codable {
    public var learner: String
    public var course: String
    public var progress: Double
    public var score: Double?
    public var timeSpentSeconds: Int
    public var completion: String
    public var result: String?
    public var lastActivity: Date?
    public var attempts: Int

    public init(learner: String, course: String, progress: Double, score: Double?, timeSpentSeconds: Int, completion: String,
                result: String?, lastActivity: Date?, attempts: Int) {
        (self.learner, self.course, self.progress, self.score) = (learner, course, progress, score)
        (self.timeSpentSeconds, self.completion, self.result, self.lastActivity, self.attempts) =
            (timeSpentSeconds, completion, result, lastActivity, attempts)
    }
}

public enum LearnerStatsGrouping: String, Sendable, CaseIterable { case perLearner, perCourse }

public enum LearnerStatsSort: String, Sendable, CaseIterable {
    case learner, course, progress, score, timeSpent, completion, result, lastActivity, attempts
}

/// A quarantined statement as the console lists it.
public struct QuarantineLine: Sendable, Equatable {
    public var sequence: Int64
    public var integrationId: Int64
    public var statementId: String
    public var receivedAt: Date
    public var reason: String
    public var body: String

    public init(sequence: Int64, integrationId: Int64, statementId: String, receivedAt: Date, reason: String, body: String) {
        self.sequence = sequence
        self.integrationId = integrationId
        self.statementId = statementId
        self.receivedAt = receivedAt
        self.reason = reason
        self.body = body
    }
}
