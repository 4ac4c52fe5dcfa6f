import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import Testing

/// What a learner sees of an attempt.
struct Seen: Equatable, CustomStringConvertible {
    var status: CompletionStatus
    var progress: Double
    var score: Double? = nil
    var time: Int = 0
    var result: AttemptResult? = nil

    init(_ status: CompletionStatus, _ progress: Double, score: Double? = nil, time: Int = 0, result: AttemptResult? = nil) {
        self.status = status
        self.progress = progress
        self.score = score
        self.time = time
        self.result = result
    }

    init(_ a: Attempt) {
        self.init(a.completionStatus, a.progressPercent, score: a.scorePercent, time: a.timeSpentSeconds, result: a.result)
    }

    var description: String { "\(status.rawValue) \(progress)% score \(score.map { "\($0)" } ?? "-") time \(time) \(result?.rawValue ?? "-")" }
}

/// One step a learner takes: a statement pushed at a day, or a launch from CourseBridge.
enum Step: Sendable {
    case push(verb: String, result: String? = nil, day: Double, object: String? = nil)
    case launch(day: Double)
}

struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var steps: [Step]
    var expected: [Seen]
    var testDescription: String { name }
}

func run(_ steps: [Step], provider: Provider, object: String, courseProviderId: String) throws -> [Attempt] {
    let f = try StatsFixture(provider: provider, configuredAt: day(5))
    try f.addUser("ann@acme.example")
    let courseId = try f.addCourse(courseProviderId, duration: 3_600)
    for step in steps {
        switch step {
        case .push(let verb, let result, let d, let o):
            f.clock.now = day(d)
            try f.push(statement(verb: verb, object: o ?? object, result: result, at: day(d)))
        case .launch(let d):
            f.clock.now = day(d)
            _ = try LaunchService(store: f.store, now: { day(d) }).launch(courseId: courseId, userEmail: "ann@acme.example")
        }
    }
    return try f.attempts("ann@acme.example", courseId: courseId)
}

// MARK: - LinkedIn Learning (seed 002)

let linkedInCases: [RuleCase] = [
    RuleCase(name: "a first statement from LinkedIn creates the attempt, progress live",
             steps: [.push(verb: Verb.progressed, result: progress("40"), day: 6)], expected: [Seen(.inProgress, 40)]),
    RuleCase(name: "progress sent as a string or number; a late lower value does not go back",
             steps: [.push(verb: Verb.progressed, result: progress("60"), day: 6), .push(verb: Verb.progressed, result: progress("25"), day: 7)],
             expected: [Seen(.inProgress, 60)]),
    RuleCase(name: "completion after setup: status, 100%, time spent = theoretical duration",
             steps: [.push(verb: Verb.progressed, result: progress("40"), day: 6), .push(verb: Verb.completed, day: 7)],
             expected: [Seen(.completed, 100, time: 3_600)]),
    RuleCase(name: "completion before the integration was configured is not shown",
             steps: [.push(verb: Verb.progressed, result: progress("40"), day: 3), .push(verb: Verb.completed, day: 4)],
             expected: [Seen(.inProgress, 40)]),
    RuleCase(name: "launch here sets 1%, then LinkedIn's progress takes over",
             steps: [.launch(day: 6), .push(verb: Verb.progressed, result: progress("30"), day: 6.5)],
             expected: [Seen(.inProgress, 30)]),
    RuleCase(name: "launch alone: attempt in progress at 1%", steps: [.launch(day: 6)], expected: [Seen(.inProgress, 1)]),
    RuleCase(name: "a statement after completion (LinkedIn sends nothing for retakes) opens no attempt",
             steps: [.push(verb: Verb.completed, day: 6), .push(verb: Verb.progressed, result: progress("10"), day: 8)],
             expected: [Seen(.completed, 100, time: 3_600)]),
    RuleCase(name: "no chapter-level statistics: a video object records nothing",
             steps: [.push(verb: Verb.completed, day: 6, object: "urn:lyndaVideo:77")], expected: []),
    RuleCase(name: "the catalog's urn:li: form is matched as well",
             steps: [.push(verb: Verb.progressed, result: progress("5"), day: 6, object: "urn:li:lyndaCourse:252")],
             expected: [Seen(.inProgress, 5)]),
]

@Test("LinkedIn Learning attempt rules", arguments: linkedInCases)
func linkedInRules(_ c: RuleCase) throws {
    let attempts = try run(c.steps, provider: .linkedin, object: "urn:lyndaCourse:252", courseProviderId: "urn:li:lyndaCourse:252")
    #expect(attempts.map(Seen.init) == c.expected)
}

@Test("LinkedIn completion date and time show as last activity")
func linkedInCompletionIsLastActivity() throws {
    let attempts = try run([.push(verb: Verb.progressed, result: progress("40"), day: 6), .push(verb: Verb.completed, day: 7)],
                           provider: .linkedin, object: "urn:lyndaCourse:252", courseProviderId: "urn:li:lyndaCourse:252")
    #expect(attempts.first?.completedAt == day(7))
    #expect(attempts.first?.lastActivityAt == day(7))
}

// MARK: - Skillsoft Percipio (seed 004)

let uuid = "8c5f2c7e-1111-4a8e-9d3e-0123456789ab"
let score80 = #"{"score":{"scaled":0.8},"duration":"PT10M"}"#
let score90 = #"{"score":{"scaled":0.9},"duration":"PT15M"}"#

let skillsoftCases: [RuleCase] = [
    RuleCase(name: "Started → 50, result null", steps: [.push(verb: Verb.arrived, day: 6)], expected: [Seen(.inProgress, 50)]),
    RuleCase(name: "Completed → 100, Success, score = lastScore, time = duration",
             steps: [.push(verb: Verb.arrived, day: 6), .push(verb: Verb.completed, result: score80, day: 7)],
             expected: [Seen(.completed, 100, score: 80, time: 600, result: .success)]),
    RuleCase(name: "a restart after completion starts a new attempt; latest score on all; time on the first only",
             steps: [.push(verb: Verb.completed, result: score80, day: 6), .push(verb: Verb.arrived, day: 8),
                     .push(verb: Verb.passed, result: score90, day: 9)],
             expected: [Seen(.completed, 100, score: 90, time: 900, result: .success), Seen(.completed, 100, score: 90, time: 0, result: .success)]),
    RuleCase(name: "launch here sets 50%", steps: [.launch(day: 6)], expected: [Seen(.inProgress, 50)]),
    RuleCase(name: "other verbs (failed) carry a score but no status",
             steps: [.push(verb: Verb.arrived, day: 6), .push(verb: Verb.adl + "failed", result: #"{"score":{"raw":3,"max":10}}"#, day: 7)],
             expected: [Seen(.inProgress, 50, score: 30)]),
    RuleCase(name: "every language version and the xapiActivityId count for the one course",
             steps: [.push(verb: Verb.arrived, day: 6, object: "https://xapi.percipio.com/xapi/book/\(uuid)"),
                     .push(verb: Verb.completed, day: 7, object: "https://xapi.percipio.com/xapi/course/\(uuid.uppercased())")],
             expected: [Seen(.completed, 100, result: .success)]),
]

@Test("Skillsoft attempt rules", arguments: skillsoftCases)
func skillsoftRules(_ c: RuleCase) throws {
    let attempts = try run(c.steps, provider: .skillsoft, object: "https://xapi.percipio.com/xapi/course/\(uuid)", courseProviderId: uuid)
    #expect(attempts.map(Seen.init) == c.expected)
}

@Test("Skillsoft last activity is completedDate, else lastAccess")
func skillsoftLastActivity() throws {
    let started = try run([.push(verb: Verb.arrived, day: 6)], provider: .skillsoft,
                          object: "https://xapi.percipio.com/xapi/course/\(uuid)", courseProviderId: uuid)
    #expect(started.first?.lastActivityAt == day(6))
    let done = try run([.push(verb: Verb.arrived, day: 6), .push(verb: Verb.completed, day: 7)], provider: .skillsoft,
                       object: "https://xapi.percipio.com/xapi/course/\(uuid)", courseProviderId: uuid)
    #expect(done.first?.lastActivityAt == day(7))
    #expect(done.first?.completedAt == day(7))
}
