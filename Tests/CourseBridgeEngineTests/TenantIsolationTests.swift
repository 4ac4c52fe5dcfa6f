import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

/// Two integrations of one provider on two groups (#1 on Acme, #2 on Globex), course 1 synchronized by #1,
/// course 2 by #2, and learner Ann (security review H3).
private struct TwoTenants {
    let store: Store
    let first: Integration
    let second: Integration
    let ingestor: StatementIngestor

    init(provider: Provider) throws {
        let clock = TestClock(day(10))
        store = try Store.inMemory(now: { clock.now })
        let admin = try store.addUser(User(email: "admin@acme.example"))
        var integrations: [Integration] = []
        for name in ["Acme", "Globex"] {
            let group = try store.addGroup(name: name, parentId: nil, isPrivate: false)
            try store.setMember(groupId: group.id!, email: admin.email, role: .groupAdmin)
            integrations.append(try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: admin.email, apiBase: nil, tokenURL: nil))
        }
        _ = try store.addUser(User(email: "ann@acme.example"))
        let ids = integrations.map { $0.id! }
        try store.writer.write { db in
            try db.execute(sql: "UPDATE integration SET configured_at = ?", arguments: [day(0).timeIntervalSince1970])
            for (n, id) in ids.enumerated() {
                let providerId = provider == .linkedin ? "urn:li:lyndaCourse:\(n + 1)" : "course-\(n + 1)"
                try db.execute(sql: """
                    INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 3600, 'https://provider.example/launch', 0, 0)
                    """, arguments: [id, provider.rawValue, providerId, "Course \(n + 1)"])
            }
        }
        first = try store.integration(id: ids[0])
        second = try store.integration(id: ids[1])
        ingestor = StatementIngestor(store: store, now: { clock.now })
    }

    /// What the token of `integration` sends, as the server parses it.
    @discardableResult
    func push(_ json: String, as integration: Integration) throws -> [IngestedStatement] {
        let statements = try XAPIStatementParser.parse(body: Data(json.utf8), options: .for(integration.provider))
        return try ingestor.ingest(statements, integration: integration)
    }

    func attempts(courseId: Int64) throws -> [Seen] {
        try store.attempts(userId: try store.user(email: "ann@acme.example").id!, courseId: courseId).map(Seen.init)
    }

    func stored(_ id: String, of integration: Integration) throws -> StoredStatement? {
        try store.statements(integrationId: integration.id!).first { $0.statementId == id }
    }
}

@Suite struct TenantIsolationTests {
    @Test("a token of integration #2 cannot write onto integration #1's course: the statement is quarantined and says why")
    func foreignCourseIsQuarantined() throws {
        let t = try TwoTenants(provider: .linkedin)
        let own = UUID().uuidString, foreign = UUID().uuidString
        try t.push(statement(id: own, verb: Verb.progressed, object: "urn:lyndaCourse:1", result: progress("40"), at: day(5)), as: t.first)
        #expect(try t.attempts(courseId: 1) == [Seen(.inProgress, 40)])

        try t.push(statement(id: foreign, verb: Verb.completed, object: "urn:lyndaCourse:1", at: day(6)), as: t.second)
        let row = try #require(try t.stored(foreign, of: t.second))
        #expect(row.outcome == .quarantined)
        #expect(row.reason?.contains("belongs to another integration (#1), not to this token's integration #2") == true, "\(row.reason ?? "")")
        #expect(row.courseId == nil)
        #expect(try t.attempts(courseId: 1) == [Seen(.inProgress, 40)], "integration #1's attempt is untouched")

        // Its own course still works for #2, and replaying the quarantine does not let the statement through.
        try t.push(statement(verb: Verb.progressed, object: "urn:lyndaCourse:2", result: progress("10"), at: day(6)), as: t.second)
        #expect(try t.attempts(courseId: 2) == [Seen(.inProgress, 10)])
        _ = try t.ingestor.replayQuarantined()
        #expect(try t.stored(foreign, of: t.second)?.outcome == .quarantined)
        #expect(try t.attempts(courseId: 1) == [Seen(.inProgress, 40)])
    }

    @Test("pulled records of one integration never touch another integration's course")
    func pulledStaysInItsIntegration() throws {
        let t = try TwoTenants(provider: .coursera)
        let pulled = PulledStatistics(store: t.store, now: { day(10) })
        let counts: PulledCounts = try pulled.applyPulled([
            LearnerActivityRecord(email: "ann@acme.example", contentId: "course-1", isCompleted: true, progressPercent: 100),
            LearnerActivityRecord(email: "ann@acme.example", contentId: "course-2", isCompleted: false, progressPercent: 30),
        ], integration: t.second)
        #expect(counts.applied == 1 && counts.otherIntegration == 1)
        #expect(try t.attempts(courseId: 1).isEmpty)
        #expect(try t.attempts(courseId: 2) == [Seen(.inProgress, 30)])
    }
}
