import CourseBridgeCore
@testable import CourseBridgeEngine
import Foundation
import Testing

/// A new statement's duplicate check also finds the statement voiding it: the answer must follow the writes
/// of the request (and their undoing) it is asked in.
@Suite("voider found with the duplicate check")
struct VoiderLookupTests {
    let course = "urn:lyndaCourse:252"
    let target = "22222222-3333-4444-8555-666666666666"

    @Test("a voiding statement earlier in the same request voids the statement after it; the others count")
    func voiderInTheSameRequest() throws {
        let f = try StatsFixture.linkedInWithAnn()
        let results = try f.push("[" + voiding(target) + ","
            + statement(id: target, verb: Verb.completed, object: course, at: day(6)) + ","
            + statement(id: "other", verb: Verb.progressed, object: course, result: progress("30"), at: day(6)) + "]")
        #expect(results.map(\.outcome) == [.applied, .voided, .applied])
        #expect(try f.attempts("ann@acme.example").map(Seen.init) == [Seen(.inProgress, 30)])
    }

    @Test("a voiding statement of a refused request does not void the statement when it comes")
    func refusedVoider() throws {
        let f = try StatsFixture.linkedInWithAnn()
        try f.push(statement(id: "x", verb: Verb.progressed, object: course, result: progress("10"), at: day(6)))
        let refused = "[" + voiding(target) + "," + statement(id: "x", verb: Verb.progressed, object: course, result: progress("20"), at: day(6)) + "]"
        #expect(throws: StatisticsError.self) { try f.push(refused) }
        let results = try f.push(statement(id: target, verb: Verb.completed, object: course, at: day(7)))
        #expect(results.map(\.outcome) == [.applied])
        #expect(try f.attempts("ann@acme.example").map(Seen.init) == [Seen(.completed, 100, time: 3_600)])
    }
}
