import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import Testing

private let course252 = "urn:lyndaCourse:252"

// MARK: - Learner identification

struct ModeCase: Sendable, CustomTestStringConvertible {
    var mode: LearnerIdentification
    var actor: String
    var expected: StatementOutcome
    var testDescription: String { "\(mode.rawValue): \(actor) → \(expected.rawValue)" }
}

let modeCases: [ModeCase] = [
    ModeCase(mode: .email, actor: #"{"mbox":"mailto:ANN@Acme.Example"}"#, expected: .applied),
    ModeCase(mode: .email, actor: #"{"account":{"homePage":"https://x.example","name":"ann"}}"#, expected: .quarantined),
    ModeCase(mode: .username, actor: #"{"account":{"homePage":"https://x.example","name":"ann"}}"#, expected: .applied),
    ModeCase(mode: .username, actor: #"{"account":{"homepage":"https://x.example","name":"nobody"}}"#, expected: .quarantined),
    ModeCase(mode: .externalId, actor: #"{"account":{"homePage":"https://x.example","name":"E-1"}}"#, expected: .applied),
    ModeCase(mode: .externalId, actor: #"{"account":{"homePage":"https://x.example","name":"SHARED"}}"#, expected: .skipped),
]

@Test("learner identification modes", arguments: modeCases)
func learnerIdentification(_ c: ModeCase) throws {
    let f = try StatsFixture(provider: .linkedin, mode: c.mode)
    try f.addUser("ann@acme.example", username: "ann", externalId: "E-1")
    try f.addUser("bob@acme.example", username: "bob", externalId: "SHARED")
    try f.addUser("cid@acme.example", username: "cid", externalId: "SHARED")
    try f.addCourse("urn:li:lyndaCourse:252")
    let result = try f.push(statement(actor: c.actor, verb: Verb.progressed, object: course252, result: progress("20")))
    #expect(result.first?.outcome == c.expected)
    let recorded = try f.store.attemptReports(AttemptReportQuery())
    #expect(recorded.count == (c.expected == .applied ? 1 : 0))
    if c.expected != .applied { #expect(result.first?.reason?.isEmpty == false) }
}

// MARK: - Quarantine and replay

@Test("an unknown learner or course is quarantined with its reason and counts after replay")
func quarantineAndReplay() throws {
    let f = try StatsFixture(provider: .linkedin)
    let r = try f.push("[" + statement(id: "s-1", verb: Verb.progressed, object: course252, result: progress("30"), at: day(6)) + ","
                       + statement(id: "s-2", verb: Verb.progressed, object: course252, result: progress("50"), at: day(7)) + "]")
    #expect(r.map(\.outcome) == [.quarantined, .quarantined])
    #expect(r[0].reason?.contains("ann@acme.example") == true)

    try f.addUser("ann@acme.example")
    var counts = try f.ingestor.replayQuarantined()
    #expect(counts.stillQuarantined == 2)
    #expect(try f.store.quarantinedStatements().first?.reason?.contains("no LinkedIn Learning course") == true)

    let courseId = try f.addCourse("urn:li:lyndaCourse:252")
    counts = try f.ingestor.replayQuarantined()
    #expect(counts.applied == 2)
    #expect(try f.store.quarantinedStatements().isEmpty)
    #expect(try f.attempts("ann@acme.example", courseId: courseId).map(Seen.init) == [Seen(.inProgress, 50)])
}

@Test("replay of one statement by its id leaves the others in quarantine")
func replayOne() throws {
    let f = try StatsFixture(provider: .linkedin)
    try f.addCourse("urn:li:lyndaCourse:252")
    try f.push(statement(id: "q-1", verb: Verb.progressed, object: course252))
    try f.push(statement(id: "q-2", actor: #"{"mbox":"mailto:bob@acme.example"}"#, verb: Verb.progressed, object: course252))
    try f.addUser("ann@acme.example")
    try f.addUser("bob@acme.example")
    #expect(try f.ingestor.replayQuarantined("q-1").applied == 1)
    #expect(try f.store.quarantinedStatements().map(\.statementId) == ["q-2"])
    #expect(throws: StatisticsError.self) { try f.ingestor.replayQuarantined("nope") }
}

// MARK: - Idempotency, conflicts, batches

@Test("the same id and content is accepted and counted once; different content is a conflict that stores nothing")
func idempotency() throws {
    let f = try StatsFixture(provider: .linkedin)
    try f.addUser("ann@acme.example")
    let courseId = try f.addCourse("urn:li:lyndaCourse:252")
    let s = statement(id: "x-1", verb: Verb.completed, object: course252, at: day(6))
    #expect(try f.push(s).first?.outcome == .applied)
    #expect(try f.push(s).first?.isDuplicate == true)
    #expect(try f.attempts("ann@acme.example", courseId: courseId).count == 1)

    let changed = statement(id: "x-1", verb: Verb.progressed, object: course252, at: day(6))
    let fresh = statement(id: "x-2", verb: Verb.progressed, object: course252, at: day(6))
    #expect(throws: StatisticsError.self) { try f.push("[" + fresh + "," + changed + "]") }
    // All-or-nothing: the good statement of the failed batch was not kept either.
    #expect(try f.outcomes()["x-2"] == nil)
    #expect(try f.outcomes().count == 1)
}

@Test("ids are generated for statements without one, in order")
func generatedIds() throws {
    let f = try StatsFixture(provider: .linkedin)
    let r = try f.push("[" + statement(verb: Verb.progressed, object: course252) + "," + statement(id: "given", verb: Verb.progressed, object: course252) + "]")
    #expect(r.count == 2)
    #expect(UUID(uuidString: r[0].id) != nil)
    #expect(r[1].id == "given")
    #expect(try f.store.statements(integrationId: f.integration.id!).first?.body.contains(r[0].id) == true)
}

// MARK: - Voiding

@Test("voiding removes the voided statement's effect, whichever arrives first", arguments: [false, true])
func voiding(voidFirst: Bool) throws {
    let f = try StatsFixture(provider: .linkedin)
    try f.addUser("ann@acme.example")
    let courseId = try f.addCourse("urn:li:lyndaCourse:252")
    let target = "11111111-2222-4333-8444-555555555555"
    try f.push(statement(verb: Verb.progressed, object: course252, result: progress("20"), at: day(6)))
    let completion = statement(id: target, verb: Verb.completed, object: course252, at: day(7))
    if voidFirst {
        try f.push(voiding(target))
        try f.push(completion)
    } else {
        try f.push(completion)
        #expect(try f.attempts("ann@acme.example", courseId: courseId).map(Seen.init) == [Seen(.completed, 100, time: 3_600)])
        try f.push(voiding(target))
    }
    #expect(try f.outcomes()[target] == .voided)
    #expect(try f.attempts("ann@acme.example", courseId: courseId).map(Seen.init) == [Seen(.inProgress, 20)])
}

// MARK: - Pulled statistics and reports

@Test("pulled Coursera records go through the same attempts; unknown learners and courses are counted")
func pulledCoursera() throws {
    let f = try StatsFixture(provider: .coursera)
    try f.addUser("ann@acme.example")
    let courseId = try f.addCourse("ml-101")
    let pulled = PulledStatistics(store: f.store, now: { day(10) })
    let counts: PulledCounts = try pulled.applyPulled([
        LearnerActivityRecord(email: "ann@acme.example", contentId: "ml-101", isCompleted: false, progressPercent: 40, scorePercent: 70,
                              lastActivityAt: day(9), resources: [ResourceTime(id: "r1", name: "Intro", timeSpentSeconds: 120),
                                                                  ResourceTime(id: "r2", name: "Quiz", timeSpentSeconds: 60)]),
        LearnerActivityRecord(email: "zed@acme.example", contentId: "ml-101", isCompleted: true),
        LearnerActivityRecord(email: "ann@acme.example", contentId: "unknown", isCompleted: true),
    ], integration: f.integration)
    #expect(counts.applied == 1 && counts.unknownLearner == 1 && counts.unknownCourse == 1)
    #expect(try f.attempts("ann@acme.example", courseId: courseId).map(Seen.init) == [Seen(.inProgress, 40, score: 70, time: 180)])
}

@Test("Percipio report rows repair a lost push with the same Skillsoft rules")
func skillsoftReport() throws {
    let f = try StatsFixture(provider: .skillsoft)
    try f.addUser("ann@acme.example")
    let courseId = try f.addCourse(uuid)
    try f.push(statement(verb: Verb.arrived, object: "https://xapi.percipio.com/xapi/course/\(uuid)", at: day(6)))
    try PulledStatistics(store: f.store).applyReport([
        .init(emailAddress: "ann@acme.example", contentUuid: uuid, status: "Completed", lastScore: 75, durationSeconds: 625,
              completedDate: day(7), lastAccess: day(7)),
    ], integration: f.integration)
    #expect(try f.attempts("ann@acme.example", courseId: courseId).map(Seen.init) == [Seen(.completed, 100, score: 75, time: 625, result: .success)])
}
