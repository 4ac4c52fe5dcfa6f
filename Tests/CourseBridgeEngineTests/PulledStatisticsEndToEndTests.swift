import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
import CourseBridgeStore
import Foundation
import ProviderSimulator
import Testing

/// A sync against the simulator's edX and Coursera shapes (documented, and the legacy variants a
/// provider may still send) pulls the learner activity, and it lands as attempts on the synchronized
/// courses with their completion dates.
@Suite(.serialized) struct PulledStatisticsEndToEndTests {
    @Test(arguments: [Provider.edx, .coursera], ResponseShapes.allCases)
    func syncPullsActivityThatLandsAsAttempts(_ provider: Provider, _ shapes: ResponseShapes) async throws {
        let sim = try await SimulatorServer.start(options: SimulatorOptions(items: 300, seed: 5, credentials: .generated(seed: 5),
                                                                            shapes: shapes))
        let store = try Store.inMemory()
        let group = try store.addGroup(name: "Acme", parentId: nil, isPrivate: false)
        _ = try store.addUser(User(email: "admin@acme.example"))
        try store.setMember(groupId: group.id!, email: "admin@acme.example", role: .groupAdmin)
        let integration = try store.addIntegration(provider: provider, groupId: group.id!, authorEmail: "admin@acme.example",
                                                   apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider))
        try store.setCredentials(integrationId: integration.id!, values: sim.credentialValues(for: provider))
        for learner in 0..<sim.catalog.learnerCount { _ = try store.addUser(User(email: SimulatedCatalog.learnerEmail(learner))) }

        let engine = SyncEngine(store: store, statistics: PulledStatistics(store: store))
        try engine.start(integrationId: integration.id!, confirmArchive: true)
        let run = try #require(engine.wait(integrationId: integration.id!))
        #expect(run.phase == .succeeded, "\(run.message ?? "")")

        let rows = (0..<sim.catalog.enrollmentCount).map { sim.catalog.enrollment($0, for: provider) }
        let pairs = Set(rows.map { "\($0.email)|\($0.item.providerId)" })
        let completedPairs = Set(rows.filter(\.isCompleted).map { "\($0.email)|\($0.item.providerId)" })
        let reports = try store.attemptReports(AttemptReportQuery(integrationId: integration.id!))
        #expect(Set(reports.map { "\($0.userEmail)|\($0.providerId)" }) == pairs, "every enrolment lands on its course")
        let completed = reports.filter { $0.attempt.completionStatus == .completed }
        #expect(!completed.isEmpty)
        #expect(Set(completed.map { "\($0.userEmail)|\($0.providerId)" }) == completedPairs)
        #expect(reports.allSatisfy { $0.attempt.lastActivityAt != nil })
        // Completion dates are the provider's: exact for Coursera (epoch ms), the day for edX (passed_date).
        for report in completed {
            let dates = rows.filter { $0.email == report.userEmail && $0.item.providerId == report.providerId }.compactMap(\.completedAt)
            let got = try #require(report.attempt.completedAt)
            let matches = provider == .edx ? dates.contains { Self.day($0) == Self.day(got) } : dates.contains(got)
            #expect(matches, "\(report.userEmail) \(report.providerId): \(got) not in \(dates)")
        }
        await sim.stop()
    }

    static func day(_ date: Date) -> Int { Int(date.timeIntervalSince1970 / 86_400) }
}
