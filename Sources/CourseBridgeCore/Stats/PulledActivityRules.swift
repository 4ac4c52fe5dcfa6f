import Foundation

/// Coursera's enrollment report and edX's learner progress, pulled daily (seeds 000 and 001).
/// Coursera: completion, progress %, score %, last activity and time spent (the sum over resources);
/// edX: completion and last activity only. Reports are cumulative, so they update the latest attempt.
public enum PulledActivityRules {
    public static func apply(_ record: LearnerActivityRecord, provider: Provider, to attempts: [Attempt],
                             userId: Int64, courseId: Int64, now: Date) -> [Attempt] {
        let reportsDetail = provider == .coursera
        let progress = reportsDetail ? record.progressPercent : nil
        let activityAt = record.lastActivityAt ?? record.completedAt
        var sorted = Attempts.chronological(attempts)
        if sorted.isEmpty {
            // Enrolled but never active: no attempt to show yet.
            guard record.isCompleted || activityAt != nil || (progress ?? 0) > 0 else { return [] }
            sorted.append(Attempt(userId: userId, courseId: courseId, startedAt: activityAt ?? now, completionStatus: .inProgress))
        }
        let i = sorted.count - 1
        var attempt = sorted[i]

        if reportsDetail {
            if let p = progress { attempt.progressPercent = Attempts.clampPercent(p) }
            if let s = record.scorePercent { attempt.scorePercent = Attempts.clampPercent(s) }
            if let t = record.timeSpentSeconds { attempt.timeSpentSeconds = t }
        }
        if let at = activityAt, at > (attempt.lastActivityAt ?? .distantPast) { attempt.lastActivityAt = at }
        if record.isCompleted {
            // A completed course shows 100% whatever the provider reports in detail.
            attempt.completionStatus = .completed
            attempt.completedAt = attempt.completedAt ?? record.completedAt ?? activityAt ?? now
            attempt.progressPercent = 100
            attempt.result = .success
        } else if attempt.isOpen {
            // A report never un-completes an attempt; an open one is in progress once there is activity.
            attempt.completionStatus = .inProgress
        }
        sorted[i] = attempt
        return sorted
    }
}
