import Foundation

/// One step of a path as a learner stands on it.
public struct PathStep: Equatable, Sendable {
    public var courseId: Int64
    public var isRequired: Bool
    public var status: CompletionStatus

    public init(courseId: Int64, isRequired: Bool = true, status: CompletionStatus = .notStarted) {
        self.courseId = courseId
        self.isRequired = isRequired
        self.status = status
    }
}

public enum StepAvailability: String, Equatable, Sendable {
    case locked, available, inProgress = "in-progress", completed
}

/// A learner's progress along a path's ordered steps (seeds 002 and 004, learner experience).
public struct PathProgress: Equatable, Sendable {
    public var status: CompletionStatus
    public var steps: [StepAvailability]

    public init(steps: [PathStep], linear: Bool) {
        var availability: [StepAvailability] = []
        var earlierRequiredDone = true
        for step in steps {
            switch step.status {
            case .completed: availability.append(.completed)
            case .inProgress: availability.append(.inProgress)
            case .notStarted:
                // Linear: the next step waits until the earlier external courses are completed at the provider.
                availability.append(linear && !earlierRequiredDone ? .locked : .available)
            }
            if step.isRequired, step.status != .completed { earlierRequiredDone = false }
        }
        self.steps = availability

        // Completed when the last step is, and every required step before it; in progress once any step started.
        if let last = steps.last, last.status == .completed, steps.allSatisfy({ !$0.isRequired || $0.status == .completed }) {
            status = .completed
        } else if steps.contains(where: { $0.status != .notStarted }) {
            status = .inProgress
        } else {
            status = .notStarted
        }
    }

    /// The first step the learner can work on now, if any.
    public var nextStepIndex: Int? {
        steps.firstIndex { $0 == .inProgress } ?? steps.firstIndex { $0 == .available }
    }
}
