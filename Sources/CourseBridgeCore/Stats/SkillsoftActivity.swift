import Foundation

/// Percipio's learning-activity status.
public enum SkillsoftStatus: Equatable, Sendable {
    case completed
    case started
    case other(String)

    /// Report spelling (`Completed`, `Watched`, `Started`, `Not Started` …), case-insensitive,
    /// through `SkillsoftReportStatusRules`.
    public init(report text: String) {
        self = SkillsoftReportStatusRules.status(forReport: text)
    }
}

/// The fields of Percipio's learning activity report that seed 004's rules are written in. Fed by report
/// rows as they are and by pushed statements (`SkillsoftStatementTranslation`). Nil = not reported:
/// the rules leave what it drives as it is.
public struct SkillsoftActivity: Equatable, Sendable {
    public var status: SkillsoftStatus?
    public var lastScore: Double?
    public var durationSeconds: Int?
    public var completedDate: Date?
    public var lastAccess: Date?

    public init(status: SkillsoftStatus? = nil, lastScore: Double? = nil, durationSeconds: Int? = nil,
                completedDate: Date? = nil, lastAccess: Date? = nil) {
        self.status = status
        self.lastScore = lastScore
        self.durationSeconds = durationSeconds
        self.completedDate = completedDate
        self.lastAccess = lastAccess
    }

    /// When the activity happened: the completion date, else the last access.
    public var lastActivity: Date? { completedDate ?? lastAccess }
}

// MARK: - The mapping (seed 004, "Analytics synchronization")

public enum SkillsoftAttemptRules {
    /// Progress from status: Completed → 100, Started → 50, otherwise 0.
    public static func progress(for status: SkillsoftStatus) -> Double {
        switch status {
        case .completed: 100
        case .started: 50
        case .other: 0
        }
    }

    /// Result from status: Completed → Success, otherwise null.
    public static func result(for status: SkillsoftStatus) -> AttemptResult? { status == .completed ? .success : nil }

    /// Applies one activity to a user's attempts at one course.
    public static func apply(_ activity: SkillsoftActivity, to attempts: [Attempt], userId: Int64, courseId: Int64,
                             now: Date) -> [Attempt] {
        var sorted = Attempts.chronological(attempts)
        let at = activity.lastActivity ?? now
        if sorted.isEmpty || isRestart(activity, after: sorted[sorted.count - 1]) {
            // No attempt yet, or a restart after completion ("Restart course" with multiple completions on).
            sorted.append(Attempt(userId: userId, courseId: courseId, startedAt: activity.lastAccess ?? at,
                                  completionStatus: .notStarted))
        }
        let target = sorted.count - 1
        var attempt = sorted[target]
        // The daily report repeats a completion an earlier attempt already holds: it does not complete a restart.
        let repeatsEarlierCompletion = activity.status == .completed && attempt.isOpen
            && activity.completedDate.map { reported in
                sorted[..<target].contains { $0.completionStatus == .completed && $0.completedAt.map { reported <= endOfCompletion($0) } ?? false }
            } ?? false
        if !repeatsEarlierCompletion, let status = activity.status, attempt.isOpen || status == .completed {
            // A completed attempt is never reopened by a later, non-restart status.
            attempt.progressPercent = progress(for: status)
            attempt.result = result(for: status)
            switch status {
            case .completed:
                let known = attempt.completionStatus == .completed ? attempt.completedAt : nil
                attempt.completionStatus = .completed
                attempt.completedAt = completionDate(reported: activity.completedDate, known: known) ?? attempt.completedAt ?? at
            case .started: attempt.completionStatus = .inProgress
            case .other: attempt.completionStatus = .notStarted
            }
        }
        if !repeatsEarlierCompletion, let last = activity.lastActivity { attempt.lastActivityAt = last }
        sorted[target] = attempt

        // The latest score shows on all attempts.
        if let score = activity.lastScore {
            for i in sorted.indices { sorted[i].scorePercent = Attempts.clampPercent(score) }
        }
        // The latest duration goes to the first attempt; all others have 0 seconds.
        if let duration = activity.durationSeconds {
            for i in sorted.indices { sorted[i].timeSpentSeconds = i == 0 ? max(duration, 0) : 0 }
        }
        return sorted
    }

    /// Started after a completed attempt, and after that completion: a new attempt. A Started that
    /// predates the completion is a late report about the completed attempt.
    static func isRestart(_ activity: SkillsoftActivity, after latest: Attempt) -> Bool {
        guard activity.status == .started, latest.completionStatus == .completed else { return false }
        guard let access = activity.lastAccess, let completed = latest.completedAt else { return true }
        return access > endOfCompletion(completed)
    }

    /// The report writes `completedDate` as a day (midnight UTC) while pushed statements carry the instant:
    /// a day-only completion ends with its day, so an access later that day is the same attempt, not a
    /// restart (the two feeds then make one attempt, whichever arrives first).
    static func endOfCompletion(_ completed: Date) -> Date {
        isDayOnly(completed) ? completed.addingTimeInterval(86_400) : completed
    }

    /// A day-only date from the report does not replace the instant a pushed statement gave for that day.
    static func completionDate(reported: Date?, known: Date?) -> Date? {
        guard let reported else { return known }
        guard let known, isDayOnly(reported), !isDayOnly(known),
              Int(known.timeIntervalSince1970 / 86_400) == Int(reported.timeIntervalSince1970 / 86_400) else { return reported }
        return known
    }

    static func isDayOnly(_ date: Date) -> Bool {
        date.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0
    }
}
