import Foundation
import Testing
@testable import CourseBridgeCore

private func step(_ s: CompletionStatus, required: Bool = true) -> PathStep { PathStep(courseId: 1, isRequired: required, status: s) }

struct PathProgressRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        let steps: [PathStep]
        let linear: Bool
        let status: CompletionStatus
        let availability: [StepAvailability]
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "nothing started", steps: [step(.notStarted), step(.notStarted)], linear: true,
            status: .notStarted, availability: [.available, .locked]),
        Row(rule: "starting an external course moves the path to in progress", steps: [step(.inProgress), step(.notStarted)],
            linear: true, status: .inProgress, availability: [.inProgress, .locked]),
        Row(rule: "linear: the next step waits for completion at the provider", steps: [step(.inProgress), step(.notStarted), step(.notStarted)],
            linear: true, status: .inProgress, availability: [.inProgress, .locked, .locked]),
        Row(rule: "linear: completing the course opens the next step", steps: [step(.completed), step(.notStarted), step(.notStarted)],
            linear: true, status: .inProgress, availability: [.completed, .available, .locked]),
        Row(rule: "non-linear: every step is open", steps: [step(.inProgress), step(.notStarted)], linear: false,
            status: .inProgress, availability: [.inProgress, .available]),
        Row(rule: "the path completes when its last step (an external course) is completed",
            steps: [step(.completed), step(.completed)], linear: true, status: .completed, availability: [.completed, .completed]),
        Row(rule: "last step done but a required step before it is not: not completed",
            steps: [step(.inProgress), step(.completed)], linear: false, status: .inProgress, availability: [.inProgress, .completed]),
        Row(rule: "an optional step left undone does not block completion",
            steps: [step(.notStarted, required: false), step(.completed)], linear: false, status: .completed,
            availability: [.available, .completed]),
        Row(rule: "an empty path is not started", steps: [], linear: true, status: .notStarted, availability: []),
    ]

    @Test(arguments: rows)
    func pathProgress(_ row: Row) {
        let p = PathProgress(steps: row.steps, linear: row.linear)
        #expect(p.status == row.status)
        #expect(p.steps == row.availability)
    }

    @Test func nextStep() {
        #expect(PathProgress(steps: [step(.completed), step(.notStarted)], linear: true).nextStepIndex == 1)
        #expect(PathProgress(steps: [step(.completed)], linear: true).nextStepIndex == nil)
    }
}
