import CourseBridgeCore
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Ingestion keeps learners' attempts in memory between its commits; what a statement sees must still be what the
/// database holds: after a write outside ingestion, after a refused request, after a voiding statement.
@Suite("attempts kept between ingestion commits")
struct IngestAttemptMemoryTests {
    let course = "urn:lyndaCourse:252"
    let voidedId = "11111111-2222-4333-8444-555555555555"

    @Test("attempts removed outside ingestion are not brought back by the next statement")
    func writeOutsideIngestion() throws {
        let f = try StatsFixture.linkedInWithAnn()
        try f.push(statement(verb: Verb.progressed, object: course, result: progress("40"), at: day(6)))
        try f.store.writer.write { db in try db.execute(sql: "DELETE FROM attempt") }
        try f.push(statement(verb: Verb.progressed, object: course, result: progress("30"), at: day(7)))
        #expect(try f.attempts("ann@acme.example").map(Seen.init) == [Seen(.inProgress, 30)])
    }

    @Test("a refused request's attempt changes are undone for the statements after it")
    func refusedRequest() throws {
        let f = try StatsFixture.linkedInWithAnn()
        try f.push(statement(id: "a", verb: Verb.progressed, object: course, result: progress("40"), at: day(6)))
        let refused = "[" + statement(id: "b", verb: Verb.progressed, object: course, result: progress("60"), at: day(7)) + ","
            + statement(id: "a", verb: Verb.progressed, object: course, result: progress("45"), at: day(6)) + "]"
        #expect(throws: StatisticsError.self) { try f.push(refused) }
        try f.push(statement(id: "c", verb: Verb.progressed, object: course, result: progress("50"), at: day(8)))
        #expect(try f.attempts("ann@acme.example").map(Seen.init) == [Seen(.inProgress, 50)])
    }

    @Test("a voiding statement's recomputed attempts are what the next statement builds on")
    func voidingThenMore() throws {
        let f = try StatsFixture.linkedInWithAnn()
        try f.push(statement(id: "a", verb: Verb.progressed, object: course, result: progress("40"), at: day(6)))
        try f.push(statement(id: voidedId, verb: Verb.progressed, object: course, result: progress("80"), at: day(7)))
        try f.push(voiding(voidedId))
        try f.push(statement(id: "c", verb: Verb.progressed, object: course, result: progress("50"), at: day(8)))
        #expect(try f.attempts("ann@acme.example").map(Seen.init) == [Seen(.inProgress, 50)])
    }
}
