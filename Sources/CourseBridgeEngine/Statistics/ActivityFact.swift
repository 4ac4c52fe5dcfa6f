import CourseBridgeCore
import CourseBridgeData
import Foundation

/// One thing learned about a learner on a course, from any feed. Every feed goes through
/// `AttemptApplication.apply`, so each provider's rules are applied in one place.
public enum ActivityFact: Sendable, Equatable {
    case linkedIn(LinkedInStatementFacts)
    case skillsoft(SkillsoftActivity)
    case pulled(LearnerActivityRecord)
    case launch(at: Date)

    /// What a pushed statement says, by the integration's provider (providers.md §1 and §4).
    public static func from(_ statement: XAPIStatement, provider: Provider, receivedAt: Date) -> ActivityFact? {
        switch provider {
        case .linkedin: .linkedIn(LinkedInStatementFacts(statement: statement, receivedAt: receivedAt))
        case .skillsoft: .skillsoft(SkillsoftStatementTranslation.activity(from: statement, receivedAt: receivedAt))
        case .coursera, .edx: nil
        }
    }
}

/// The one attempt application path: pushed statements, pulled records, report rows and launches.
public enum AttemptApplication {
    /// A user's attempts on a course after the fact (new attempts have a nil id).
    public static func apply(_ fact: ActivityFact, integration: Integration, course: Course, userId: Int64,
                             attempts: [Attempt], now: Date) -> [Attempt] {
        let courseId = course.id ?? 0
        switch fact {
        case .linkedIn(let facts):
            return LinkedInAttemptRules.apply(facts, to: attempts, userId: userId, courseId: courseId,
                                              courseDurationSeconds: course.durationSeconds, configuredAt: integration.configuredAt)
        case .skillsoft(let activity):
            return SkillsoftAttemptRules.apply(activity, to: attempts, userId: userId, courseId: courseId, now: now)
        case .pulled(let record):
            return PulledActivityRules.apply(record, provider: integration.provider, to: attempts, userId: userId, courseId: courseId, now: now)
        case .launch(let at):
            return LaunchRule.apply(provider: course.provider, to: attempts, userId: userId, courseId: courseId, at: at)
        }
    }

    /// Applies and saves inside a statistics transaction.
    static func applyAndSave(_ fact: ActivityFact, integration: Integration, course: Course, userId: Int64,
                             tx: StatisticsTransaction, now: Date) throws {
        let before = try tx.attempts(userId: userId, courseId: course.id ?? 0)
        let after = apply(fact, integration: integration, course: course, userId: userId, attempts: before, now: now)
        let changed = changedAttempts(before: before, after: after)
        if !changed.isEmpty { try tx.saveAttempts(changed) }
    }

    /// The new attempts and those that differ from what was read: a learner who restarts a course keeps
    /// every earlier attempt, and rewriting them all (each write also refreshes the pair's summary) made
    /// a statement's cost grow with the learner's history.
    static func changedAttempts(before: [Attempt], after: [Attempt]) -> [Attempt] {
        after.enumerated().filter { i, a in
            a.id == nil || !(i < before.count && before[i] == a || before.contains(a))  // the rules keep the order: look in place first
        }.map(\.element)
    }
}
