import CourseBridgeCore

/// The learners and courses a group of statements names, as matching will look them up
/// (`StatisticsTransaction.users(matching:by:)` and `course(provider:providerId:)`): `StatisticsTransaction.preload`.
public struct StatementLookups: Sendable, Equatable {
    public struct Learner: Sendable, Hashable {
        public var value: String
        public var mode: LearnerIdentification
        public init(value: String, mode: LearnerIdentification) {
            self.value = value
            self.mode = mode
        }
    }
    public struct CourseKey: Sendable, Hashable {
        public var provider: Provider
        public var providerId: String
        public init(provider: Provider, providerId: String) {
            self.provider = provider
            self.providerId = providerId
        }
    }
    public var learners: [Learner]
    public var courses: [CourseKey]

    public init(learners: [Learner] = [], courses: [CourseKey] = []) {
        self.learners = learners
        self.courses = courses
    }

    public var isEmpty: Bool { learners.isEmpty && courses.isEmpty }

    public mutating func add(_ other: StatementLookups) {
        learners += other.learners
        courses += other.courses
    }
}
