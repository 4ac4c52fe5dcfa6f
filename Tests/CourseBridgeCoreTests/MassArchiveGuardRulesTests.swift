import Foundation
import Testing
@testable import CourseBridgeCore

struct MassArchiveGuardRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        let toArchive: Int
        let active: Int
        let confirmed: Bool
        let held: Bool
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "empty catalog answer would archive all 500: held", toArchive: 500, active: 500, confirmed: false, held: true),
        Row(rule: "21 of 100 (more than 20%): held", toArchive: 21, active: 100, confirmed: false, held: true),
        Row(rule: "exactly 20% (20 of 100): proceeds", toArchive: 20, active: 100, confirmed: false, held: false),
        Row(rule: "exactly 20% (3 of 15): proceeds", toArchive: 3, active: 15, confirmed: false, held: false),
        Row(rule: "a few retirements: proceeds", toArchive: 2, active: 100, confirmed: false, held: false),
        Row(rule: "no active course: nothing to protect", toArchive: 0, active: 0, confirmed: false, held: false),
        Row(rule: "nothing to archive: proceeds", toArchive: 0, active: 10, confirmed: false, held: false),
        Row(rule: "confirmed with --confirm-archive: proceeds", toArchive: 500, active: 500, confirmed: true, held: false),
    ]

    @Test(arguments: rows)
    func guardDecision(_ row: Row) {
        let decision = MassArchiveGuard.decide(toArchive: row.toArchive, activeCourses: row.active, confirmed: row.confirmed)
        #expect(decision.isHeld == row.held)
    }

    @Test func heldMessageSaysHowManyAndWhatToDo() {
        let d = MassArchiveGuard.decide(toArchive: 30, activeCourses: 100)
        #expect(d == .hold(toArchive: 30, activeCourses: 100, threshold: 0.2))
        #expect(d.description.contains("30 of 100 active courses (30%)"))
        #expect(d.description.contains("--confirm-archive"))
    }

    @Test func customThreshold() {
        #expect(MassArchiveGuard.decide(toArchive: 30, activeCourses: 100, threshold: 0.5) == .proceed)
        #expect(MassArchiveGuard.decide(toArchive: 51, activeCourses: 100, threshold: 0.5).isHeld)
    }
}
