import CourseBridgeCore
import Foundation

/// Realistic xAPI statement sequences of LinkedIn Learning or Skillsoft Percipio learners on courses
/// of a simulated catalog: a pure function of the catalog and the options.
///
/// Each learner follows journeys (one course after another); a journey is a list of sessions, and
/// round `r` holds session `r` of every learner's stream, so pushing rounds 0, 1, 2 … shows progress
/// growing, completions, and (Skillsoft) restarts after a completion.
public struct StatementGenerator: Sendable {
    public struct Options: Sendable, Equatable {
        public var provider: PushProvider
        /// Learners `learner0` … `learner{N-1}`.
        public var learners: Int
        /// How actors are identified: `mbox`, or `account.name` = `learner{N}` / `EMP-{1000+N}`.
        public var identification: LearnerIdentification
        /// Provider quirks: LinkedIn non-UUID ids, `+0000` timestamps, Percipio's lower-case `homepage`.
        public var quirks: Bool
        /// Timestamp of round 0; ids also derive from it, so two runs never reuse an id with other content.
        public var start: Date
        /// Simulated time between rounds.
        public var roundSeconds: Double

        public init(provider: PushProvider, learners: Int = 5, identification: LearnerIdentification = .email,
                    quirks: Bool = false, start: Date = SimulatedCatalog.epoch, roundSeconds: Double = 3_600) {
            precondition(learners >= 0, "learners must not be negative")
            precondition(roundSeconds > 0, "roundSeconds must be positive")
            self.provider = provider
            self.learners = learners
            self.identification = identification
            self.quirks = quirks
            self.start = start
            self.roundSeconds = roundSeconds
        }
    }

    public let catalog: SimulatedCatalog
    public let options: Options

    public init(catalog: SimulatedCatalog, options: Options) {
        self.catalog = catalog
        self.options = options
    }

    // MARK: - Learners

    public static func username(_ learner: Int) -> String { "learner\(learner)" }
    public static func externalId(_ learner: Int) -> String { "EMP-\(1000 + learner)" }

    // MARK: - Rounds

    /// Session `round` of every learner: one batch to push. Empty when the catalog has no course.
    public func batch(_ round: Int) -> [GeneratedStatement] {
        precondition(round >= 0, "round must not be negative")
        return (0..<options.learners).flatMap { learner -> [GeneratedStatement] in
            guard let (course, session) = session(learner: learner, round: round) else { return [] }
            return session.steps.enumerated().map { i, step in
                render(step, learner: learner, course: course, round: round, position: i)
            }
        }
    }

    /// Rounds `0..<count`, in order.
    public func batches(_ count: Int) -> [[GeneratedStatement]] { (0..<count).map(batch) }

    /// The course of a learner's journey `journey` (nil when the catalog offers none).
    public func course(learner: Int, journey: Int) -> SimulatedItem? {
        var taken: Set<String> = []
        var course: SimulatedItem?
        for j in 0...journey {
            course = nextCourse(learner: learner, journey: j, avoiding: taken)
            guard let found = course else { return nil }
            taken.insert(found.providerId)
        }
        return course
    }

    /// A course the learner has not taken in an earlier journey (LinkedIn sends nothing for a retake),
    /// unless the catalog has too few; nil when it has none.
    func nextCourse(learner: Int, journey: Int, avoiding taken: Set<String>) -> SimulatedItem? {
        let pool = catalog.items
        guard pool > 0 else { return nil }
        var h = SeededHash(seed: catalog.seed, salt: "push-course-\(options.provider.rawValue)", learner, journey)
        let start = h.int(pool)
        var repeated: SimulatedItem?
        // Look ahead a bounded distance: most indices are courses, and large catalogs stay O(1).
        for offset in 0..<min(pool, 2_000) {
            let item = catalog.item(at: (start + offset) % pool, for: options.provider.provider)
            guard isPushable(item) else { continue }
            if !taken.contains(item.providerId) { return item }
            repeated = repeated ?? item
        }
        return repeated
    }

    func isPushable(_ item: SimulatedItem) -> Bool {
        guard item.isActiveSynchronized else { return false }
        // LinkedIn reports courses only; Percipio reports every synchronized type.
        return options.provider == .skillsoft || item.contentType == ContentType.course
    }

    // MARK: - Journeys

    /// Learner `learner`'s session at `round`, walking journeys until the round is reached.
    func session(learner: Int, round: Int) -> (SimulatedItem, Session)? {
        var remaining = round
        var taken: Set<String> = []
        var journey = 0
        while true {
            guard let course = nextCourse(learner: learner, journey: journey, avoiding: taken) else { return nil }
            let sessions = plan(learner: learner, journey: journey, course: course)
            if remaining < sessions.count { return (course, sessions[remaining]) }
            remaining -= sessions.count
            taken.insert(course.providerId)
            journey += 1
        }
    }

    struct Session: Equatable {
        var steps: [Step]
    }

    struct Step: Equatable {
        var verb: String
        var progress: Int?
        var progressAsString = false
        var scorePercent: Int?
        var durationSeconds: Int?
        var completion: Bool?
        var success: Bool?
    }

    func plan(learner: Int, journey: Int, course: SimulatedItem) -> [Session] {
        var h = SeededHash(seed: catalog.seed, salt: "push-plan-\(options.provider.rawValue)", learner, journey)
        switch options.provider {
        case .linkedin: return linkedInPlan(course: course, &h)
        case .skillsoft: return skillsoftPlan(course: course, &h)
        }
    }

    /// `progressed` 10 … 100 in steps of 10–30, one or two per session, then `completed` with the last.
    func linkedInPlan(course: SimulatedItem, _ h: inout SeededHash) -> [Session] {
        var sessions: [Session] = []
        var progress = 0
        while progress < 100 {
            var steps: [Step] = []
            for _ in 0..<h.int(in: 1...2) where progress < 100 {
                let next = min(100, progress + 10 * h.int(in: 1...3))
                steps.append(Step(verb: "progressed", progress: next, progressAsString: h.unit() < 0.3,
                                  durationSeconds: max(1, course.durationSeconds * (next - progress) / 100), completion: false))
                progress = next
            }
            sessions.append(Session(steps: steps))
        }
        sessions[sessions.count - 1].steps.append(
            Step(verb: "completed", progress: 100, progressAsString: h.unit() < 0.3, durationSeconds: course.durationSeconds,
                 completion: true))
        return sessions
    }

    /// arrived + initialized (Started), sometimes an `experienced` session, then completed or passed
    /// with a score and the time spent; sometimes a restart after the completion (a new attempt).
    func skillsoftPlan(course: SimulatedItem, _ h: inout SeededHash) -> [Session] {
        let assessed = course.rawType == "ASSESSMENT" || course.rawType == "BENCHMARK"
        func attempt() -> [Session] {
            var sessions = [Session(steps: [Step(verb: "arrived"), Step(verb: "initialized")])]
            var spent = h.int(in: 60...600)
            if h.unit() < 0.5 {
                sessions.append(Session(steps: [Step(verb: "experienced", durationSeconds: spent)]))
                spent += h.int(in: 60...900)
            }
            let passed = assessed || h.unit() < 0.3
            let scored = passed || h.unit() < 0.3
            sessions.append(Session(steps: [Step(verb: passed ? "passed" : "completed",
                                                 scorePercent: scored ? h.int(in: 55...100) : nil,
                                                 durationSeconds: spent, completion: true, success: passed ? true : nil)]))
            return sessions
        }
        var sessions = attempt()
        if h.unit() < 0.4 { sessions += attempt() }
        return sessions
    }
}
