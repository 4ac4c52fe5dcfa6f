@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

/// Sort markers, the failed-only history, the statistics export's path, overwrite and filter notice, and counts
/// in the right number (issue 17).
@Suite("list headers, history filter, export and plurals")
struct ListsExportAndPluralTests {
    private func screen(_ m: ConsoleModel, _ w: Int = 120, _ h: Int = 30) -> String {
        var buf = ScreenBuffer(width: w, height: h)
        render(m, into: &buf)
        return buf.text
    }

    @Test func theSortedStatisticsColumnCarriesItsDirection() {
        var m = Fixtures.model()
        press(&m, .char("l"))
        #expect(screen(m).contains("Last activity▼"), "\(screen(m))")
        m.statsQuery.sort = .progress
        m.statsQuery.descending = false
        let text = screen(m)
        #expect(text.contains("Prog▲") && !text.contains("Last activity▼"), "\(text)")
        // At 80 columns too.
        #expect(screen(m, 80, 24).contains("Prog▲"))
    }

    @Test func historyNarrowsToFailedRunsWithOneKey() {
        var m = Fixtures.model()
        press(&m, .char("h"))
        _ = update(&m, .loaded(.runs([RunHistoryTests.failed, RunHistoryTests.held])))
        #expect(screen(m, 80, 24).contains("f failed"), "the footer offers it")
        #expect(screen(m).contains("Started (UTC)▼"))
        press(&m, .char("f"))
        let text = screen(m)
        #expect(text.contains("Failed runs and runs with errors only: 1 run of 2"), "\(text)")
        #expect(!text.contains("startup"), "the held run without errors is hidden: \(text)")
        press(&m, .char("f"))
        #expect(screen(m).contains("2 runs · 1 with errors"))
    }

    @Test func theExportPromptNamesTheWholePathAndSaysWhenOnlyFilteredRowsGo() {
        var m = Fixtures.model()
        m.exportFolder = "/srv/reports"
        press(&m, .char("l"), .char("/"))
        type(&m, "ann")
        press(&m, .enter)
        _ = update(&m, .loaded(.stats(StatsQuery(search: "ann"), Page(offset: 0, rows: [], total: 3))))
        press(&m, .char("e"))
        let text = screen(m)
        #expect(text.contains("/srv/reports/learner-statistics.csv"), "\(text)")
        #expect(text.contains("Only the 3 rows matching 'ann' are written"), "\(text)")
    }

    @Test func anExistingFileIsNotReplacedWithoutAsking() throws {
        let path = NSTemporaryDirectory() + "cb-export-\(UUID().uuidString).csv"
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = [StatRow(learner: "ann@example.com", course: "Swift", progress: 50, score: nil, timeSpentSeconds: 60,
                            completion: "in progress", result: nil, lastActivity: nil, attempts: 1)]
        let runtime = ConsoleRuntime(services: FakeServices(statRows: rows))
        let q = StatsQuery(search: "ann")
        runtime.perform(.exportStats(q, path: path, overwrite: false))
        runtime.settle()
        let asked = runtime.drain()
        #expect(asked == [.loaded(.exportExists(q, path: path))])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")

        var m = Fixtures.model()
        for msg in asked { _ = update(&m, msg) }
        guard case .confirm(let c)? = m.overlay else { Issue.record("no question before replacing"); return }
        #expect(c.title == "Replace the existing file?" && !c.focusOnConfirm)
        let effects = press(&m, .char("y"))
        #expect(effects == [.exportStats(q, path: path, overwrite: true)])

        runtime.perform(effects[0])
        runtime.settle()
        let done = runtime.drain()
        #expect(done == [.done("Exported 1 row matching 'ann' (only the filtered rows; Esc clears the filter) to \(path).")])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("ann@example.com"))
    }

    @Test func oneCourseIsSingularOnTheSettingsScreen() {
        var m = ConsoleModel(now: Fixtures.now)
        var one = Fixtures.linkedIn
        one.activeCourses = 1
        _ = update(&m, .loaded(.dashboard([one])))
        press(&m, .enter)
        let text = screen(m)
        #expect(text.contains("archives 1 course") && !text.contains("1 courses"), "\(text)")
    }
}
