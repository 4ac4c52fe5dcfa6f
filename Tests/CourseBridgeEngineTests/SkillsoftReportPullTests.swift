import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeProviders
import CourseBridgeStore
import Foundation
import ProviderSimulator
import Synchronization
import Testing

/// Percipio's second feed (findings S0, S1): the daily sync requests the learning activity report, waits
/// through the documented empty body and IN_PROGRESS (shown in the run's progress), and applies its rows
/// with the same Skillsoft rules as the pushed statements: one attempt per learner and content, whatever
/// the feed.
@Suite(.serialized) struct SkillsoftReportPullTests {
    @Test func theDailySyncPullsTheReportAndKeepsOneAttemptWithThePushedStatements() async throws {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 200, seed: 21, credentials: .generated(seed: 21)))
        let store = try Store.inMemory()
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: "admin@acme.example", role: .groupAdmin)
        let added = try store.addIntegration(provider: .skillsoft, groupId: group.id!, authorEmail: "admin@acme.example",
                                             apiBase: sim.apiBase(for: .skillsoft), tokenURL: nil)
        let id = added.id!
        try store.setCredentials(integrationId: id, values: sim.credentialValues(for: .skillsoft))
        let rows = (0..<sim.catalog.enrollmentCount).map { sim.catalog.enrollment($0, for: .skillsoft) }
        for email in Set(rows.map(\.email)) { _ = try store.addUser(User(email: email)) }

        // The real client and simulator, but no real sleeping between report polls.
        let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store), makeSource: { integration, credentials, options in
            var options = options
            options.sleeper = Sleeper { _ in }
            return try SyncEngine.defaultSource(integration, credentials, options)
        })
        let waits = Mutex<[Double]>([])
        let token = engine.subscribe { p in if let w = p.reportWaitSeconds { waits.withLock { $0.append(w) } } }
        defer { engine.unsubscribe(token) }

        try engine.start(integrationId: id, confirmArchive: true)
        let first = try #require(engine.wait(integrationId: id))
        #expect(first.phase == .succeeded, "\(first.message ?? "")")
        #expect(waits.withLock { $0 } == [5, 15], "the waits for the report show in the run's progress")

        let courses = Dictionary(uniqueKeysWithValues: try store.courses(CourseQuery(integrationId: id)).map { ($0.providerId, $0.id!) })
        let byPair = Dictionary(grouping: rows.filter { courses[$0.item.providerId] != nil }) { "\($0.email) \($0.item.providerId)" }
        let single = byPair.values.filter { $0.count == 1 }.map { $0[0] }
        #expect(!single.isEmpty)

        // The push feed reports one completed learner too, before and after the day's report.
        let done = try #require(single.first { $0.completedAt != nil })
        let integration = try store.integration(id: id)
        let ingestor = StatementIngestor(store: store)
        let object = "https://xapi.percipio.com/xapi/course/\(done.item.providerId)"
        for (verb, at) in [("https://xapi.percipio.com/xapi/verbs/arrived", done.firstAccessAt),
                           ("http://adlnet.gov/expapi/verbs/completed", done.completedAt!)] {
            let json = #"{"actor":{"mbox":"mailto:\#(done.email)"},"verb":{"id":"\#(verb)"},"object":{"id":"\#(object)"},"timestamp":"\#(ISO8601DateFormatter().string(from: at))"}"#
            _ = try ingestor.ingest(try XAPIStatementParser.parse(body: Data(json.utf8), options: .for(.skillsoft)), integration: integration)
        }
        try engine.start(integrationId: id, confirmArchive: true)
        #expect(try #require(engine.wait(integrationId: id)).phase == .succeeded)

        for row in single {
            let user = try store.user(email: row.email)
            let attempts = try store.attempts(userId: user.id!, courseId: courses[row.item.providerId]!)
            #expect(attempts.count == 1, "\(row.email) on \(row.item.providerId): one attempt whatever the feed")
            #expect(attempts.first?.completionStatus == (row.isCompleted ? .completed : .inProgress))
        }
        await sim.stop()
    }
}
