@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// History and run detail read the engine's typed run records (issue 15): outcome and trigger print as the CLI
/// prints them, and a run's errors and warnings are listed with their kind and item.
@Suite("Run history from typed run records")
struct RunHistoryTests {
    private func screen(_ m: ConsoleModel) -> String {
        var buf = ScreenBuffer(width: 100, height: 30)
        render(m, into: &buf)
        return buf.text
    }

    static let failed = SyncRunRecord(
        id: 9, integrationId: 1, trigger: .schedule, startedAt: Fixtures.now.addingTimeInterval(-600), endedAt: Fixtures.now.addingTimeInterval(-595),
        outcome: .failed, reason: "LinkedIn Learning refused the credentials (401)", counts: SyncPlanCounts(created: 3), pages: 1, itemsSeen: 3,
        warnings: 1, errors: [RunMessage(kind: .error, message: "LinkedIn Learning refused the credentials (401)"),
                              RunMessage(kind: .error, providerId: "urn:li:lyndaCourse:12", message: "no title"),
                              RunMessage(kind: .warning, providerId: "urn:li:lyndaCourse:13", message: "no language")])
    static let held = SyncRunRecord(id: 8, integrationId: 1, trigger: .startup, startedAt: Fixtures.now.addingTimeInterval(-900),
                                    endedAt: Fixtures.now.addingTimeInterval(-890), outcome: .held, reason: "would archive 60%",
                                    counts: SyncPlanCounts(), pages: 1, itemsSeen: 10, warnings: 0, errors: [])

    private func history() -> ConsoleModel {
        var m = Fixtures.model()
        press(&m, .char("h"))
        _ = update(&m, .loaded(.runs([Self.failed, Self.held])))
        return m
    }

    @Test func historyCountsRunsWithErrorsAndPrintsOutcomesAsTheCLIDoes() {
        let text = screen(history())
        #expect(text.contains("2 runs · 1 with errors · 1 with warnings · newest first"))
        let rows = text.split(separator: "\n")
        #expect(rows.contains { $0.contains("schedule") && $0.contains("failed") }, "\(text)")
        #expect(rows.contains { $0.contains("startup") && $0.contains("held") }, "\(text)")
    }

    @Test func theFilterMatchesOutcomeAndTrigger() {
        var m = history()
        press(&m, .char("/"))
        type(&m, "startup")
        #expect(visibleRuns(m).map(\.id) == [8])
        m.list.filter = "failed"
        #expect(visibleRuns(m).map(\.id) == [9])
    }

    @Test func theDetailListsErrorsThenWarningsWithTheirItems() {
        var m = history()
        press(&m, .enter)
        #expect(m.screen == .runDetail(9))
        let text = screen(m)
        #expect(text.contains("Trigger       schedule"))
        #expect(text.contains("Outcome       failed"))
        #expect(text.contains("• error: LinkedIn Learning refused the credentials (401)"))
        #expect(text.contains("• error urn:li:lyndaCourse:12: no title"))
        #expect(text.contains("• warning urn:li:lyndaCourse:13: no language"))
    }

    @Test func theDashboardSaysOkOrTheOutcome() {
        var m = Fixtures.model()
        #expect(lastRunText(m, m.integrations[0]) == "ok 1h ago")
        var summary = m.integrations[0]
        summary.lastRun = Self.held
        _ = update(&m, .loaded(.dashboard([summary])))
        #expect(lastRunText(m, m.integrations[0]) == "held 14m ago")
    }
}
