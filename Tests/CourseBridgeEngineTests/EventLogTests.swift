import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import Testing

/// The event log (issue 17): kept in the database, newest first, filterable; statement traffic aggregated.
@Suite struct EventLogTests {
    @Test func eventsComeBackNewestFirstAndFiltered() throws {
        let clock = TestClock(day(1))
        let store = try Store.inMemory(now: { clock.now })
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: "admin@acme.example", role: .groupAdmin)
        let a = try store.addIntegration(provider: .linkedin, groupId: group.id!, authorEmail: "admin@acme.example", apiBase: nil, tokenURL: nil)
        try store.appendEvent(.syncStarted, integrationId: a.id, message: "LinkedIn Learning sync #1 started by hand")
        clock.now = day(1, hour: 1)
        try store.appendEvent(.syncEnded, severity: .error, integrationId: a.id, message: "LinkedIn Learning sync #1 failed: token refused")
        clock.now = day(1, hour: 2)
        try store.appendEvent(.tokenFailure, severity: .warning, integrationId: nil, message: "3 Skillsoft token requests refused")

        let all = try store.events(EventQuery())
        #expect(all.map(\.kind) == [.tokenFailure, .syncEnded, .syncStarted])
        #expect(all.first?.at == day(1, hour: 2))
        #expect(try store.events(EventQuery(kinds: [.syncEnded])).map(\.message) == ["LinkedIn Learning sync #1 failed: token refused"])
        #expect(try store.events(EventQuery(integrationId: a.id)).count == 2)
        #expect(try store.events(EventQuery(text: "TOKEN")).count == 2)
        #expect(try store.events(EventQuery(limit: 1)).count == 1)
    }

    @Test(arguments: [
        // (applied, quarantined, duplicates, refused) → the lines written
        (3, 0, 0, 0, ["statements: 3 statements in 1 request over 10 s: 3 applied"]),
        (1, 2, 1, 0, ["statements: 3 statements in 1 request over 10 s: 1 applied, 2 quarantined; 1 duplicate ignored",
                      "quarantine: 2 statements quarantined, e.g. no such learner; see coursebridge quarantine list"]),
        (0, 0, 0, 2, ["error: 2 statements requests refused (nothing stored)"]),
    ] as [(Int, Int, Int, Int, [String])])
    func statementTrafficBecomesOneLinePerKind(applied: Int, quarantined: Int, duplicates: Int, refused: Int, expected: [String]) {
        var tally = IntakeLog.Tally()
        tally.requests = 1
        tally.stored = applied + quarantined
        tally.duplicates = duplicates
        if applied > 0 { tally.outcomes[.applied] = applied }
        if quarantined > 0 { tally.outcomes[.quarantined] = quarantined; tally.firstQuarantineReason = "no such learner" }
        tally.refused = refused
        #expect(IntakeLog.lines(tally, seconds: 10).map { "\($0.kind.rawValue): \($0.message)" } == expected)
    }

    @Test func intakeIsWrittenOncePerIntervalNotPerRequest() throws {
        let fixture = try StatsFixture(provider: .linkedin)
        let clock = fixture.clock
        let log = IntakeLog(store: fixture.store, interval: 10, now: { clock.now })
        let id = fixture.integration.id!
        for n in 0..<50 {
            log.statements(integrationId: id, [IngestedStatement(id: "s\(n)", outcome: .applied, reason: nil)])
        }
        log.tokenFailure(provider: .linkedin, detail: "client id 'x' from 127.0.0.9")
        #expect(try fixture.store.events(EventQuery()).isEmpty, "nothing written before the interval")
        clock.now = clock.now.addingTimeInterval(11)
        log.statements(integrationId: id, [IngestedStatement(id: "late", outcome: .quarantined, reason: "learner unknown")])
        let events = try fixture.store.events(EventQuery())
        #expect(events.count == 3, "\(events.map(\.message))")
        #expect(events.contains { $0.kind == .statements && $0.message.hasPrefix("51 statements in 51 requests") })
        #expect(events.contains { $0.kind == .quarantine && $0.message.contains("learner unknown") })
        #expect(events.contains { $0.kind == .tokenFailure && $0.message.contains("1 LinkedIn Learning token request refused") })
    }
}
