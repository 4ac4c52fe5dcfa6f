import CourseBridgeCore
import CourseBridgeData
import Foundation

/// Rebuilds a learner's attempts on a course from what still counts: the applied, non-voided statements
/// and the launches, in arrival order. Used when a statement is voided or a quarantined one replayed,
/// so the result is the same as if the voided statement had never arrived.
enum AttemptRecompute {
    static func recompute(userId: Int64, course: Course, integration: Integration, tx: StatisticsTransaction) throws {
        guard let courseId = course.id else { return }
        var events: [(at: Date, order: Int, fact: ActivityFact)] = []
        for (i, stored) in try tx.appliedStatements(userId: userId, courseId: courseId).enumerated() {
            guard let statement = StatementApplication.parse(stored, provider: integration.provider),
                  let fact = ActivityFact.from(statement, provider: integration.provider, receivedAt: stored.receivedAt) else { continue }
            events.append((stored.receivedAt, i, fact))
        }
        for (i, launch) in try tx.launches(userId: userId, courseId: courseId).enumerated() {
            events.append((launch.launchedAt, -1_000_000 + i, .launch(at: launch.launchedAt)))
        }
        // Arrival order; a launch and a statement received at the same instant: the launch first.
        events.sort { ($0.at, $0.order) < ($1.at, $1.order) }

        var attempts: [Attempt] = []
        for event in events {
            attempts = AttemptApplication.apply(event.fact, integration: integration, course: course, userId: userId,
                                                attempts: attempts, now: event.at)
        }
        try tx.deleteAttempts(userId: userId, courseId: courseId)
        try tx.saveAttempts(attempts.map { var a = $0; a.id = nil; return a })
    }
}
