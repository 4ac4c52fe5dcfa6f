import Foundation

public enum CompletionStatus: String, CaseIterable, Codable, Sendable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case completed
}

public enum AttemptResult: String, Codable, Sendable {
    case success, failed
}

/// One learner's attempt at one course (DESIGN §1). The stat rules take a user's attempts at a course
/// and return them updated; an attempt with a nil id is new and is inserted by the store.
public struct Attempt: Sendable, Equatable, Codable {
    public var id: Int64?
    public var userId: Int64
    public var courseId: Int64
    public var startedAt: Date
    public var progressPercent: Double
    public var scorePercent: Double?
    public var timeSpentSeconds: Int
    public var completionStatus: CompletionStatus
    public var completedAt: Date?
    public var result: AttemptResult?
    public var lastActivityAt: Date?

    public init(id: Int64? = nil, userId: Int64, courseId: Int64, startedAt: Date, progressPercent: Double = 0,
                scorePercent: Double? = nil, timeSpentSeconds: Int = 0, completionStatus: CompletionStatus = .inProgress,
                completedAt: Date? = nil, result: AttemptResult? = nil, lastActivityAt: Date? = nil) {
        self.id = id
        self.userId = userId
        self.courseId = courseId
        self.startedAt = startedAt
        self.progressPercent = progressPercent
        self.scorePercent = scorePercent
        self.timeSpentSeconds = timeSpentSeconds
        self.completionStatus = completionStatus
        self.completedAt = completedAt
        self.result = result
        self.lastActivityAt = lastActivityAt
    }

    public var isOpen: Bool { completionStatus != .completed }
}

// MARK: - Ordering shared by every provider's rules

enum Attempts {
    /// Oldest first; ids break ties so the order is stable.
    static func chronological(_ attempts: [Attempt]) -> [Attempt] {
        attempts.sorted { ($0.startedAt, $0.id ?? .max) < ($1.startedAt, $1.id ?? .max) }
    }

    static func oldestOpenIndex(_ sorted: [Attempt]) -> Int? { sorted.firstIndex(where: \.isOpen) }

    static func clampPercent(_ value: Double) -> Double { min(max(value, 0), 100) }
}

// MARK: - Launch from CourseBridge

/// Seeds 002 and 004: a launch moves the course to in progress and sets the progress (LinkedIn 1%,
/// Skillsoft 50%). An open attempt is reused (never lowered); with none, one is started. A launch of an
/// already completed course opens nothing: only the provider can say a retake began (Skillsoft's
/// "Restart course"), and LinkedIn sends nothing for retakes, so such an attempt would never close.
public enum LaunchRule {
    public static func launchProgress(for provider: Provider) -> Double {
        switch provider {
        case .linkedin: 1
        case .skillsoft: 50
        case .coursera, .edx: 0
        }
    }

    public static func apply(provider: Provider, to attempts: [Attempt], userId: Int64, courseId: Int64, at now: Date) -> [Attempt] {
        var sorted = Attempts.chronological(attempts)
        let progress = launchProgress(for: provider)
        if let i = Attempts.oldestOpenIndex(sorted) {
            sorted[i].completionStatus = .inProgress
            sorted[i].progressPercent = max(sorted[i].progressPercent, progress)
            sorted[i].lastActivityAt = max(sorted[i].lastActivityAt ?? now, now)
            return sorted
        }
        guard sorted.isEmpty else { return sorted }
        return [Attempt(userId: userId, courseId: courseId, startedAt: now, progressPercent: progress,
                        completionStatus: .inProgress, lastActivityAt: now)]
    }
}
